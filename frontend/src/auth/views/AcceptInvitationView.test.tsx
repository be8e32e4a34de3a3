import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { fakeAuthApi, fakeSession, tokens } from '../../test/fakes';
import { apiError, expectLocation, fakeGraphQL, renderScreen, type Answer } from '../../test/graphql';
import { AuthProvider } from '../AuthProvider';
import { AcceptInvitationView } from './AcceptInvitationView';


const teamPolicy: Answer = {
  data: {
    invitationPasswordPolicy: { __typename: 'PasswordPolicy', minLength: 12, refusesCommon: true, requiresCharacterClasses: false },
  },
};

async function renderAccept(
  answer: Answer | ((variables: Record<string, unknown>) => Answer),
  path = '/accept-invitation?token=abc',
  policy: Answer = teamPolicy,
) {
  const api = fakeAuthApi({ login: async () => tokens() });
  const { session } = fakeSession(api);
  await session.restore();
  const graphql = fakeGraphQL({ AcceptInvitation: answer, InvitationPasswordPolicy: policy });
  renderScreen(
    <AuthProvider session={session} restoreOnMount={false}>
      <AcceptInvitationView />
    </AuthProvider>,
    { client: graphql.client, path, route: '/accept-invitation' },
  );
  return { api, graphql };
}

async function fillIn(password = 'Strong-pass1') {
  await userEvent.type(screen.getByLabelText(/Username/), 'jane');
  await userEvent.type(screen.getByLabelText(/First name/), 'Jane');
  await userEvent.type(screen.getByLabelText(/^Password/), password);
  await userEvent.type(screen.getByLabelText(/Confirm password/), password);
  await userEvent.click(screen.getByRole('button', { name: 'Create my user and sign in' }));
}

describe('AcceptInvitationView', () => {
  it('creates the member, signs them in and lands on the dashboard', async () => {
    const { api, graphql } = await renderAccept({ data: { acceptInvitation: { __typename: 'AuthPayload', expiresIn: 900 } } });
    await fillIn();
    await expectLocation('/dashboard');
    expect(graphql.callsOf('AcceptInvitation')[0]).toEqual({
      token: 'abc',
      username: 'jane',
      password: 'Strong-pass1',
      firstName: 'Jane',
      lastName: null,
    });
    expect(api.login).toHaveBeenCalledWith('jane', 'Strong-pass1');
  });

  it('checks the password against the policy of the invitation\'s tenant before sending', async () => {
    const { graphql } = await renderAccept({ data: null });
    expect(await screen.findByText('At least 12 characters. Common passwords are refused.')).toBeInTheDocument();
    expect(graphql.callsOf('InvitationPasswordPolicy')).toEqual([{ token: 'abc' }]);
    await fillIn('elevenchars');
    expect(screen.getByText('Must be at least 12 characters.')).toBeInTheDocument();
    expect(graphql.callsOf('AcceptInvitation')).toHaveLength(0);
  });

  it('names every rule of a strict policy', async () => {
    await renderAccept({ data: null }, undefined, {
      data: { invitationPasswordPolicy: { __typename: 'PasswordPolicy', minLength: 16, refusesCommon: false, requiresCharacterClasses: true } },
    });
    expect(
      await screen.findByText('At least 16 characters, with upper and lower case letters, a digit and a special character.'),
    ).toBeInTheDocument();
  });

  it('says a link is dead before anything is typed', async () => {
    await renderAccept({ data: null }, undefined, apiError('NOT_FOUND', 'this invitation link is not valid: it may have been replaced by a newer one'));
    expect(await screen.findByRole('heading', { name: 'This invitation cannot be used' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create my user and sign in' })).not.toBeInTheDocument();
  });

  it('shows the password policy and taken usernames next to the fields', async () => {
    await renderAccept(apiError('VALIDATION', 'password: must contain upper and lower case letters, a digit and a special character', 'password'));
    await fillIn('long-enough-pw');
    expect(await screen.findByText('Must contain upper and lower case letters, a digit and a special character')).toBeInTheDocument();
  });

  it.each([
    ['expired', apiError('CONFLICT', 'this invitation has expired'), 'This invitation has expired.'],
    ['revoked', apiError('CONFLICT', 'this invitation was revoked'), 'This invitation was revoked.'],
    ['used', apiError('CONFLICT', 'this invitation has already been accepted: log in instead'), 'This invitation has already been accepted: log in instead.'],
    ['unknown', apiError('NOT_FOUND', 'this invitation link is not valid: it may have been replaced by a newer one'), 'This invitation link is not valid'],
  ])('explains a %s link instead of the form', async (_kind, answer, message) => {
    await renderAccept(answer);
    await fillIn();
    expect(await screen.findByRole('heading', { name: 'This invitation cannot be used' })).toBeInTheDocument();
    expect(screen.getByText(new RegExp(message.replace(/[.:]/g, '.')))).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Create my user and sign in' })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to sign in' })).toBeInTheDocument();
  });

  it('explains a link without a token', async () => {
    await renderAccept({ data: null }, '/accept-invitation');
    expect(screen.getByText(/This link is incomplete/)).toBeInTheDocument();
  });
});
