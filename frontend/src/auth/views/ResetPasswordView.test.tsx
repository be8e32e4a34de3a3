import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, fakeGraphQL, renderScreen } from '../../test/graphql';
import { ResetPasswordView } from './ResetPasswordView';

const token = 'a'.repeat(64);

async function choose(password: string, confirm = password) {
  const user = userEvent.setup();
  await user.type(screen.getByLabelText(/^New password/), password);
  await user.type(screen.getByLabelText(/^Confirm new password/), confirm);
  await user.click(screen.getByRole('button', { name: 'Change password' }));
}

describe('ResetPasswordView', () => {
  it('sets the new password with the link token, then sends to sign in', async () => {
    const api = fakeGraphQL({ ResetPassword: { data: { resetPassword: { __typename: 'AuthPayload', expiresIn: 900 } } } });
    renderScreen(<ResetPasswordView />, { client: api.client, path: `/reset-password?token=${token}` });

    await choose('New-password-for-jane-2');

    expect(await screen.findByRole('heading', { name: 'Password changed' })).toBeInTheDocument();
    expect(api.callsOf('ResetPassword')).toEqual([{ input: { token, password: 'New-password-for-jane-2' } }]);
    expect(screen.getByRole('link', { name: 'Go to sign in' })).toHaveAttribute('href', '/login');
  });

  it('checks the confirmation before calling the API', async () => {
    const api = fakeGraphQL({});
    renderScreen(<ResetPasswordView />, { client: api.client, path: `/reset-password?token=${token}` });

    await choose('New-password-for-jane-2', 'something else');

    expect(screen.getByText('The passwords do not match.')).toBeInTheDocument();
    expect(api.calls).toEqual([]);
  });

  it('puts the policy refusal next to the password', async () => {
    const api = fakeGraphQL({ ResetPassword: apiError('VALIDATION', 'password: must be at least 15 characters', 'input.password') });
    renderScreen(<ResetPasswordView />, { client: api.client, path: `/reset-password?token=${token}` });

    await choose('Short-pass-1');

    expect(await screen.findByText(/at least 15 characters/i)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Change password' })).toBeInTheDocument();
  });

  it('offers a new link when this one was used or expired', async () => {
    const api = fakeGraphQL({ ResetPassword: apiError('NOT_FOUND', 'this password reset link is not valid: it was used, or a newer one was sent') });
    renderScreen(<ResetPasswordView />, { client: api.client, path: `/reset-password?token=${token}` });

    await choose('New-password-for-jane-2');

    expect(await screen.findByRole('heading', { name: 'This link cannot be used' })).toBeInTheDocument();
    expect(screen.getByText('This password reset link is not valid: it was used, or a newer one was sent.')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Ask for a new link' })).toHaveAttribute('href', '/forgot-password');
  });

  it('says a link without its token is incomplete', () => {
    renderScreen(<ResetPasswordView />, { client: fakeGraphQL({}).client, path: '/reset-password' });
    expect(screen.getByText('This link is incomplete. Open the link from the email again.')).toBeInTheDocument();
  });
});
