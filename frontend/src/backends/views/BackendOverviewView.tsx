import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';

import { DateTime } from '../../components/DateTime';
import { DetailsPage } from '../../components/DetailsPage';
import { nodes } from '../../graphql/connection';
import { productUrl } from '../../products/urls';
import { backendOverviewQuery } from '../queries';
import { backendsPath } from '../urls';

/** Backends › a backend › Overview. */
export function BackendOverviewView() {
  const { backendId = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: backendOverviewQuery, variables: { id: backendId } });
  const backend = data?.node?.__typename === 'Backend' ? data.node : null;
  const usages = backend ? nodes(backend.usages) : [];

  return (
    <DetailsPage
      title={backend?.name ?? null}
      breadcrumbs={[{ label: 'Backends', to: backendsPath }, { label: backend?.name ?? 'Backend' }]}
      fetching={fetching}
      error={error}
      found={!!backend}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      details={
        backend
          ? [
              { term: 'System name', description: <code>{backend.systemName}</code> },
              { term: 'Private endpoint', description: <code>{backend.privateEndpoint}</code> },
              { term: 'Description', description: backend.description ?? '—' },
              {
                term: 'Used by products',
                description:
                  usages.length === 0
                    ? 'None'
                    : usages.map((usage, index) => (
                        <span key={usage.id}>
                          {index > 0 ? ', ' : null}
                          <Link to={productUrl(usage.product.id)}>{usage.product.name}</Link> at <code>{usage.path}</code>
                        </span>
                      )),
              },
              { term: 'Created', description: <DateTime value={backend.createdAt} /> },
              { term: 'Last updated', description: <DateTime value={backend.updatedAt} withTime /> },
            ]
          : []
      }
    />
  );
}
