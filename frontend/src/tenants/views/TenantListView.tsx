import { Button, PageSection } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { DateTime } from '../../components/DateTime';
import { ListTable } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { SearchFilter } from '../../components/SearchFilter';
import { StateFilter } from '../../components/StateFilter';
import type { TenantState } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { useCursorPage, useListFilter } from '../../graphql/useCursorPage';
import { CreateTenantModal } from '../components/CreateTenantModal';
import { TenantStateLabel } from '../components/TenantStateLabel';
import { tenantStateOptions } from '../components/tenantStates';
import { providerListQuery } from '../queries';
import { tenantUrl } from '../urls';

const listContext = { additionalTypenames: ['Tenant'] };

const number = new Intl.NumberFormat();

/** Tenants › Listing: the API providers this installation hosts, for the master account. */
export function TenantListView() {
  const page = useCursorPage();
  const navigate = useNavigate();
  const [search, setSearch] = useListFilter('q');
  const [state, setState] = useListFilter('state');
  const [creating, setCreating] = useState(false);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: providerListQuery,
    variables: { ...page.variables, query: search || null, state: (state || null) as TenantState | null },
    context: useMemo(() => listContext, []),
  });
  const rows = useMemo(() => (data ? nodes(data.providers) : undefined), [data]);
  const filtered = search !== '' || state !== '';

  const createButton = (
    <Button variant="primary" onClick={() => setCreating(true)}>
      Create tenant
    </Button>
  );

  return (
    <>
      <PageHeader
        title="Tenants"
        description="The API providers this installation hosts, each with its own admin portal, developer portal and gateways."
        actions={createButton}
      />
      <PageSection isFilled>
        <ListTable
          label="Tenants"
          rows={rows}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          filters={
            <>
              <SearchFilter label="Search by name or domain" value={search} onChange={setSearch} />
              <StateFilter label="State" options={tenantStateOptions} value={state} onChange={setState} />
            </>
          }
          pagination={data ? { page, totalCount: data.providers.totalCount, pageInfo: data.providers.pageInfo } : undefined}
          empty={
            filtered ? (
              <BlankState title="No tenants match" variant="noResults">
                Change the search or the state filter.
              </BlankState>
            ) : (
              <BlankState title="No tenants yet" actions={createButton}>
                Tenants appear here when you create one, or when the Master API signs a provider up.
              </BlankState>
            )
          }
          columns={[
            { title: 'Organization', width: 20, cell: (tenant) => <Link to={tenantUrl(tenant.id)}>{tenant.orgName}</Link> },
            { title: 'Admin domain', cell: (tenant) => tenant.adminDomain },
            { title: 'State', cell: (tenant) => <TenantStateLabel state={tenant.state} /> },
            { title: 'Accounts', cell: (tenant) => number.format(tenant.providerStats.accounts) },
            { title: 'Applications', cell: (tenant) => number.format(tenant.providerStats.applications) },
            { title: 'Hits (30 days)', modifier: 'nowrap', cell: (tenant) => number.format(tenant.providerStats.hitsLast30Days) },
            { title: 'Created', cell: (tenant) => <DateTime value={tenant.createdAt} /> },
          ]}
        />
      </PageSection>
      {creating ? (
        <CreateTenantModal
          onClose={() => {
            setCreating(false);
            refetch({ requestPolicy: 'network-only' });
          }}
          onOpen={(id) => navigate(tenantUrl(id))}
        />
      ) : null}
    </>
  );
}
