import { PageSection } from '@patternfly/react-core';
import { Link, useParams } from 'react-router';
import { useQuery } from 'urql';

import { backendUrl } from '../../backends/urls';
import { BlankState } from '../../components/BlankState';
import { ListTable } from '../../components/ListTable';
import { nodes } from '../../graphql/connection';
import { ProductPage } from '../components/ProductPage';
import { productBackendsQuery } from '../queries';

/** Products › a product › Integration › Backends: which backends serve which public paths. */
export function ProductBackendsView() {
  const { productId = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: productBackendsQuery, variables: { productId } });

  return (
    <ProductPage productId={productId} title="Backends" description="The backends this product routes traffic to, by public path.">
      <PageSection isFilled>
        <ListTable
          label="Backends used by this product"
          rows={data ? nodes(data.backendUsages) : undefined}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          empty={
            <BlankState title="No backends yet">
              Add a backend to route the product's traffic to an internal service under a public path.
            </BlankState>
          }
          columns={[
            { title: 'Name', width: 25, cell: (usage) => <Link to={backendUrl(usage.backend.id)}>{usage.backend.name}</Link> },
            { title: 'Public path', cell: (usage) => <code>{usage.path}</code> },
            { title: 'Private endpoint', cell: (usage) => <code>{usage.backend.privateEndpoint}</code> },
          ]}
        />
      </PageSection>
    </ProductPage>
  );
}
