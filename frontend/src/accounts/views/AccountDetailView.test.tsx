import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, connection, expectLocation, fakeGraphQL, renderScreen, type Answer, type Handler } from '../../test/graphql';
import { AccountDetailView } from './AccountDetailView';
import { accountEventsOf } from '../../test/stateEvents';
import { coreFields, recordField } from '../../test/recordFields';

const detail = (state: string) => ({
  data: {
    node: {
      __typename: 'Account',
      id: '7',
      orgName: 'Acme',
      state,
      permittedEvents: accountEventsOf[state],
      createdAt: '2026-11-01T10:00:00Z',
      stateChangedAt: '2026-11-01T10:00:00Z',
      fields: [
        ...coreFields.account('Acme'),
        recordField('tier', 'Tier', { value: 'startup', choices: ['hobby', 'startup'] }),
        recordField('risk_score', 'Risk score', { value: '7', hidden: true }),
        recordField('tax_id', 'Tax ID', { required: true }),
        recordField('vat_code', 'VAT code', { kind: 'BUILT_IN', defined: false }),
        recordField('billing_address_city', 'Billing city', { kind: 'BUILT_IN', defined: false, value: 'Lisbon' }),
        recordField('legacy', 'legacy', { defined: false, value: 'kept' }),
      ],
      plan: null,
      users: { __typename: 'UserConnection', totalCount: 1 },
      applications: { __typename: 'ApplicationConnection', totalCount: 0 },
      subscriptions: { __typename: 'ServiceSubscriptionConnection', totalCount: 0 },
    },
  },
});

const lists = {
  ApplicationList: { data: { applications: connection('Application', []) } },
  AccountUsers: {
    data: {
      users: connection('User', [
        { id: 'u1', username: 'jane', email: 'jane@acme.test', role: 'ADMIN', state: 'ACTIVE', lastLoginAt: null, fields: coreFields.user('jane', 'jane@acme.test') },
        { id: 'u2', username: 'joe', email: 'joe@acme.test', role: 'MEMBER', state: 'PENDING', lastLoginAt: null, fields: coreFields.user('joe', 'joe@acme.test') },
        { id: 'u3', username: 'ann', email: 'ann@acme.test', role: 'MEMBER', state: 'SUSPENDED', lastLoginAt: null, fields: coreFields.user('ann', 'ann@acme.test') },
      ]),
    },
  },
  AccountSubscriptions: { data: { serviceSubscriptions: connection('ServiceSubscription', []) } },
  AccountInvitations: {
    data: {
      invitations: connection('Invitation', [
        {
          id: 'i1',
          email: 'bob@acme.test',
          status: 'PENDING',
          createdAt: '2026-11-01T10:00:00Z',
          sentAt: '2026-11-01T10:00:00Z',
          expiresAt: '2026-11-08T10:00:00Z',
          acceptedAt: null,
        },
      ]),
    },
  },
  AccountInbox: {
    data: {
      messageRecipients: connection('MessageRecipient', [
        { id: 'r1', readAt: null, createdAt: '2026-11-02T10:00:00Z', message: { __typename: 'Message', id: 'm1', subject: 'Welcome aboard' } },
        { id: 'r2', readAt: '2026-11-03T10:00:00Z', createdAt: '2026-11-01T10:00:00Z', message: { __typename: 'Message', id: 'm0', subject: 'Maintenance' } },
      ]),
    },
  },
};

const render = (state: string, extra: Record<string, Handler> = {}) => {
  const api = fakeGraphQL({ AccountDetail: detail(state), ...lists, ...extra });
  renderScreen(<AccountDetailView />, { client: api.client, path: '/audience/accounts/7', route: '/audience/accounts/:accountId' });
  return api;
};

