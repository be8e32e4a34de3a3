import { useParams } from 'react-router';
import { useQuery } from 'urql';

import { DateTime } from '../../components/DateTime';
import { DetailsPage } from '../../components/DetailsPage';
import type { ProductAuthentication, ProductPlanChangePermission } from '../../gql/graphql';
import { ProductStateLabel } from '../components/ProductStateLabel';
import { productOverviewQuery } from '../queries';
import { productsPath } from '../urls';

const authentication: Record<ProductAuthentication, string> = {
  USER_KEY: 'API key (user_key)',
  APP_ID: 'App ID and App Key pair',
  OIDC: 'OpenID Connect',
};

function planChange(permission: ProductPlanChangePermission): string {
  return permission
    .toLowerCase()
    .split('_')
    .map((word, index) => (index === 0 ? word.charAt(0).toUpperCase() + word.slice(1) : word))
    .join(' ');
}

/** Products › a product › Overview. */
export function ProductOverviewView() {
  const { productId = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: productOverviewQuery, variables: { id: productId } });
  const product = data?.node?.__typename === 'Product' ? data.node : null;

  return (
    <DetailsPage
      title={product?.name ?? null}
      breadcrumbs={[{ label: 'Products', to: productsPath }, { label: product?.name ?? 'Product' }]}
      fetching={fetching}
      error={error}
      found={!!product}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      details={
        product
          ? [
              { term: 'System name', description: <code>{product.systemName}</code> },
              { term: 'State', description: <ProductStateLabel state={product.state} /> },
              { term: 'Description', description: product.description ?? '—' },
              { term: 'Authentication', description: authentication[product.authentication] },
              { term: 'Referrer filtering', description: product.referrerFiltersRequired ? 'Required' : 'Off' },
              { term: 'Application plan changes', description: planChange(product.planChangePermission) },
              { term: 'Created', description: <DateTime value={product.createdAt} /> },
              { term: 'Last updated', description: <DateTime value={product.updatedAt} withTime /> },
            ]
          : []
      }
    />
  );
}
