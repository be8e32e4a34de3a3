import { Button, Card, CardBody, CardTitle, Flex, Title } from '@patternfly/react-core';
import { useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { ConfirmDialog } from '../../components/ConfirmDialog';
import { CopyValue } from '../../components/CopyValue';
import { DateTime } from '../../components/DateTime';
import { DetailsPage } from '../../components/DetailsPage';
import { countOf } from '../../components/plural';
import { useNotify } from '../../components/Notifications';
import type { ProductState } from '../../gql/graphql';
import { errorMessage } from '../../graphql/errors';
import { authenticationName, planChangeOptions } from '../components/authentication';
import { ProductEditModal } from '../components/ProductEditModal';
import { ProductStateLabel } from '../components/ProductStateLabel';
import { productStateHelp } from '../components/productState';
import { deleteProductMutation, productOverviewQuery } from '../queries';
import { productConfigurationUrl, productsPath } from '../urls';

/** The product's state, what it means, and (while incomplete) what completes it. */
function ProductStateHelp({ state, serving, productId }: { state: ProductState; serving: boolean; productId: string }) {
  const help = productStateHelp(state, serving);
  return (
    <Flex direction={{ default: 'column' }} gap={{ default: 'gapXs' }}>
      <span>
        <ProductStateLabel state={state} serving={serving} />
      </span>
      <span>{help.meaning}</span>
      {help.next ? (
        <span>
          {help.next} <Link to={productConfigurationUrl(productId)}>Go to the configuration</Link>
        </span>
      ) : null}
    </Flex>
  );
}

/** Products › a product › Overview. */
export function ProductOverviewView() {
  const { productId = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: productOverviewQuery, variables: { id: productId } });
  const product = data?.node?.__typename === 'Product' ? data.node : null;
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [, deleteProduct] = useMutation(deleteProductMutation);
  const notify = useNotify();
  const navigate = useNavigate();

  async function confirmDelete() {
    if (!product) return;
    const result = await deleteProduct({ id: product.id }, { additionalTypenames: ['Product'] });
    setDeleting(false);
    if (result.error) {
      notify({ variant: 'danger', title: `Could not delete “${product.name}”`, description: errorMessage(result.error) });
      return;
    }
    notify({ variant: 'success', title: `Deleted product “${product.name}”` });
    navigate(productsPath);
  }

  const tokens = product?.serviceTokens ?? [];
  return (
    <DetailsPage
      title={product?.name ?? null}
      breadcrumbs={[{ label: 'Products', to: productsPath }, { label: product?.name ?? 'Product' }]}
      fetching={fetching}
      error={error}
      found={!!product}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      actions={
        product ? (
          <Flex gap={{ default: 'gapSm' }}>
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
        product
          ? [
              { term: 'System name', description: <code>{product.systemName}</code> },
              { term: 'ID', description: <code>{product.id}</code> },
              {
                term: 'State',
                description: <ProductStateHelp state={product.state} serving={product.serving.totalCount > 0} productId={productId} />,
              },
              { term: 'Description', description: product.description || '—' },
              { term: 'Authentication', description: authenticationName(product.authentication) },
              { term: 'Referrer filtering', description: product.referrerFiltersRequired ? 'Required' : 'Off' },
              { term: 'RateLimit headers', description: product.rateLimitHeaders ? 'Sent to gateways' : 'Off' },
              {
                term: 'Application plan changes',
                description:
                  planChangeOptions.find((option) => option.value === product.planChangePermission)?.label ??
                  product.planChangePermission,
              },
              { term: 'Applications', description: product.applications.totalCount },
              { term: 'Backends', description: product.backendUsages.totalCount },
              { term: 'Created', description: <DateTime value={product.createdAt} /> },
              { term: 'Last updated', description: <DateTime value={product.updatedAt} withTime /> },
            ]
          : []
      }
    >
      {product ? (
        <Card className="pf-v6-u-mt-lg">
          <CardTitle>
            <Title headingLevel="h2" size="lg">
              Service tokens
            </Title>
          </CardTitle>
          <CardBody>
            {tokens.length === 0 ? (
              <p>This product has no service token; the gateway cannot call Portico for it.</p>
            ) : (
              <Flex direction={{ default: 'column' }} gap={{ default: 'gapSm' }}>
                <p>The gateway sends a service token with every authorization and report call for this product.</p>
                {tokens.map((token) => (
                  <CopyValue key={token.id} value={token.value} label="Service token" />
                ))}
              </Flex>
            )}
          </CardBody>
        </Card>
      ) : null}
      {product && editing ? <ProductEditModal product={product} onClose={() => setEditing(false)} /> : null}
      <ConfirmDialog
        isOpen={deleting}
        title="Delete product?"
        confirmLabel="Delete product"
        onConfirm={confirmDelete}
        onCancel={() => setDeleting(false)}
      >
        “{product?.name}” will be deleted with everything under it: {countOf(product?.applications.totalCount ?? 0, 'application')},
        and its subscriptions, plans, methods, metrics and mapping rules. This cannot be undone.
      </ConfirmDialog>
    </DetailsPage>
  );
}
