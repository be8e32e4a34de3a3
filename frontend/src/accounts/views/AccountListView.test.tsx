import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, describe, expect, it, vi } from 'vitest';

import { apiError, connection, expectLocation, fakeGraphQL, renderScreen } from '../../test/graphql';
import { AccountListView } from './AccountListView';
import { accountEventsOf } from '../../test/stateEvents';

const account = (id: string, orgName: string, state: string) => ({
  id,
  orgName,
  state,
  permittedEvents: accountEventsOf[state],
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

const outcome = (items: { id: string; ok: boolean; message?: string }[]) => ({
  __typename: 'BulkResult',
  succeeded: items.filter((item) => item.ok).length,
  failed: items.filter((item) => !item.ok).length,
  items: items.map((item) => ({
    __typename: 'BulkItemResult',
    id: item.id,
    ok: item.ok,
    code: item.ok ? null : 'CONFLICT',
    message: item.message ?? null,
    field: null,
  })),
});

/** The lines of a bulk results dialog. */
const resultLines = (dialog: HTMLElement) =>
  within(within(dialog).getByRole('list', { name: 'Results' }))
    .getAllByRole('listitem')
    .map((item) => item.textContent);

async function selectAll(user: ReturnType<typeof userEvent.setup>) {
  await user.click(await screen.findByRole('checkbox', { name: 'Select all rows on this page' }));
  expect(screen.getByText('3 selected')).toBeInTheDocument();
}

describe('AccountListView', () => {
  const { createObjectURL, revokeObjectURL } = URL;
  afterEach(() => {
    vi.restoreAllMocks();
    URL.createObjectURL = createObjectURL;
    URL.revokeObjectURL = revokeObjectURL;
  });

  it('approves the selected accounts in one bulk call and reports each one', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      AccountList: list,
      BulkChangeAccountState: {
        data: {
          bulkChangeAccountState: outcome([
            { id: '1', ok: true },
            { id: '3', ok: false, message: 'cannot approve an account that is scheduled for deletion' },
          ]),
        },
      },
    });
    renderScreen(<AccountListView />, { client: api.client });

    await selectAll(user);
    await user.click(screen.getByRole('button', { name: 'Approve selected' }));
    const confirm = screen.getByRole('dialog', { name: /Approve 3 accounts\?/ });
    await user.click(within(confirm).getByRole('button', { name: 'Approve' }));

    const results = await screen.findByRole('dialog', { name: /Approve accounts/ });
    expect(await within(results).findByText(/1 of 3 done, 1 failed, 1 skipped/)).toBeInTheDocument();
    expect(resultLines(results)).toEqual([
      'Globex: skipped, an account that is suspended cannot be approved',
      'Acme: approved',
      'Initech: cannot approve an account that is scheduled for deletion',
    ]);
    // The suspended account was never sent: its state does not allow approval.
    expect(api.callsOf('BulkChangeAccountState')).toEqual([{ ids: ['1', '3'], event: 'APPROVE' }]);

    await user.click(within(results).getByRole('button', { name: 'Done' }));
    expect(screen.queryByText('3 selected')).not.toBeInTheDocument();
  });

  it('offers the other transitions in a menu, sending only the accounts they apply to', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      AccountList: list,
      BulkChangeAccountState: { data: { bulkChangeAccountState: outcome([{ id: '2', ok: true }]) } },
    });
    renderScreen(<AccountListView />, { client: api.client });

    await selectAll(user);
    await user.click(screen.getByRole('button', { name: 'More actions' }));
    expect(screen.getAllByRole('menuitem').map((item) => item.textContent)).toEqual([
      'Send message',
      'Change account plan',
      'Reject selected',
      'Resume selected',
      'Make pending selected',
    ]);
    await user.click(screen.getByRole('menuitem', { name: 'Resume selected' }));
    await user.click(within(screen.getByRole('dialog', { name: /Resume 3 accounts\?/ })).getByRole('button', { name: 'Resume' }));

    const results = await screen.findByRole('dialog', { name: /Resume accounts/ });
    expect(await within(results).findByText(/1 of 3 done, 2 skipped/)).toBeInTheDocument();
    expect(api.callsOf('BulkChangeAccountState')).toEqual([{ ids: ['2'], event: 'RESUME' }]);
  });

  it('asks before suspending and does nothing when cancelled', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ AccountList: list });
    renderScreen(<AccountListView />, { client: api.client });

    await user.click(await screen.findByRole('checkbox', { name: 'Select Acme' }));
    await user.click(screen.getByRole('button', { name: 'Suspend selected' }));
    const confirm = screen.getByRole('dialog', { name: /Suspend 1 account\?/ });
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));

    expect(api.callsOf('BulkChangeAccountState')).toEqual([]);
    expect(screen.getByText('1 selected')).toBeInTheDocument();
  });

  it('moves the selected accounts to an account plan', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      AccountList: list,
      AccountPlans: {
        data: {
          plans: connection('Plan', [
            { id: 'p1', name: 'Basic', state: 'PUBLISHED', isDefault: true },
            { id: 'p2', name: 'Gold', state: 'PUBLISHED', isDefault: false },
          ]),
        },
      },
      BulkChangeAccountPlan: {
        data: {
          bulkChangeAccountPlan: outcome([
            { id: '1', ok: true },
            { id: '2', ok: true },
            { id: '3', ok: false, message: 'plan p2 is not an account plan' },
          ]),
        },
      },
    });
    renderScreen(<AccountListView />, { client: api.client });

    await selectAll(user);
    await user.click(screen.getByRole('button', { name: 'More actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Change account plan' }));
    const dialog = screen.getByRole('dialog', { name: 'Change account plan' });
    await user.click(within(dialog).getByRole('button', { name: 'Change plan' }));
    expect(await within(dialog).findByText('Choose an account plan.')).toBeInTheDocument();
    await user.selectOptions(await within(dialog).findByRole('combobox', { name: 'Account plan' }), 'p2');
    await user.click(within(dialog).getByRole('button', { name: 'Change plan' }));

    const results = await screen.findByRole('dialog', { name: /Change account plan/ });
    expect(await within(results).findByText(/2 of 3 done, 1 failed/)).toBeInTheDocument();
    expect(resultLines(results)).toEqual(['Acme: moved to Gold', 'Globex: moved to Gold', 'Initech: plan p2 is not an account plan']);
    expect(api.callsOf('BulkChangeAccountPlan')).toEqual([{ ids: ['1', '2', '3'], planID: 'p2' }]);
  });

  it('sends one message to the selected accounts and reports each delivery', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      AccountList: list,
      BulkSendMessage: ({ subject }) =>
        subject === 'x'
          ? apiError('VALIDATION', 'subject: is too short', 'subject')
          : {
              data: {
                bulkSendMessage: {
                  __typename: 'BulkMessageResult',
                  message: { __typename: 'Message', id: 'm1', subject },
                  result: outcome([
                    { id: '1', ok: true },
                    { id: '2', ok: true },
                    { id: '3', ok: true },
                  ]),
                },
              },
            },
    });
    renderScreen(<AccountListView />, { client: api.client });

    await selectAll(user);
    await user.click(screen.getByRole('button', { name: 'More actions' }));
    await user.click(screen.getByRole('menuitem', { name: 'Send message' }));
    const dialog = screen.getByRole('dialog', { name: 'Send message' });
    expect(dialog).toHaveTextContent('To: 3 accounts');
    await user.type(within(dialog).getByRole('textbox', { name: 'Subject' }), 'x');
    await user.type(within(dialog).getByRole('textbox', { name: 'Message' }), 'Hello');
    await user.click(within(dialog).getByRole('button', { name: 'Send' }));
    // The API's refusal shows beside the field, and the dialog stays.
    expect(await within(dialog).findByText('Is too short')).toBeInTheDocument();

    await user.clear(within(dialog).getByRole('textbox', { name: 'Subject' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Subject' }), 'Maintenance');
    await user.click(within(dialog).getByRole('button', { name: 'Send' }));

    const results = await screen.findByRole('dialog', { name: /alert:\s*Send message/ });
    expect(await within(results).findByText(/3 of 3 done/)).toBeInTheDocument();
    expect(api.callsOf('BulkSendMessage').at(-1)).toEqual({ accountIDs: ['1', '2', '3'], subject: 'Maintenance', body: 'Hello' });
  });

  it('downloads every account as a CSV file', async () => {
    const user = userEvent.setup();
    const csv = 'id,org_name\n1,Acme\n';
    const api = fakeGraphQL({ AccountList: list, AccountsCSV: { data: { accountsCSV: csv } } });
    const blobs: Blob[] = [];
    URL.createObjectURL = vi.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:accounts';
    });
    URL.revokeObjectURL = vi.fn();
    const click = vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      expect(this.download).toMatch(/^accounts-\d{4}-\d{2}-\d{2}\.csv$/);
      expect(this.href).toBe('blob:accounts');
    });
    renderScreen(<AccountListView />, { client: api.client });

    await user.click(await screen.findByRole('button', { name: 'Export to CSV' }));
    await waitFor(() => expect(click).toHaveBeenCalledTimes(1));
    const text = await new Promise<string>((resolve) => {
      const reader = new FileReader();
      reader.onload = () => resolve(String(reader.result));
      reader.readAsText(blobs[0]);
    });
    expect(text).toBe(csv);
    expect(URL.revokeObjectURL).toHaveBeenCalledWith('blob:accounts');
  });

  it('tells when the export fails', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ AccountList: list, AccountsCSV: apiError('FORBIDDEN', 'no') });
    renderScreen(<AccountListView />, { client: api.client });
    await user.click(await screen.findByRole('button', { name: 'Export to CSV' }));
    expect(await screen.findByText('Could not export the accounts')).toBeInTheDocument();
  });

  it('shows a designed empty state, and a different one when a filter matches nothing', async () => {
    const api = fakeGraphQL({ AccountList: { data: { accounts: connection('Account', []) } } });
    const { unmount } = renderScreen(<AccountListView />, { client: api.client });
    expect(await screen.findByText('No developer accounts yet')).toBeInTheDocument();
    unmount();

    renderScreen(<AccountListView />, { client: api.client, path: '/?q=zzz&state=PENDING' });
    expect(await screen.findByText('No accounts match')).toBeInTheDocument();
    expect(api.callsOf('AccountList').at(-1)).toMatchObject({ where: { orgNameContainsFold: 'zzz', state: 'PENDING' }, first: 20 });
  });

  it('shows an error state with a retry when the list cannot be loaded', async () => {
    const api = fakeGraphQL({ AccountList: apiError('INTERNAL', 'boom') });
    renderScreen(<AccountListView />, { client: api.client });
    expect(await screen.findByText('Something went wrong')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });

  it('sorts on the server by a column header, both ways, and keeps the order in the address', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ AccountList: list });
    renderScreen(<AccountListView />, { client: api.client, path: '/audience/accounts', route: '/audience/accounts' });

    await screen.findByRole('link', { name: 'Acme' });
    expect(api.callsOf('AccountList').at(-1)).toMatchObject({ orderBy: [{ field: 'CREATED_AT', direction: 'DESC' }] });
    await user.click(screen.getByRole('button', { name: 'Group/Org.' }));
    await expectLocation('/audience/accounts?sort=ORG_NAME&dir=asc');
    await waitFor(() => expect(api.callsOf('AccountList').at(-1)).toMatchObject({ orderBy: [{ field: 'ORG_NAME', direction: 'ASC' }] }));
    await user.click(screen.getByRole('button', { name: 'Group/Org.' }));
    await expectLocation('/audience/accounts?sort=ORG_NAME&dir=desc');
    await waitFor(() => expect(api.callsOf('AccountList').at(-1)).toMatchObject({ orderBy: [{ field: 'ORG_NAME', direction: 'DESC' }] }));
    expect(screen.getByRole('columnheader', { name: 'Group/Org.' })).toHaveAttribute('aria-sort', 'descending');
  });
});
