import {
  Button,
  Divider,
  Dropdown,
  DropdownItem,
  DropdownList,
  Flex,
  MenuToggle,
  PageSection,
  Timestamp,
  TimestampFormat,
  ToolbarGroup,
  ToolbarItem,
} from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useClient, useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { BulkResultsDialog, type BulkResult } from '../../components/BulkResultsDialog';
import { bulkResults, type BulkItemOutcome } from '../../components/bulkResults';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { saveFile } from '../../components/saveFile';
import { SearchFilter } from '../../components/SearchFilter';
import { StateFilter } from '../../components/StateFilter';
import type { AccountState, AccountWhereInput } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage, useListFilter, useListSort } from '../../graphql/useCursorPage';
import { ComposeMessageModal } from '../../messages/components/ComposeMessageModal';
import { bulkSendMessageMutation } from '../../messages/queries';
import { AccountStateLabel } from '../components/AccountStateLabel';
import { ChangeAccountPlanModal } from '../components/ChangeAccountPlanModal';
import { accountActions, accountStateOptions, stateName, type AccountAction } from '../components/accountStates';
import { accountListQuery, accountsCSVQuery, bulkChangeAccountPlanMutation, bulkChangeAccountStateMutation } from '../queries';
import { accountUrl, newAccountPath } from '../urls';

type Transition = (typeof accountActions)[number];

/** What a bulk state change does, in the words of its confirmation. */
const consequences: Record<AccountAction, string> = {
  approve: 'Approved accounts can sign in to the Developer Portal and use their applications.',
  reject: 'Rejected accounts cannot sign in to the Developer Portal.',
  makePending: 'Pending accounts wait for approval again; their users cannot sign in meanwhile.',
  suspend: 'Suspended accounts cannot sign in, and their applications are refused.',
  resume: 'Resumed accounts are approved again: their users can sign in and their applications work.',
};

/** Shown as buttons; the other transitions are in the "More actions" menu. */
const primaryActions: AccountAction[] = ['approve', 'suspend'];

const listContext = { additionalTypenames: ['Account'] };


