import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, connection, fakeGraphQL, renderScreen } from '../../test/graphql';
import { AccountListView } from './AccountListView';

const account = (id: string, orgName: string, state: string) => ({
  id,
  orgName,
  state,
  createdAt: '2026-11-01T10:00:00Z',
  plan: null,
  users: connection('User', []),
  applications: { __typename: 'ApplicationConnection', totalCount: 0 },
});

const list = {
  data: {
    accounts: connection('Account', [
      account('1', 'Acme', 'PENDING'),
      account('2', 'Globex', 'SUSPENDED'),
      account('3', 'Initech', 'CREATED'),
    ]),
  },
};

describe('AccountListView', () => {
  it('approves the selected accounts one by one and reports each result', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      AccountList: list,
      ApproveAccount: ({ id }) =>
        id === '1'
          ? { data: { approveAccount: { __typename: 'Account', id: '1', orgName: 'Acme', state: 'APPROVED', stateChangedAt: '2026-11-02T00:00:00Z' } } }
          : apiError('CONFLICT', 'cannot approve an account that is scheduled for deletion'),
    });
    renderScreen(<AccountListView />, { client: api.client });

    await user.click(await screen.findByRole('checkbox', { name: 'Select all rows on this page' }));
    expect(screen.getByText('3 selected')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Approve selected' }));

    const confirm = screen.getByRole('dialog', { name: /Approve 3 accounts\?/ });
    await user.click(within(confirm).getByRole('button', { name: 'Approve' }));

    const results = await screen.findByRole('dialog', { name: /Approve accounts/ });
    expect(await within(results).findByText(/1 of 3 done, 1 failed, 1 skipped/)).toBeInTheDocument();
    expect(within(results).getByText(/skipped, an account that is suspended cannot be approved/)).toBeInTheDocument();
    expect(within(results).getByText(/cannot approve an account that is scheduled for deletion/)).toBeInTheDocument();
    // The suspended account was never sent: its state does not allow approval.
    expect(api.callsOf('ApproveAccount')).toEqual([{ id: '1' }, { id: '3' }]);

    await user.click(within(results).getByRole('button', { name: 'Done' }));
    expect(screen.queryByText('3 selected')).not.toBeInTheDocument();
  });

  it('asks before suspending and does nothing when cancelled', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ AccountList: list });
    renderScreen(<AccountListView />, { client: api.client });

    await user.click(await screen.findByRole('checkbox', { name: 'Select Acme' }));
    await user.click(screen.getByRole('button', { name: 'Suspend selected' }));
    const confirm = screen.getByRole('dialog', { name: /Suspend 1 account\?/ });
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));

    expect(api.callsOf('SuspendAccount')).toEqual([]);
    expect(screen.getByText('1 selected')).toBeInTheDocument();
  });

  it('shows a designed empty state, and a different one when a filter matches nothing', async () => {
    const api = fakeGraphQL({ AccountList: { data: { accounts: connection('Account', []) } } });
    const { unmount } = renderScreen(<AccountListView />, { client: api.client });
    expect(await screen.findByText('No developer accounts yet')).toBeInTheDocument();
    unmount();

    renderScreen(<AccountListView />, { client: api.client, path: '/?q=zzz' });
    expect(await screen.findByText('No accounts match')).toBeInTheDocument();
    expect(api.callsOf('AccountList').at(-1)).toMatchObject({ where: { orgNameContainsFold: 'zzz' }, first: 20 });
  });

  it('shows an error state with a retry when the list cannot be loaded', async () => {
    const api = fakeGraphQL({ AccountList: apiError('INTERNAL', 'boom') });
    renderScreen(<AccountListView />, { client: api.client });
    expect(await screen.findByText('Something went wrong')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
