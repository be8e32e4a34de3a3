import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, expectLocation, fakeGraphQL as fakeAPI, renderScreen, type Handler } from '../../test/graphql';
import { coreFields, recordField } from '../../test/recordFields';
import { AccountNewView } from './AccountNewView';

/** The fields a tenant without definitions offers. */
const plainFields = { data: { account: coreFields.account(null), user: coreFields.user(null, null) } };

/** The API with the form's fields answered (plain ones unless given). */
const fakeGraphQL = (handlers: Record<string, Handler>) => fakeAPI({ NewRecordFields: plainFields, ...handlers });

function signedUp(more: { admin?: object; invitation?: object; applications?: number } = {}) {
  return {
    data: {
      signUpAccount: {
        __typename: 'SignUpAccountPayload',
        account: { __typename: 'Account', id: '9', orgName: 'Acme', state: 'APPROVED' },
        admin: more.admin ?? null,
        invitation: more.invitation ?? null,
        applications: Array.from({ length: more.applications ?? 1 }, (_, i) => ({ __typename: 'Application', id: `a${i}` })),
      },
    },
  };
}

describe('AccountNewView', () => {
  it('creates the account with its admin user in one mutation', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ SignUpAccount: signedUp({ admin: { __typename: 'User', id: 'u1', username: 'jane' }, applications: 2 }) });
    renderScreen(<AccountNewView />, { client: api.client });

    await user.type(screen.getByRole('textbox', { name: 'Organization/Group name' }), ' Acme ');
    await user.type(screen.getByRole('textbox', { name: 'Username' }), 'jane');
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'jane@acme.test');
    await user.type(screen.getByLabelText(/^Password/), 'Developer-pass-1');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    await expectLocation('/audience/accounts/9');
    expect(api.callsOf('SignUpAccount')).toEqual([
      { input: { orgName: 'Acme', username: 'jane', email: 'jane@acme.test', password: 'Developer-pass-1' } },
    ]);
    expect(await screen.findByText('With admin user jane and 2 applications.')).toBeInTheDocument();
  });

  it('invites the admin by email, sending no username or password', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ SignUpAccount: signedUp({ invitation: { __typename: 'Invitation', id: 'i1', email: 'lee@acme.test' } }) });
    renderScreen(<AccountNewView />, { client: api.client });

    await user.type(screen.getByRole('textbox', { name: 'Organization/Group name' }), 'Acme');
    await user.type(screen.getByRole('textbox', { name: 'Username' }), 'typed before switching');
    await user.click(screen.getByRole('radio', { name: 'Invite the admin by email' }));
    expect(screen.queryByRole('textbox', { name: 'Username' })).not.toBeInTheDocument();
    expect(screen.queryByLabelText(/^Password/)).not.toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'lee@acme.test');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    await expectLocation('/audience/accounts/9');
    expect(api.callsOf('SignUpAccount')).toEqual([{ input: { orgName: 'Acme', email: 'lee@acme.test' } }]);
    expect(await screen.findByText('Invitation sent to lee@acme.test and 1 application.')).toBeInTheDocument();
  });

  it('creates an account without users', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ SignUpAccount: signedUp({ applications: 0 }) });
    renderScreen(<AccountNewView />, { client: api.client });

    await user.type(screen.getByRole('textbox', { name: 'Organization/Group name' }), 'Acme');
    await user.click(screen.getByRole('radio', { name: 'Add users later' }));
    expect(screen.queryByRole('textbox', { name: 'Email' })).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    await expectLocation('/audience/accounts/9');
    expect(api.callsOf('SignUpAccount')).toEqual([{ input: { orgName: 'Acme' } }]);
    expect(await screen.findByText('Without users and no applications.')).toBeInTheDocument();
  });

  it('checks the fields of the chosen way before calling the API', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({});
    renderScreen(<AccountNewView />, { client: api.client });

    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'not-an-email');
    await user.type(screen.getByLabelText(/^Password/), 'short');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(screen.getByText('Enter the organization name.')).toBeInTheDocument();
    expect(screen.getByText('Enter a username.')).toBeInTheDocument();
    expect(screen.getByText('Enter an email address such as jane@example.com.')).toBeInTheDocument();
    expect(screen.getByText('Use at least 8 characters.')).toBeInTheDocument();
    expect(api.callsOf('SignUpAccount')).toEqual([]);
  });

  it('shows a refusal next to its field and stays on the form', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ SignUpAccount: apiError('CONFLICT', 'username: is already taken', 'input.username') });
    renderScreen(<AccountNewView />, { client: api.client });

    await user.type(screen.getByRole('textbox', { name: 'Organization/Group name' }), 'Acme');
    await user.type(screen.getByRole('textbox', { name: 'Username' }), 'jane');
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'jane@acme.test');
    await user.type(screen.getByLabelText(/^Password/), 'Developer-pass-1');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByText(/already taken/i)).toBeInTheDocument();
    await expectLocation('/');
  });

  it("offers the tenant's defined fields and sends those filled in", async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      NewRecordFields: {
        data: {
          account: [
            ...coreFields.account(null),
            recordField('tier', 'Tier', { choices: ['hobby', 'startup'] }),
            recordField('tax_id', 'Tax ID', { required: true, hint: 'As on invoices' }),
            recordField('vat_rate', 'VAT rate', { kind: 'BUILT_IN', defined: false }),
          ],
          user: [...coreFields.user(null, null), recordField('job', 'Job', { readOnly: true })],
        },
      },
      SignUpAccount: signedUp({ admin: { __typename: 'User', id: 'u1', username: 'jane' } }),
    });
    renderScreen(<AccountNewView />, { client: api.client });

    await user.type(await screen.findByRole('textbox', { name: 'Tax ID' }), 'PT1');
    expect(screen.getByRole('textbox', { name: 'Tax ID' })).toHaveAccessibleDescription('As on invoices. Developers must fill it in.');
    // Fields no definition names are for the account's page, not its creation.
    expect(screen.queryByRole('textbox', { name: 'VAT rate' })).not.toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Organization/Group name' }), 'Acme');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Tier' }), 'startup');
    await user.type(screen.getByRole('textbox', { name: 'Username' }), 'jane');
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'jane@acme.test');
    await user.type(screen.getByLabelText(/^Password/), 'Developer-pass-1');
    await user.type(screen.getByRole('textbox', { name: 'First name' }), ' Jane ');
    await user.type(screen.getByRole('textbox', { name: 'Job' }), 'CTO');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    await expectLocation('/audience/accounts/9');
    expect(api.callsOf('SignUpAccount')).toEqual([
      {
        input: {
          orgName: 'Acme',
          accountFields: { tier: 'startup', tax_id: 'PT1' },
          username: 'jane',
          email: 'jane@acme.test',
          password: 'Developer-pass-1',
          userFields: { first_name: 'Jane', job: 'CTO' },
        },
      },
    ]);
  });

  it('shows a refused field value beside its field, and sends no user fields with an invitation', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      NewRecordFields: { data: { account: [...coreFields.account(null), recordField('tax_id', 'Tax ID')], user: coreFields.user(null, null) } },
      SignUpAccount: apiError('VALIDATION', 'input.accountFields.tax_id: is too long', 'input.accountFields.tax_id'),
    });
    renderScreen(<AccountNewView />, { client: api.client });

    await user.type(await screen.findByRole('textbox', { name: 'Tax ID' }), 'PT1');
    await user.type(screen.getByRole('textbox', { name: 'Organization/Group name' }), 'Acme');
    await user.type(screen.getByRole('textbox', { name: 'First name' }), 'Lee');
    await user.click(screen.getByRole('radio', { name: 'Invite the admin by email' }));
    expect(screen.queryByRole('textbox', { name: 'First name' })).not.toBeInTheDocument();
    await user.type(screen.getByRole('textbox', { name: 'Email' }), 'lee@acme.test');
    await user.click(screen.getByRole('button', { name: 'Create account' }));

    expect(await screen.findByText('Is too long')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'Tax ID' })).toHaveAccessibleDescription(/^Is too long/);
    expect(api.callsOf('SignUpAccount')).toEqual([{ input: { orgName: 'Acme', accountFields: { tax_id: 'PT1' }, email: 'lee@acme.test' } }]);
  });
});
