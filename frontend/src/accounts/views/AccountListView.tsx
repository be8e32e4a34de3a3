import { Button, PageSection, Timestamp, TimestampFormat, ToolbarGroup, ToolbarItem } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ListTable } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { SearchFilter } from '../../components/SearchFilter';
import { StateFilter } from '../../components/StateFilter';
import type { AccountState, AccountWhereInput } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage, useListFilter } from '../../graphql/useCursorPage';
import { AccountStateLabel } from '../components/AccountStateLabel';
import { accountStateOptions, canApply, stateName, type AccountAction } from '../components/accountStates';
import { BulkResultsDialog, type BulkResult } from '../../components/BulkResultsDialog';
import { useAccountTransition } from '../components/useAccountTransition';
import { accountListQuery } from '../queries';
import { accountUrl, newAccountPath } from '../urls';

const bulkActions: { action: AccountAction; verb: string; done: string }[] = [
  { action: 'approve', verb: 'Approve', done: 'approved' },
  { action: 'suspend', verb: 'Suspend', done: 'suspended' },
];

/** Audience › Accounts › Listing, with bulk approve and suspend. */
export function AccountListView() {
  const page = useCursorPage();
  const navigate = useNavigate();
  const [search, setSearch] = useListFilter('q');
  const [state, setState] = useListFilter('state');
  const where: AccountWhereInput = {
    ...(search ? { orgNameContainsFold: search } : {}),
    ...(state ? { state: state as AccountState } : {}),
  };
  const [{ data, fetching, error }, refetch] = useQuery({
    query: accountListQuery,
    variables: { ...page.variables, where },
    context: useMemo(() => ({ additionalTypenames: ['Account'] }), []),
  });
  const filtered = search !== '' || state !== '';
  const rows = useMemo(() => (data ? nodes(data.accounts) : undefined), [data]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = useState<(typeof bulkActions)[number] | null>(null);
  const [bulk, setBulk] = useState<{ title: string; total: number; results: BulkResult[] } | null>(null);
  const transition = useAccountTransition();

  // Only what is on screen can be selected: rows that left the page (paging, filters) drop out.
  const chosen = (rows ?? []).filter((account) => selected.has(account.id));

  async function runBulk(action: (typeof bulkActions)[number]) {
    setPending(null);
    const items = chosen;
    const results: BulkResult[] = [];
    setBulk({ title: `${action.verb} accounts`, total: items.length, results: [] });
    for (const account of items) {
      let result: BulkResult;
      if (!canApply(action.action, account.state)) {
        result = {
          id: account.id,
          name: account.orgName,
          outcome: 'skipped',
          message: `skipped, an account that is ${stateName(account.state)} cannot be ${action.done}`,
        };
      } else {
        const failure = await transition(action.action, account.id);
        result = failure
          ? { id: account.id, name: account.orgName, outcome: 'failed', message: errorMessage(failure) }
          : { id: account.id, name: account.orgName, outcome: 'done', message: action.done };
      }
      results.push(result);
      setBulk({ title: `${action.verb} accounts`, total: items.length, results: [...results] });
    }
  }

  const createButton = (
    <Button variant="primary" onClick={() => navigate(newAccountPath)}>
      Create account
    </Button>
  );

  return (
    <>
      <PageHeader title="Accounts" description="Developer accounts that consume your APIs." actions={createButton} />
      <PageSection isFilled>
        <ListTable
          label="Accounts"
          rows={rows}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          selection={{ selected, onChange: setSelected, rowName: (account) => account.orgName }}
          filters={
            <>
              <SearchFilter label="Search by organization" value={search} onChange={setSearch} />
              <StateFilter label="State" options={accountStateOptions} value={state} onChange={setState} />
            </>
          }
          toolbarActions={
            chosen.length > 0 ? (
              <ToolbarGroup variant="action-group" aria-label="Bulk actions">
                <ToolbarItem>
                  <span className="portico-count" aria-live="polite">
                    {chosen.length} selected
                  </span>
                </ToolbarItem>
                {bulkActions.map((action) => (
                  <ToolbarItem key={action.action}>
                    <Button variant="secondary" onClick={() => setPending(action)}>
                      {action.verb} selected
                    </Button>
                  </ToolbarItem>
                ))}
                <ToolbarItem>
                  <Button variant="link" onClick={() => setSelected(new Set())}>
                    Clear selection
                  </Button>
                </ToolbarItem>
              </ToolbarGroup>
            ) : null
          }
          pagination={
            data ? { page, totalCount: data.accounts.totalCount, pageInfo: data.accounts.pageInfo } : undefined
          }
          empty={
            filtered ? (
              <BlankState title="No accounts match" variant="noResults">
                Change the search or the state filter.
              </BlankState>
            ) : (
              <BlankState title="No developer accounts yet" actions={createButton}>
                Accounts appear here when developers sign up on your Developer Portal, or when you create one.
              </BlankState>
            )
          }
          columns={[
            {
              title: 'Group/Org.',
              width: 25,
              cell: (account) => <Link to={accountUrl(account.id)}>{account.orgName}</Link>,
            },
            {
              title: 'Admin',
              cell: (account) => nodes(account.users)[0]?.username ?? '—',
            },
            {
              title: 'Signup date',
              cell: (account) => (
                <Timestamp date={new Date(account.createdAt)} dateFormat={TimestampFormat.medium} />
              ),
            },
            { title: 'Plan', cell: (account) => account.plan?.name ?? '—' },
            { title: 'Apps', cell: (account) => account.applications.totalCount },
            { title: 'State', cell: (account) => <AccountStateLabel state={account.state} /> },
          ]}
        />
      </PageSection>
      <ConfirmDialog
        isOpen={pending !== null}
        title={`${pending?.verb ?? ''} ${chosen.length} account${chosen.length === 1 ? '' : 's'}?`}
        confirmLabel={pending?.verb ?? ''}
        variant={pending?.action === 'suspend' ? 'danger' : 'warning'}
        onConfirm={() => (pending ? runBulk(pending) : undefined)}
        onCancel={() => setPending(null)}
      >
        {pending?.action === 'suspend'
          ? 'Suspended accounts cannot sign in, and their applications are refused.'
          : 'Approved accounts can sign in to the Developer Portal and use their applications.'}{' '}
        Accounts whose state does not allow it are skipped.
      </ConfirmDialog>
      {bulk ? (
        <BulkResultsDialog
          title={bulk.title}
          total={bulk.total}
          results={bulk.results}
          onClose={() => {
            setBulk(null);
            setSelected(new Set());
          }}
        />
      ) : null}
    </>
  );
}
