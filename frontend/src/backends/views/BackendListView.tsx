import { Button, PageSection } from '@patternfly/react-core';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { DateTime } from '../../components/DateTime';
import { ListTable } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { SearchFilter } from '../../components/SearchFilter';
import type { BackendWhereInput } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { useCursorPage, useListFilter } from '../../graphql/useCursorPage';
import { backendListQuery } from '../queries';
import { backendUrl, newBackendPath } from '../urls';

/** Backends: the internal services products route traffic to. */
export function BackendListView() {
  const page = useCursorPage();
  const navigate = useNavigate();
  const createButton = (
    <Button variant="primary" onClick={() => navigate(newBackendPath)}>
      Create backend
    </Button>
  );
  const [search, setSearch] = useListFilter('q');
  const where: BackendWhereInput = search ? { nameContainsFold: search } : {};
  const [{ data, fetching, error }, refetch] = useQuery({
    query: backendListQuery,
    variables: { ...page.variables, where },
    context: useMemo(() => ({ additionalTypenames: ['Backend'] }), []),
  });

  return (
    <>
      <PageHeader title="Backends" description="Internal services that products route traffic to." actions={createButton} />
      <PageSection isFilled>
        <ListTable
          label="Backends"
          rows={data ? nodes(data.backends) : undefined}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          filters={<SearchFilter label="Search by name" value={search} onChange={setSearch} />}
          pagination={
            data ? { page, totalCount: data.backends.totalCount, pageInfo: data.backends.pageInfo } : undefined
          }
          empty={
            search ? (
              <BlankState title="No backends match" variant="noResults">
                Change the search.
              </BlankState>
            ) : (
              <BlankState title="No backends yet" actions={createButton}>
                A backend is an internal API; products expose it to developers under a public path.
              </BlankState>
            )
          }
          columns={[
            { title: 'Name', width: 25, cell: (backend) => <Link to={backendUrl(backend.id)}>{backend.name}</Link> },
            { title: 'System name', cell: (backend) => <code>{backend.systemName}</code> },
            { title: 'Private endpoint', modifier: 'truncate', cell: (backend) => <code>{backend.privateEndpoint}</code> },
            { title: 'Used by products', cell: (backend) => backend.usages.totalCount },
            { title: 'Last updated', cell: (backend) => <DateTime value={backend.updatedAt} /> },
          ]}
        />
      </PageSection>
    </>
  );
}
