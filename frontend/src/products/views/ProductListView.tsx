import { Button, PageSection } from '@patternfly/react-core';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';

import { activeDocsPath } from '../../activedocs/urls';
import { BlankState } from '../../components/BlankState';
import { DateTime } from '../../components/DateTime';
import { ListTable } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { SearchFilter } from '../../components/SearchFilter';
import type { ProductWhereInput } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { useCursorPage, useListFilter } from '../../graphql/useCursorPage';
import { ProductStateLabel } from '../components/ProductStateLabel';
import { productListQuery } from '../queries';
import { discoverProductsPath, newProductPath, productTrafficUrl, productUrl } from '../urls';
import { useHasSection } from '../../app/useHasSection';

/** Products: the APIs published to developers. */
export function ProductListView() {
  const page = useCursorPage();
  const navigate = useNavigate();
  // A member with the analytics area only opens a product on its traffic.
  const open = useHasSection('PLANS') === false ? productTrafficUrl : productUrl;
  const createButton = (
    <Button variant="primary" onClick={() => navigate(newProductPath)}>
      Create product
    </Button>
  );
  const [search, setSearch] = useListFilter('q');
  const where: ProductWhereInput = search ? { nameContainsFold: search } : {};
  const [{ data, fetching, error }, refetch] = useQuery({
    query: productListQuery,
    variables: { ...page.variables, where },
    context: useMemo(() => ({ additionalTypenames: ['Product'] }), []),
  });

  return (
    <>
      <PageHeader
        title="Products"
        description="The APIs you publish to developers, with their plans and applications."
        actions={
          <>
            <Button variant="secondary" onClick={() => navigate(activeDocsPath)}>
              ActiveDocs
            </Button>{' '}
            <Button variant="secondary" onClick={() => navigate(discoverProductsPath)}>
              Import from cluster
            </Button>{' '}
            {createButton}
          </>
        }
      />
      <PageSection isFilled>
        <ListTable
          label="Products"
          rows={data ? nodes(data.products) : undefined}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          filters={<SearchFilter label="Search by name" value={search} onChange={setSearch} />}
          pagination={
            data ? { page, totalCount: data.products.totalCount, pageInfo: data.products.pageInfo } : undefined
          }
          empty={
            search ? (
              <BlankState title="No products match" variant="noResults">
                Change the search.
              </BlankState>
            ) : (
              <BlankState title="No products yet" actions={createButton}>
                A product bundles one or more backends into an API that developers subscribe to.
              </BlankState>
            )
          }
          columns={[
            { title: 'Name', width: 30, cell: (product) => <Link to={open(product.id)}>{product.name}</Link> },
            { title: 'System name', cell: (product) => <code>{product.systemName}</code> },
            { title: 'State', cell: (product) => <ProductStateLabel state={product.state} /> },
            { title: 'Last updated', cell: (product) => <DateTime value={product.updatedAt} /> },
          ]}
        />
      </PageSection>
    </>
  );
}
