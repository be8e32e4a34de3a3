import { Label, PageSection, Timestamp, TimestampFormat, TimestampTooltipVariant, type LabelProps } from '@patternfly/react-core';
import { useMemo } from 'react';
import { useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ErrorState } from '../../components/ErrorState';
import { ListTable } from '../../components/ListTable';
import { LoadingState } from '../../components/LoadingState';
import { NotPermittedState } from '../../components/NotPermittedState';
import { PageHeader } from '../../components/PageHeader';
import { StateFilter } from '../../components/StateFilter';
import type { AuditEntryAction } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { useCursorPage, useListFilter } from '../../graphql/useCursorPage';
import { auditActionNames, auditActorName, auditFieldList, auditObjectTypeName, auditObjectTypes } from '../components/auditWords';
import { auditEntriesQuery, auditLogViewerQuery, auditTenantsQuery } from '../queries';
import { settingsPath } from '../urls';

const listContext = { additionalTypenames: ['AuditEntry'] };

const actionColor: Record<AuditEntryAction, LabelProps['color']> = {
  CREATE: 'green',
  UPDATE: 'blue',
  DELETE: 'red',
  IMPERSONATE: 'orange',
};

const breadcrumbs = [{ label: 'Account Settings', to: settingsPath }, { label: 'Audit log' }];

const retention = 'Entries are kept for a year and record the names of the fields changed, never their values.';

/** The local date and time of a change; the exact moment, to the fraction of a second, on hover or focus. */
function When({ value }: { value: string }) {
  const date = new Date(value);
  const exact = `${date.toLocaleString(undefined, { dateStyle: 'full', timeStyle: 'long' })} (${value})`;
  return (
    <Timestamp
      date={date}
      dateTime={value}
      dateFormat={TimestampFormat.medium}
      timeFormat={TimestampFormat.medium}
      tooltip={{ variant: TimestampTooltipVariant.custom, content: exact }}
    />
  );
}

/**
 * Account Settings › Audit log (admins only): who changed the account, its users and their rights,
 * access tokens, single sign-on, billing settings or payment gateway, when and from where. Users of
 * the master account read every tenant's changes, or one tenant's.
 */
export function AuditLogView() {
  const [viewerResult, refetchViewer] = useQuery({ query: auditLogViewerQuery });
  const viewer = viewerResult.data?.viewer;
  const isAdmin = viewer?.user.role === 'ADMIN';
  const isMaster = isAdmin && viewer.tenant.master;

  const page = useCursorPage();
  const [objectType, setObjectType] = useListFilter('type');
  const [tenantID, setTenantID] = useListFilter('tenant');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: auditEntriesQuery,
    variables: {
      ...page.variables,
      ...(objectType ? { objectType } : {}),
      ...(isMaster && tenantID ? { tenantID } : {}),
    },
    context: useMemo(() => listContext, []),
    pause: !isAdmin,
  });
  const [tenants] = useQuery({ query: auditTenantsQuery, pause: !isMaster });
  const tenantOptions = useMemo(
    () =>
      viewer && isMaster
        ? [
            { value: viewer.tenant.id, label: 'Master account' },
            ...nodes(tenants.data?.providers).map((tenant) => ({ value: tenant.id, label: tenant.orgName })),
          ]
        : [],
    [isMaster, tenants.data, viewer],
  );

  if (viewerResult.error || !viewer || !isAdmin) {
    let state;
    if (viewerResult.error) state = <ErrorState error={viewerResult.error} onRetry={() => refetchViewer({ requestPolicy: 'network-only' })} />;
    else if (!viewer) state = <LoadingState />;
    else state = <NotPermittedState message="Only admins of this Portico account can read the audit log." />;
    return (
      <>
        <PageHeader title="Audit log" breadcrumbs={breadcrumbs} />
        <PageSection isFilled>{state}</PageSection>
      </>
    );
  }

  const filtered = Boolean(objectType || (isMaster && tenantID));
  return (
    <>
      <PageHeader
        title="Audit log"
        description={
          isMaster
            ? `Every change to the tenants, their users and their rights, access tokens, single sign-on, billing settings and payment gateways: who made it, when and from which address. Choose a tenant to see only its changes. ${retention}`
            : `Every change to this account, its users and their rights, access tokens, single sign-on, billing settings and payment gateway: who made it, when and from which address. ${retention}`
        }
        breadcrumbs={breadcrumbs}
      />
      <PageSection isFilled>
        <ListTable
          label="Audit log"
          rows={data ? nodes(data.auditEntries) : undefined}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          filters={
            <>
              <StateFilter label="Type" options={[...auditObjectTypes]} value={objectType} onChange={setObjectType} />
              {isMaster ? <StateFilter label="Tenant" options={tenantOptions} value={tenantID} onChange={setTenantID} /> : null}
            </>
          }
          pagination={data ? { page, totalCount: data.auditEntries.totalCount, pageInfo: data.auditEntries.pageInfo } : undefined}
          empty={
            filtered ? (
              <BlankState title="No changes match" variant="noResults">
                Nothing of this kind was changed in the last year. Change the filters.
              </BlankState>
            ) : (
              <BlankState title="No changes recorded yet">
                Changes to users and their rights, access tokens, single sign-on, billing settings and the account itself appear here as
                they are made.
              </BlankState>
            )
          }
          columns={[
            { title: 'When', modifier: 'nowrap', cell: (entry) => <When value={entry.createdAt} /> },
            {
              title: 'Who',
              cell: (entry) => (
                <>
                  {auditActorName(entry)}
                  {entry.actorTenant === 'master' ? (
                    <>
                      {' '}
                      <Label isCompact color="purple">
                        Master account
                      </Label>
                    </>
                  ) : null}
                </>
              ),
            },
            {
              title: 'Action',
              modifier: 'nowrap',
              cell: (entry) => (
                <Label isCompact variant="outline" color={actionColor[entry.action]}>
                  {auditActionNames[entry.action]}
                </Label>
              ),
            },
            {
              title: 'What',
              modifier: 'nowrap',
              cell: (entry) => (entry.objectID == null ? auditObjectTypeName(entry.objectType) : `${auditObjectTypeName(entry.objectType)} #${entry.objectID}`),
            },
            { title: 'Fields changed', width: 40, cell: (entry) => auditFieldList(entry.fields) },
            { title: 'From', modifier: 'nowrap', cell: (entry) => entry.clientIP || '—' },
          ]}
        />
      </PageSection>
    </>
  );
}
