import { Alert, Button, Flex, Gallery } from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useMemo, useState } from 'react';
import { useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DateTime } from '../../components/DateTime';
import { DetailsPage } from '../../components/DetailsPage';
import { SectionCard } from '../../components/SectionCard';
import { useNotify } from '../../components/Notifications';
import { errorMessage } from '../../graphql/errors';
import { EditTenantModal } from '../components/EditTenantModal';
import { TenantStateLabel } from '../components/TenantStateLabel';
import { permittedTenantActions, type TenantAction } from '../components/tenantStates';
import { changeProviderStateMutation, impersonateProviderMutation, providerDetailQuery } from '../queries';
import { tenantsPath } from '../urls';

const number = new Intl.NumberFormat();

function Figure({ label, value }: { label: string; value: number }) {
  return (
    <div>
      <div className="pf-v6-u-font-size-2xl">{number.format(value)}</div>
      <div className="pf-v6-u-color-200">{label}</div>
    </div>
  );
}

/** A link on the page's own scheme and port, for a domain of the tenant. */
function domainLink(domain: string) {
  const { protocol, port } = window.location;
  const href = `${protocol}//${domain}${port ? `:${port}` : ''}`;
  return <a href={href}>{domain}</a>;
}

/**
 * Tenants › a tenant: its domains and state, what it holds, its team, the state actions and
 * impersonation of its admin.
 */