/** Audience › Accounts › Listing, with state, plan and message actions on the selected accounts. */
export function AccountListView() {
  const page = useCursorPage();
  const navigate = useNavigate();
  const notify = useNotify();
  const client = useClient();
  const [search, setSearch] = useListFilter('q');
  const [state, setState] = useListFilter('state');
  const sort = useListSort(['ORG_NAME', 'CREATED_AT', 'STATE'] as const, 'CREATED_AT', 'DESC');
  const where: AccountWhereInput = {
    ...(search ? { orgNameContainsFold: search } : {}),
    ...(state ? { state: state as AccountState } : {}),
  };
  const [{ data, fetching, error }, refetch] = useQuery({
    query: accountListQuery,
    variables: { ...page.variables, where, orderBy: sort.orderBy },
    context: useMemo(() => listContext, []),
  });
  const filtered = search !== '' || state !== '';
  const rows = useMemo(() => (data ? nodes(data.accounts) : undefined), [data]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [confirming, setConfirming] = useState<Transition | null>(null);
  const [moreOpen, setMoreOpen] = useState(false);
  const [changingPlan, setChangingPlan] = useState(false);
  const [messaging, setMessaging] = useState(false);
  const [exporting, setExporting] = useState(false);
  const [bulk, setBulk] = useState<{ title: string; total: number; results: BulkResult[] } | null>(null);
  const [, changeState] = useMutation(bulkChangeAccountStateMutation);
  const [, changePlan] = useMutation(bulkChangeAccountPlanMutation);
  const [, sendMessages] = useMutation(bulkSendMessageMutation);

  // Only what is on screen can be selected: rows that left the page (paging, filters) drop out.
  const chosen = (rows ?? []).filter((account) => selected.has(account.id));
  const names = new Map(chosen.map((account) => [account.id, account.orgName]));
  const nameOf = (id: string) => names.get(id) ?? id;
  const count = `${chosen.length} account${chosen.length === 1 ? '' : 's'}`;

  /** The results dialog for the API's answer, after the items skipped without asking it. */
  function report(title: string, items: readonly BulkItemOutcome[], done: string, skipped: BulkResult[] = []) {
    const results = [...skipped, ...bulkResults(items, nameOf, done)];
    setBulk({ title, total: results.length, results });
  }

  async function runTransition(transition: Transition) {
    setConfirming(null);
    const title = `${transition.label} accounts`;
    // Accounts whose state does not allow the change are not sent: the answer would only refuse them.
    const skipped: BulkResult[] = [];
    const ids: string[] = [];
    for (const account of chosen) {
      if (account.permittedEvents.includes(transition.event)) ids.push(account.id);
      else
        skipped.push({
          id: account.id,
          name: account.orgName,
          outcome: 'skipped',
          message: `skipped, an account that is ${stateName(account.state)} cannot be ${transition.done}`,
        });
    }
    setBulk({ title, total: chosen.length, results: skipped });
    if (ids.length === 0) return;
    const result = await changeState({ ids, event: transition.event }, listContext);
    if (result.error || !result.data) {
      setBulk(null);
      notify({ variant: 'danger', title: `Could not ${transition.label.toLowerCase()} the accounts`, description: errorMessage(result.error) });
      return;
    }
    report(title, result.data.bulkChangeAccountState.items, transition.done, skipped);
  }

  async function exportCSV() {
    setExporting(true);
    const result = await client.query(accountsCSVQuery, {}, { requestPolicy: 'network-only' }).toPromise();
    setExporting(false);
    if (result.error || !result.data) {
      notify({ variant: 'danger', title: 'Could not export the accounts', description: errorMessage(result.error) });
      return;
    }
    saveFile(result.data.accountsCSV, `accounts-${new Date().toISOString().slice(0, 10)}.csv`);
  }

  const createButton = (
    <Button variant="primary" onClick={() => navigate(newAccountPath)}>
      Create account
    </Button>
  );

  const more = accountActions.filter((transition) => !primaryActions.includes(transition.action));

  return (
    <>
      <PageHeader
        title="Accounts"
        description="Developer accounts that consume your APIs."
        actions={
          <Flex gap={{ default: 'gapSm' }}>
            <Button variant="secondary" onClick={() => void exportCSV()} isLoading={exporting} isDisabled={exporting}>
              Export to CSV
            </Button>
            {createButton}
          </Flex>
        }
      />
      <PageSection isFilled>
        <ListTable
          label="Accounts"
          sort={sort}
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
                  <span className="portico-count pf-v6-u-text-nowrap" aria-live="polite">
                    {chosen.length} selected
                  </span>
                </ToolbarItem>
                {accountActions
                  .filter((transition) => primaryActions.includes(transition.action))
                  .map((transition) => (
                    <ToolbarItem key={transition.action}>
                      <Button variant="secondary" onClick={() => setConfirming(transition)}>
                        {transition.label} selected
                      </Button>
                    </ToolbarItem>
                  ))}
                <ToolbarItem>
                  <Dropdown
                    isOpen={moreOpen}
                    onOpenChange={setMoreOpen}
                    onSelect={() => setMoreOpen(false)}
                    popperProps={{ position: 'end' }}
                    toggle={(toggleRef) => (
                      <MenuToggle ref={toggleRef} isExpanded={moreOpen} onClick={() => setMoreOpen((open) => !open)}>
                        More actions
                      </MenuToggle>
                    )}
                  >
                    <DropdownList>
                      <DropdownItem onClick={() => setMessaging(true)}>Send message</DropdownItem>
                      <DropdownItem onClick={() => setChangingPlan(true)}>Change account plan</DropdownItem>
                      <Divider component="li" />
                      {more.map((transition) => (
                        <DropdownItem key={transition.action} onClick={() => setConfirming(transition)}>
                          {transition.label} selected
                        </DropdownItem>
                      ))}
                    </DropdownList>
                  </Dropdown>
                </ToolbarItem>
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
          columnChoice="accounts"
          columns={[
            {
              title: 'Group/Org.',
              sortField: 'ORG_NAME',
              width: 25,
              cell: (account) => <Link to={accountUrl(account.id)}>{account.orgName}</Link>,
            },
            {
              title: 'Admin',
              cell: (account) => nodes(account.users)[0]?.username ?? '—',
            },
            {
              title: 'Signup date',
              sortField: 'CREATED_AT',
              cell: (account) => (
                <Timestamp date={new Date(account.createdAt)} dateFormat={TimestampFormat.medium} />
              ),
            },
            { title: 'Plan', cell: (account) => account.plan?.name ?? '—' },
            { title: 'Apps', cell: (account) => account.applications.totalCount },
            { title: 'State', sortField: 'STATE', cell: (account) => <AccountStateLabel state={account.state} /> },
          ]}
        />
      </PageSection>
      <ConfirmDialog
        isOpen={confirming !== null}
        title={`${confirming?.label ?? ''} ${count}?`}
        confirmLabel={confirming?.label ?? ''}
        variant={confirming?.destructive ? 'danger' : 'warning'}
        onConfirm={() => (confirming ? runTransition(confirming) : undefined)}
        onCancel={() => setConfirming(null)}
      >
        {confirming ? consequences[confirming.action] : null} Accounts whose state does not allow it are skipped.
      </ConfirmDialog>
      {changingPlan ? (
        <ChangeAccountPlanModal
          title="Change account plan"
          description={`Move ${count} to another account plan.`}
          onSubmit={async (plan) => {
            const result = await changePlan({ ids: chosen.map((account) => account.id), planID: plan.id }, listContext);
            if (result.error || !result.data) return result.error ?? null;
            setChangingPlan(false);
            report('Change account plan', result.data.bulkChangeAccountPlan.items, `moved to ${plan.name}`);
            return null;
          }}
          onClose={() => setChangingPlan(false)}
        />
      ) : null}
      <ComposeMessageModal
        isOpen={messaging}
        recipients={chosen.length === 1 ? chosen[0].orgName : count}
        onSend={async (subject, body) => {
          const result = await sendMessages({ accountIDs: chosen.map((account) => account.id), subject, body });
          if (result.error || !result.data) return result.error ?? null;
          report('Send message', result.data.bulkSendMessage.result.items, 'sent');
          return null;
        }}
        onClose={() => setMessaging(false)}
      />
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
