import { Button, Card, CardBody, CardHeader, CardTitle, Flex, Label, Title, ToolbarItem } from '@patternfly/react-core';
import { useMemo, useState, type ReactNode } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ApplicationTable } from '../../applications/components/ApplicationTable';
import { newApplicationUrl } from '../../applications/urls';
import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DateTime } from '../../components/DateTime';
import { DetailsPage } from '../../components/DetailsPage';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage } from '../../graphql/useCursorPage';
import { productUrl } from '../../products/urls';
import { AccountEditModal } from '../components/AccountEditModal';
import { AccountStateLabel } from '../components/AccountStateLabel';
import { accountActions, type AccountAction } from '../components/accountStates';
import { useAccountTransition } from '../components/useAccountTransition';
import { accountDetailQuery, accountSubscriptionsQuery, accountUsersQuery, deleteAccountMutation } from '../queries';
import { accountsPath } from '../urls';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Card className="pf-v6-u-mt-lg">
      <CardHeader>
        <CardTitle>
          <Title headingLevel="h2" size="lg">
            {title}
          </Title>
        </CardTitle>
      </CardHeader>
      <CardBody>{children}</CardBody>
    </Card>
  );
}

function AccountUsers({ accountId }: { accountId: string }) {
  const page = useCursorPage(10, 'users.');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: accountUsersQuery,
    variables: { accountId, ...page.variables },
    context: useMemo(() => ({ additionalTypenames: ['User'] }), []),
  });
  return (
    <ListTable
      label="Users"
      rows={data ? nodes(data.users) : undefined}
      fetching={fetching}
      error={error}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      pagination={data ? { page, totalCount: data.users.totalCount, pageInfo: data.users.pageInfo } : undefined}
      empty={
        <BlankState title="No users" size="sm" headingLevel="h3">
          Nobody can sign in for this account yet.
        </BlankState>
      }
      columns={[
        { title: 'Username', width: 25, cell: (user) => user.username },
        { title: 'Email', cell: (user) => user.email },
        { title: 'Role', cell: (user) => (user.role === 'ADMIN' ? 'Admin' : 'Member') },
        { title: 'State', cell: (user) => <Label isCompact variant="outline">{user.state.charAt(0) + user.state.slice(1).toLowerCase().replaceAll('_', ' ')}</Label> },
        { title: 'Last sign-in', cell: (user) => <DateTime value={user.lastLoginAt} withTime /> },
      ]}
    />
  );
}

function AccountSubscriptions({ accountId }: { accountId: string }) {
  const page = useCursorPage(10, 'subs.');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: accountSubscriptionsQuery,
    variables: { accountId, ...page.variables },
  });
  return (
    <ListTable
      label="Service subscriptions"
      rows={data ? nodes(data.serviceSubscriptions) : undefined}
      fetching={fetching}
      error={error}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      pagination={
        data ? { page, totalCount: data.serviceSubscriptions.totalCount, pageInfo: data.serviceSubscriptions.pageInfo } : undefined
      }
      empty={
        <BlankState title="No service subscriptions" size="sm" headingLevel="h3">
          The account is not subscribed to any product's service plan.
        </BlankState>
      }
      columns={[
        { title: 'Product', width: 30, cell: (subscription) => <Link to={productUrl(subscription.product.id)}>{subscription.product.name}</Link> },
        { title: 'Service plan', cell: (subscription) => subscription.plan.name },
        { title: 'Since', cell: (subscription) => <DateTime value={subscription.createdAt} /> },
        { title: 'State', cell: (subscription) => subscription.state.charAt(0) + subscription.state.slice(1).toLowerCase() },
      ]}
    />
  );
}