describe('AccountDetailView', () => {
  it('shows the fields that are defined or hold a value, saying which developers do not see', async () => {
    render('APPROVED');
    await screen.findByRole('group', { name: 'Account actions' });
    const term = (label: string) => screen.queryByText(label, { selector: 'dt *, dt' });
    expect(term('Tier')?.closest('div')).toHaveTextContent('startup');
    expect(term('Risk score')?.closest('div')).toHaveTextContent('7Hidden from developers');
    expect(term('Tax ID')?.closest('div')).toHaveTextContent('—');
    expect(term('Billing city')?.closest('div')).toHaveTextContent('Lisbon');
    expect(term('legacy')?.closest('div')).toHaveTextContent('keptNot defined');
    // Neither defined nor set: not listed.
    expect(term('VAT code')).toBeNull();
  });

  it('edits every field of the account, sending only the changed ones, and shows a refusal beside its field', async () => {
    const user = userEvent.setup();
    let answer: Answer = apiError('VALIDATION', 'fields.tax_id: must be one of: X', 'fields.tax_id');
    const api = render('APPROVED', { UpdateAccountFields: () => answer });
    const group = await screen.findByRole('group', { name: 'Account actions' });

    await user.click(within(group).getByRole('button', { name: 'Edit' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit account' });
    expect(within(dialog).getByRole('textbox', { name: 'Risk score' })).toHaveAccessibleDescription('Hidden from developers.');
    expect(within(dialog).getByRole('textbox', { name: 'Tax ID' })).toHaveAccessibleDescription('Developers must fill it in.');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Tier' }), 'hobby');
    await user.clear(within(dialog).getByRole('textbox', { name: 'Risk score' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Tax ID' }), ' PT1 ');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(await within(dialog).findByText('Must be one of: X')).toBeInTheDocument();
    answer = { data: { updateAccountFields: { __typename: 'Account', id: '7', orgName: 'Acme', updatedAt: '2026-11-02T00:00:00Z', fields: [] } } };
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved account “Acme”')).toBeInTheDocument();
    const sent = { id: '7', fields: { tier: 'hobby', risk_score: '', tax_id: 'PT1' } };
    expect(api.callsOf('UpdateAccountFields')).toEqual([sent, sent]);
  });

  it('refuses an empty organization name before calling the API', async () => {
    const user = userEvent.setup();
    const api = render('APPROVED');
    const group = await screen.findByRole('group', { name: 'Account actions' });
    await user.click(within(group).getByRole('button', { name: 'Edit' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit account' });
    await user.clear(within(dialog).getByRole('textbox', { name: /Organization\/Group name/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(within(dialog).getByText('Enter organization/group name.')).toBeInTheDocument();
    expect(api.callsOf('UpdateAccountFields')).toEqual([]);
  });

  it("edits a user's fields from the users list", async () => {
    const user = userEvent.setup();
    const api = render('APPROVED', {
      UpdateUserFields: { data: { updateUserFields: { __typename: 'User', id: 'u2', username: 'joe', email: 'joe@acme.test', firstName: 'Joe', lastName: null, updatedAt: '2026-11-02T00:00:00Z', fields: [] } } },
    });
    const row = (await screen.findByText('joe@acme.test')).closest('tr') as HTMLElement;
    await user.click(within(row).getByRole('button', { name: /actions/i }));
    await user.click(await screen.findByRole('menuitem', { name: 'Edit' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit joe' });
    await user.type(within(dialog).getByRole('textbox', { name: 'First name' }), 'Joe');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved joe')).toBeInTheDocument();
    expect(api.callsOf('UpdateUserFields')).toEqual([{ id: 'u2', fields: { first_name: 'Joe' } }]);
  });

  it.each([
    ['PENDING', ['Approve', 'Reject', 'Suspend']],
    ['APPROVED', ['Reject', 'Suspend', 'Make pending']],
    ['SUSPENDED', ['Resume']],
    ['REJECTED', ['Approve', 'Suspend', 'Make pending']],
  ])('offers only the transitions allowed from %s', async (state, expected) => {
    render(state);
    const group = await screen.findByRole('group', { name: 'Account actions' });
    const buttons = within(group)
      .getAllByRole('button')
      .map((button) => button.textContent)
      .filter((label) => label !== 'Edit' && label !== 'Delete');
    expect(buttons).toEqual(expected);
  });

  it('approves at once, but asks before suspending', async () => {
    const user = userEvent.setup();
    const api = render('PENDING', {
      ApproveAccount: { data: { approveAccount: { __typename: 'Account', id: '7', orgName: 'Acme', state: 'APPROVED', permittedEvents: accountEventsOf.APPROVED, stateChangedAt: '2026-11-02T00:00:00Z' } } },
    });
    const group = await screen.findByRole('group', { name: 'Account actions' });

    await user.click(within(group).getByRole('button', { name: 'Suspend' }));
    expect(screen.getByRole('dialog', { name: /Suspend “Acme”\?/ })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(api.callsOf('SuspendAccount')).toEqual([]);

    await user.click(within(group).getByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('“Acme” was approved')).toBeInTheDocument();
    expect(api.callsOf('ApproveAccount')).toEqual([{ id: '7' }]);
  });

  it('deletes only after confirmation and goes back to the list', async () => {
    const user = userEvent.setup();
    const api = render('APPROVED', { DeleteAccount: { data: { deleteAccount: { __typename: 'DeletePayload', deletedID: '7' } } } });
    const group = await screen.findByRole('group', { name: 'Account actions' });

    await user.click(within(group).getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: /Delete account\?/ });
    expect(dialog).toHaveTextContent('1 user,');
    expect(api.callsOf('DeleteAccount')).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Delete account' }));

    await expectLocation('/audience/accounts');
    expect(api.callsOf('DeleteAccount')).toEqual([{ id: '7' }]);
  });

  it('lists the users of the account with the actions their state allows', async () => {
    const user = userEvent.setup();
    const api = render('APPROVED', {
      ActivateUser: { data: { activateUser: { __typename: 'User', id: 'u2', state: 'ACTIVE' } } },
      SuspendUser: { data: { suspendUser: { __typename: 'User', id: 'u1', state: 'SUSPENDED' } } },
      UnsuspendUser: apiError('CONFLICT', 'only suspended users can be unsuspended'),
    });
    const users = await screen.findByRole('grid', { name: 'Users' });
    expect(await within(users).findByText('jane@acme.test')).toBeInTheDocument();

    await user.click(within(users).getByRole('button', { name: 'Actions for joe' }));
    expect(screen.getAllByRole('menuitem').map((item) => item.textContent)).toEqual(['Edit', 'Activate']);
    await user.click(screen.getByRole('menuitem', { name: 'Activate' }));
    expect(await screen.findByText('Activated joe')).toBeInTheDocument();
    expect(api.callsOf('ActivateUser')).toEqual([{ id: 'u2' }]);

    await user.click(within(users).getByRole('button', { name: 'Actions for jane' }));
    await user.click(screen.getByRole('menuitem', { name: 'Suspend' }));
    const confirm = screen.getByRole('dialog', { name: /Suspend jane\?/ });
    expect(api.callsOf('SuspendUser')).toEqual([]);
    await user.click(within(confirm).getByRole('button', { name: 'Suspend' }));
    expect(await screen.findByText('Suspended jane')).toBeInTheDocument();
    expect(api.callsOf('SuspendUser')).toEqual([{ id: 'u1' }]);

    await user.click(within(users).getByRole('button', { name: 'Actions for ann' }));
    await user.click(screen.getByRole('menuitem', { name: 'Unsuspend' }));
    expect(await screen.findByText('Could not unsuspend ann')).toBeInTheDocument();
    expect(screen.getByText('only suspended users can be unsuspended')).toBeInTheDocument();
  });

  it('invites a user to the account, showing a refused email beside the field', async () => {
    const user = userEvent.setup();
    const api = render('APPROVED', {
      InviteDeveloperUser: ({ email }) =>
        email === 'jane@acme.test'
          ? apiError('CONFLICT', 'a user with this email already exists', 'email')
          : { data: { inviteDeveloperUser: { __typename: 'Invitation', id: 'i2', email, status: 'PENDING' } } },
    });
    const invitations = await screen.findByRole('grid', { name: 'Invitations' });
    expect(await within(invitations).findByText('bob@acme.test')).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Invite user' }));
    const dialog = screen.getByRole('dialog', { name: 'Invite user' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Email' }), 'jane@acme.test');
    await user.click(within(dialog).getByRole('button', { name: 'Send invitation' }));
    expect(await within(dialog).findByText('A user with this email already exists')).toBeInTheDocument();

    await user.clear(within(dialog).getByRole('textbox', { name: 'Email' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Email' }), 'kim@acme.test');
    await user.click(within(dialog).getByRole('button', { name: 'Send invitation' }));
    expect(await screen.findByText('Invitation sent')).toBeInTheDocument();
    expect(api.callsOf('InviteDeveloperUser')).toEqual([
      { accountID: '7', email: 'jane@acme.test' },
      { accountID: '7', email: 'kim@acme.test' },
    ]);
    expect(api.callsOf('AccountInvitations')[0]).toMatchObject({ accountId: '7' });
  });

  it('revokes a pending invitation after confirmation', async () => {
    const user = userEvent.setup();
    const api = render('APPROVED', {
      RevokeInvitation: { data: { revokeInvitation: { __typename: 'Invitation', id: 'i1', status: 'REVOKED' } } },
    });
    const invitations = await screen.findByRole('grid', { name: 'Invitations' });
    await user.click(await within(invitations).findByRole('button', { name: 'Actions for bob@acme.test' }));
    await user.click(screen.getByRole('menuitem', { name: 'Revoke' }));
    await user.click(within(screen.getByRole('dialog', { name: /Revoke invitation\?/ })).getByRole('button', { name: 'Revoke' }));
    expect(await screen.findByText('Revoked the invitation to bob@acme.test')).toBeInTheDocument();
    expect(api.callsOf('RevokeInvitation')).toEqual([{ id: 'i1' }]);
  });

  it('resends a pending invitation with a new link', async () => {
    const user = userEvent.setup();
    const api = render('APPROVED', {
      ResendInvitation: {
        data: { resendInvitation: { __typename: 'Invitation', id: 'i1', status: 'PENDING', sentAt: '2026-11-04T10:00:00Z', expiresAt: '2026-11-11T10:00:00Z' } },
      },
    });
    const invitations = await screen.findByRole('grid', { name: 'Invitations' });
    await user.click(await within(invitations).findByRole('button', { name: 'Actions for bob@acme.test' }));
    expect(screen.getAllByRole('menuitem').map((item) => item.textContent)).toEqual(['Resend', 'Revoke']);
    await user.click(screen.getByRole('menuitem', { name: 'Resend' }));
    expect(await screen.findByText('Invitation sent again to bob@acme.test')).toBeInTheDocument();
    expect(api.callsOf('ResendInvitation')).toEqual([{ id: 'i1' }]);
  });

  it('says why an invitation could not be resent', async () => {
    const user = userEvent.setup();
    render('APPROVED', { ResendInvitation: apiError('CONFLICT', 'this invitation has already been accepted') });
    const invitations = await screen.findByRole('grid', { name: 'Invitations' });
    await user.click(await within(invitations).findByRole('button', { name: 'Actions for bob@acme.test' }));
    await user.click(screen.getByRole('menuitem', { name: 'Resend' }));
    expect(await screen.findByText('Could not resend the invitation to bob@acme.test')).toBeInTheDocument();
    expect(screen.getByText('this invitation has already been accepted')).toBeInTheDocument();
  });

  it('moves the account to another account plan', async () => {
    const user = userEvent.setup();
    const api = render('APPROVED', {
      AccountPlans: {
        data: {
          plans: connection('Plan', [
            { id: 'p1', name: 'Basic', state: 'PUBLISHED', isDefault: true },
            { id: 'p2', name: 'Gold', state: 'PUBLISHED', isDefault: false },
          ]),
        },
      },
      ChangeAccountPlan: {
        data: { changeAccountPlan: { __typename: 'Account', id: '7', plan: { __typename: 'Plan', id: 'p2', name: 'Gold' } } },
      },
    });
    await user.click(await screen.findByRole('button', { name: 'Change account plan' }));
    const dialog = screen.getByRole('dialog', { name: 'Change account plan' });
    await user.selectOptions(await within(dialog).findByRole('combobox', { name: 'Account plan' }), 'p2');
    await user.click(within(dialog).getByRole('button', { name: 'Change plan' }));
    expect(await screen.findByText('“Acme” is now on the plan “Gold”')).toBeInTheDocument();
    expect(api.callsOf('ChangeAccountPlan')).toEqual([{ id: '7', planID: 'p2' }]);
    expect(screen.queryByRole('dialog', { name: 'Change account plan' })).not.toBeInTheDocument();
  });

  it("shows the account's inbox and sends it a message", async () => {
    const user = userEvent.setup();
    const api = render('APPROVED', {
      SendMessage: { data: { sendMessage: { __typename: 'Message', id: 'm2', subject: 'Hello' } } },
    });
    const inbox = await screen.findByRole('grid', { name: 'Messages' });
    const welcome = (await within(inbox).findByRole('link', { name: 'Welcome aboard' })).closest('tr')!;
    expect(welcome).toHaveTextContent('Unread');
    expect(within(inbox).getByRole('link', { name: 'Maintenance' }).closest('tr')).toHaveTextContent('Read');
    expect(within(inbox).getByRole('link', { name: 'Welcome aboard' })).toHaveAttribute('href', '/audience/messages/sent/m1');
    expect(api.callsOf('AccountInbox')[0]).toMatchObject({ accountId: '7', first: 10 });

    await user.click(within(inbox.parentElement!).getByRole('button', { name: 'Send message' }));
    const dialog = screen.getByRole('dialog', { name: 'Send message' });
    expect(dialog).toHaveTextContent('To: Acme');
    await user.click(within(dialog).getByRole('button', { name: 'Send' }));
    expect(within(dialog).getByText('Enter a subject.')).toBeInTheDocument();
    expect(api.callsOf('SendMessage')).toEqual([]);
    await user.type(within(dialog).getByRole('textbox', { name: 'Subject' }), 'Hello');
    await user.type(within(dialog).getByRole('textbox', { name: 'Message' }), 'Welcome!');
    await user.click(within(dialog).getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Message sent to “Acme”')).toBeInTheDocument();
    expect(api.callsOf('SendMessage')).toEqual([{ accountID: '7', subject: 'Hello', body: 'Welcome!' }]);
  });
});