export function TenantDetailView() {
  const { tenantId = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: providerDetailQuery,
    variables: { id: tenantId },
    context: useMemo(() => ({ additionalTypenames: ['Tenant'] }), []),
  });
  const tenant = data?.node?.__typename === 'Tenant' ? data.node : null;
  const [confirming, setConfirming] = useState<TenantAction | null>(null);
  const [busy, setBusy] = useState<string | null>(null);
  const [editing, setEditing] = useState(false);
  const [, changeState] = useMutation(changeProviderStateMutation);
  const [, impersonate] = useMutation(impersonateProviderMutation);
  const notify = useNotify();

  async function apply(action: TenantAction) {
    if (!tenant) return;
    setConfirming(null);
    setBusy(action.event);
    const result = await changeState({ id: tenant.id, event: action.event });
    setBusy(null);
    if (result.error) {
      notify({ variant: 'danger', title: `Could not ${action.label.toLowerCase()} ${tenant.orgName}`, description: errorMessage(result.error) });
      return;
    }
    notify({ variant: 'success', title: `${tenant.orgName} was ${action.done}` });
  }

  async function openAsAdmin() {
    if (!tenant) return;
    setBusy('IMPERSONATE');
    const result = await impersonate({ id: tenant.id }, { additionalTypenames: ['AuditEntry'] });
    setBusy(null);
    if (result.error || !result.data) {
      notify({ variant: 'danger', title: `Could not impersonate ${tenant.orgName}`, description: errorMessage(result.error) });
      return;
    }
    const { url, username } = result.data.impersonateProvider;
    // The tab opens after the answer, outside the click: a browser may block it, so the toast
    // carries the link too (good once, for two minutes).
    window.open(url, '_blank', 'noopener');
    notify({
      variant: 'info',
      title: `${tenant.orgName}’s admin portal opens as ${username} in a new tab`,
      description: (
        <>
          If no tab opened,{' '}
          <a href={url} target="_blank" rel="noopener noreferrer">
            open it here
          </a>{' '}
          (within two minutes). The tenant’s audit log records every change you make there under your name; log out to end it.
        </>
      ),
    });
  }

  const allowed = tenant ? permittedTenantActions(tenant.providerEvents) : [];
  const approved = tenant?.state === 'APPROVED';

  return (
    <DetailsPage
      title={tenant?.orgName ?? null}
      breadcrumbs={[{ label: 'Tenants', to: tenantsPath }, { label: tenant?.orgName ?? 'Tenant' }]}
      fetching={fetching}
      error={error}
      found={!!tenant}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      actions={
        tenant ? (
          <Flex gap={{ default: 'gapSm' }} role="group" aria-label="Tenant actions">
            {approved ? (
              <Button variant="primary" onClick={() => void openAsAdmin()} isLoading={busy === 'IMPERSONATE'} isDisabled={busy !== null}>
                Impersonate admin
              </Button>
            ) : null}
            {allowed.map((action) => (
              <Button
                key={action.event}
                variant={action.event === 'APPROVE' || action.event === 'RESUME' ? 'primary' : 'secondary'}
                isDanger={action.destructive}
                isLoading={busy === action.event}
                isDisabled={busy !== null}
                onClick={() => (action.consequence ? setConfirming(action) : void apply(action))}
              >
                {action.label}
              </Button>
            ))}
            {tenant.state !== 'SCHEDULED_FOR_DELETION' ? (
              <Button variant="secondary" onClick={() => setEditing(true)}>
                Edit
              </Button>
            ) : null}
          </Flex>
        ) : null
      }
      details={
        tenant
          ? [
              { term: 'State', description: <TenantStateLabel state={tenant.state} /> },
              { term: 'State changed', description: <DateTime value={tenant.stateChangedAt} withTime /> },
              { term: 'Admin domain', description: domainLink(tenant.adminDomain) },
              { term: 'Developer domain', description: tenant.developerDomain || '—' },
              { term: 'From email', description: tenant.fromEmail || '—' },
              { term: 'Support email', description: tenant.supportEmail || '—' },
              { term: 'Created', description: <DateTime value={tenant.createdAt} /> },
            ]
          : []
      }
    >
      {tenant ? (
        <>
          {tenant.state === 'SCHEDULED_FOR_DELETION' ? (
            <Alert className="pf-v6-u-mt-lg" variant="danger" isInline title="This tenant is scheduled for deletion">
              Its rows are purged 15 days after <DateTime value={tenant.stateChangedAt} withTime />. Resume it to keep it.
            </Alert>
          ) : null}
          <SectionCard title="Usage">
            <Gallery hasGutter minWidths={{ default: '10rem' }}>
              <Figure label="Developer accounts" value={tenant.providerStats.accounts} />
              <Figure label="Applications" value={tenant.providerStats.applications} />
              <Figure label="Team users" value={tenant.providerStats.users} />
              <Figure label="Pending invitations" value={tenant.providerStats.pendingInvitations} />
              <Figure label="Hits, last 30 days" value={tenant.providerStats.hitsLast30Days} />
            </Gallery>
          </SectionCard>
          <SectionCard title={`Team (${tenant.providerUsers.length})`}>
            <Table aria-label="Team users" variant="compact">
              <Thead>
                <Tr>
                  <Th>Username</Th>
                  <Th>Email</Th>
                  <Th>Role</Th>
                  <Th>State</Th>
                  <Th>Last signed in</Th>
                </Tr>
              </Thead>
              <Tbody>
                {tenant.providerUsers.map((user) => (
                  <Tr key={user.id}>
                    <Td dataLabel="Username">{user.username}</Td>
                    <Td dataLabel="Email">{user.email}</Td>
                    <Td dataLabel="Role">{user.role === 'ADMIN' ? 'Admin' : 'Member'}</Td>
                    <Td dataLabel="State">{user.state.charAt(0) + user.state.slice(1).toLowerCase()}</Td>
                    <Td dataLabel="Last signed in">
                      <DateTime value={user.lastLoginAt} withTime />
                    </Td>
                  </Tr>
                ))}
              </Tbody>
            </Table>
          </SectionCard>
          {editing ? <EditTenantModal tenant={tenant} onClose={() => setEditing(false)} /> : null}
        </>
      ) : null}
      <ConfirmDialog
        isOpen={confirming !== null}
        title={`${confirming?.label ?? ''} ${tenant?.orgName ?? ''}?`}
        confirmLabel={confirming?.label ?? ''}
        onConfirm={() => (confirming ? apply(confirming) : undefined)}
        onCancel={() => setConfirming(null)}
      >
        {confirming?.consequence}
      </ConfirmDialog>
    </DetailsPage>
  );
}
