import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, expectLocation, fakeGraphQL, renderScreen } from '../../test/graphql';
import { AccountNewView } from './AccountNewView';

const created = { data: { createAccount: { __typename: 'Account', id: '9', orgName: 'Acme', state: 'APPROVED' } } };

describe('AccountNewView', () => {
  it('creates an account without a user', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ CreateAccount: created });
    renderScreen(<AccountNewView />, { client: api.client });

    await user.type(screen.getByRole('textbox', { name: 'Organization/Group name' }), 'Acme');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    await expectLocation('/audience/accounts/9');
    expect(api.callsOf('CreateUser')).toEqual([]);
  });

  it('requires username and email once any admin user field is filled', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({});
    renderScreen(<AccountNewView />, { client: api.client });

    await user.type(screen.getByRole('textbox', { name: 'Organization/Group name' }), 'Acme');
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'not-an-email');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(screen.getByText('Enter a username.')).toBeInTheDocument();
    expect(screen.getByText('Enter an email address such as jane@example.com.')).toBeInTheDocument();
    expect(api.calls).toEqual([]);
  });

  it('keeps the created account when the admin user is refused, and only retries the user', async () => {
    const user = userEvent.setup();
    let attempts = 0;
    const api = fakeGraphQL({
      CreateAccount: created,
      CreateUser: () =>
        ++attempts === 1
          ? apiError('VALIDATION', 'password: must be at least 8 characters', 'input.password')
          : { data: { createUser: { __typename: 'User', id: 'u1', username: 'jane', email: 'jane@acme.test' } } },
    });
    renderScreen(<AccountNewView />, { client: api.client });

    await user.type(screen.getByRole('textbox', { name: 'Organization/Group name' }), 'Acme');
    await user.type(screen.getByRole('textbox', { name: 'Username' }), 'jane');
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'jane@acme.test');
    // Eight characters pass the form's check; the API still refuses it here.
    await user.type(screen.getByLabelText('Password'), 'abcdefgh');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByText('Must be at least 8 characters')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Organization/Group name' })).toBeDisabled();
    expect(api.callsOf('CreateUser')[0]).toEqual({
      input: { accountID: '9', username: 'jane', email: 'jane@acme.test', role: 'ADMIN' },
      password: 'abcdefgh',
    });

    await user.click(screen.getByRole('button', { name: 'Create admin user' }));
    await expectLocation('/audience/accounts/9');
    expect(api.callsOf('CreateAccount')).toHaveLength(1);
    expect(api.callsOf('CreateUser')).toHaveLength(2);
  });
});