/** Audience › Accounts › an account: details, state actions, applications, users and subscriptions. */
export function AccountDetailView() {
  const { accountId = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: accountDetailQuery,
    variables: { id: accountId },
    context: useMemo(() => ({ additionalTypenames: ['Application', 'User'] }), []),
  });
  const account = data?.node?.__typename === 'Account' ? data.node : null;
  const [confirming, setConfirming] = useState<(typeof accountActions)[number] | null>(null);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [busy, setBusy] = useState<AccountAction | null>(null);
  const transition = useAccountTransition();
  const [, deleteAccount] = useMutation(deleteAccountMutation);
  const notify = useNotify();
  const navigate = useNavigate();

  async function apply(entry: (typeof accountActions)[number]) {
    if (!account) return;
    setConfirming(null);
    setBusy(entry.action);
    const failure = await transition(entry.action, account.id);
    setBusy(null);
    if (failure) notify({ variant: 'danger', title: `Could not ${entry.label.toLowerCase()} “${account.orgName}”`, description: errorMessage(failure) });
    else notify({ variant: 'success', title: `${entry.label}: “${account.orgName}” done` });
  }

  async function confirmDelete() {
    if (!account) return;
    const result = await deleteAccount({ id: account.id }, { additionalTypenames: ['Account', 'Application'] });
    setDeleting(false);
    if (result.error) {
      notify({ variant: 'danger', title: `Could not delete “${account.orgName}”`, description: errorMessage(result.error) });
      return;
    }
    notify({ variant: 'success', title: `Deleted account “${account.orgName}”` });
    navigate(accountsPath);
  }

  const allowed = account ? accountActions.filter((entry) => entry.from.includes(account.state)) : [];

  return (
    <DetailsPage
      title={account?.orgName ?? null}
      breadcrumbs={[{ label: 'Accounts', to: accountsPath }, { label: account?.orgName ?? 'Account' }]}
      fetching={fetching}
      error={error}
      found={!!account}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      actions={
        account ? (
          <Flex gap={{ default: 'gapSm' }} role="group" aria-label="Account actions">
            {allowed.map((entry) => (
              <Button
                key={entry.action}
                variant={entry.action === 'approve' || entry.action === 'resume' ? 'primary' : 'secondary'}
                isDanger={entry.destructive}
                isLoading={busy === entry.action}
                isDisabled={busy !== null}
                onClick={() => (entry.destructive ? setConfirming(entry) : void apply(entry))}
              >
                {entry.label}
              </Button>
            ))}
            <Button variant="secondary" onClick={() => setEditing(true)}>
              Edit
            </Button>
            <Button variant="secondary" isDanger onClick={() => setDeleting(true)}>
              Delete
            </Button>
          </Flex>
        ) : null
      }
      details={
        account
          ? [
              { term: 'State', description: <AccountStateLabel state={account.state} /> },
              { term: 'State changed', description: <DateTime value={account.stateChangedAt} withTime /> },
              { term: 'Signed up', description: <DateTime value={account.createdAt} /> },
              { term: 'Account plan', description: account.plan?.name ?? '—' },
              { term: 'VAT code', description: account.vatCode || '—' },
              { term: 'Billing address', description: account.billingAddress || '—' },
            ]
          : []
      }
    >
      {account ? (
        <>
          <Section title={`Applications (${account.applications.totalCount})`}>
            <ApplicationTable
              accountId={account.id}
              prefix="apps."
              embedded
              toolbarActions={
                <ToolbarItem>
                  <Button variant="secondary" onClick={() => navigate(newApplicationUrl({ accountId: account.id }))}>
                    Create application
                  </Button>
                </ToolbarItem>
              }
            />
          </Section>
          <Section title={`Users (${account.users.totalCount})`}>
            <AccountUsers accountId={account.id} />
          </Section>
          <Section title={`Service subscriptions (${account.subscriptions.totalCount})`}>
            <AccountSubscriptions accountId={account.id} />
          </Section>
          {editing ? <AccountEditModal account={account} onClose={() => setEditing(false)} /> : null}
        </>
      ) : null}
      <ConfirmDialog
        isOpen={confirming !== null}
        title={`${confirming?.label ?? ''} “${account?.orgName ?? ''}”?`}
        confirmLabel={confirming?.label ?? ''}
        onConfirm={() => (confirming ? apply(confirming) : undefined)}
        onCancel={() => setConfirming(null)}
      >
        {confirming?.action === 'suspend'
          ? 'Its users cannot sign in and its applications are refused until the account is resumed.'
          : 'Its users cannot sign in to the Developer Portal.'}
      </ConfirmDialog>
      <ConfirmDialog isOpen={deleting} title="Delete account?" confirmLabel="Delete account" onConfirm={confirmDelete} onCancel={() => setDeleting(false)}>
        “{account?.orgName}” will be deleted with its {account?.users.totalCount ?? 0} user(s),{' '}
        {account?.applications.totalCount ?? 0} application(s) and subscriptions. This cannot be undone.
      </ConfirmDialog>
    </DetailsPage>
  );
}
