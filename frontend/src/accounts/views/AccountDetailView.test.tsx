import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { connection, expectLocation, fakeGraphQL, renderScreen } from '../../test/graphql';
import { AccountDetailView } from './AccountDetailView';

const detail = (state: string) => ({
  data: {
    node: {
      __typename: 'Account',
      id: '7',
      orgName: 'Acme',
      state,
      createdAt: '2026-11-01T10:00:00Z',
      stateChangedAt: '2026-11-01T10:00:00Z',
      vatCode: null,
      billingAddress: null,
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
        { id: 'u1', username: 'jane', email: 'jane@acme.test', role: 'ADMIN', state: 'ACTIVE', lastLoginAt: null },
      ]),
    },
  },
  AccountSubscriptions: { data: { serviceSubscriptions: connection('ServiceSubscription', []) } },
};

const render = (state: string, extra = {}) => {
  const api = fakeGraphQL({ AccountDetail: detail(state), ...lists, ...extra });
  renderScreen(<AccountDetailView />, { client: api.client, path: '/audience/accounts/7', route: '/audience/accounts/:accountId' });
  return api;
};

describe('AccountDetailView', () => {
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
      ApproveAccount: { data: { approveAccount: { __typename: 'Account', id: '7', orgName: 'Acme', state: 'APPROVED', stateChangedAt: '2026-11-02T00:00:00Z' } } },
    });
    const group = await screen.findByRole('group', { name: 'Account actions' });

    await user.click(within(group).getByRole('button', { name: 'Suspend' }));
    expect(screen.getByRole('dialog', { name: /Suspend “Acme”\?/ })).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Cancel' }));
    expect(api.callsOf('SuspendAccount')).toEqual([]);

    await user.click(within(group).getByRole('button', { name: 'Approve' }));
    expect(await screen.findByText('Approve: “Acme” done')).toBeInTheDocument();
    expect(api.callsOf('ApproveAccount')).toEqual([{ id: '7' }]);
  });

  it('deletes only after confirmation and goes back to the list', async () => {
    const user = userEvent.setup();
    const api = render('APPROVED', { DeleteAccount: { data: { deleteAccount: { __typename: 'DeletePayload', deletedID: '7' } } } });
    const group = await screen.findByRole('group', { name: 'Account actions' });

    await user.click(within(group).getByRole('button', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: /Delete account\?/ });
    expect(dialog).toHaveTextContent('1 user(s)');
    expect(api.callsOf('DeleteAccount')).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Delete account' }));

    await expectLocation('/audience/accounts');
    expect(api.callsOf('DeleteAccount')).toEqual([{ id: '7' }]);
  });

  it('lists the users of the account', async () => {
    render('APPROVED');
    const users = await screen.findByRole('grid', { name: 'Users' });
    expect(await within(users).findByText('jane@acme.test')).toBeInTheDocument();
  });
});
