import {
  Card,
  CardBody,
  CardHeader,
  CardTitle,
  FormSelect,
  FormSelectOption,
  Grid,
  GridItem,
  Label,
  Spinner,
  Title,
} from '@patternfly/react-core';
import { Table, Tbody, Td, Th, Thead, Tr } from '@patternfly/react-table';
import { useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';

import { applicationUrl } from '../../applications/urls';
import { BlankState } from '../../components/BlankState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { nodes } from '../../graphql/connection';
import { productTopApplicationsUrl, productTrafficUrl } from '../../products/urls';
import { dashboardTrafficQuery, topApplicationsQuery, usageSeriesQuery } from '../queries';
import { formatChange, formatCount } from '../range';

const lastMonth = { period: 'MONTH' as const };

function ProductHitsRow({ product }: { product: { id: string; name: string } }) {
  const [{ data, error }] = useQuery({
    query: usageSeriesQuery,
    variables: { productID: product.id, metric: 'hits', range: lastMonth, compare: true },
  });
  const series = data?.usageSeries;
  return (
    <Tr>
      <Td dataLabel="Product">
        <Link to={productTrafficUrl(product.id)}>{product.name}</Link>
      </Td>
      <Td dataLabel="Hits">
        {series ? formatCount(series.total) : error ? 'Unavailable' : <Spinner size="sm" aria-label={`Loading the hits of ${product.name}`} />}
      </Td>
      <Td dataLabel="Change">
        {series?.change != null && (series.total > 0 || Boolean(series.previousTotal)) ? (
          <Label isCompact color={series.change > 0 ? 'green' : series.change < 0 ? 'red' : 'grey'}>
            {formatChange(series.change)}
          </Label>
        ) : series ? (
          '—'
        ) : null}
      </Td>
    </Tr>
  );
}

function TopApplications({ products }: { products: readonly { id: string; name: string }[] }) {
  const [productId, setProductId] = useState(products[0]?.id ?? '');
  const [{ data, error }] = useQuery({
    query: topApplicationsQuery,
    variables: { productID: productId, metric: 'hits', range: lastMonth, limit: 5 },
    pause: !productId,
  });
  return (
    <>
      <FormSelect
        aria-label="Product of the top applications"
        value={productId}
        onChange={(_event, value) => setProductId(value)}
        className="pf-v6-u-mb-sm"
      >
        {products.map((product) => (
          <FormSelectOption key={product.id} value={product.id} label={product.name} />
        ))}
      </FormSelect>
      {error ? (
        <ErrorState error={error} headingLevel="h3" />
      ) : !data ? (
        <LoadingState label="Loading top applications…" />
      ) : data.topApplications.applications.length === 0 ? (
        <BlankState title="No traffic yet" headingLevel="h3" size="xs">
          No application of this product made a call in the last 30 days.
        </BlankState>
      ) : (
        <Table aria-label="Top applications, last 30 days" variant="compact">
          <Thead>
            <Tr>
              <Th>Application</Th>
              <Th>Account</Th>
              <Th modifier="fitContent">Hits</Th>
            </Tr>
          </Thead>
          <Tbody>
            {data.topApplications.applications.map((row) => (
              <Tr key={row.application.id}>
                <Td dataLabel="Application">
                  <Link to={applicationUrl(row.application.id)}>{row.application.name}</Link>
                </Td>
                <Td dataLabel="Account">{row.application.account.orgName}</Td>
                <Td dataLabel="Hits">{formatCount(row.value)}</Td>
              </Tr>
            ))}
          </Tbody>
        </Table>
      )}
      {productId ? <Link to={productTopApplicationsUrl(productId)}>All top applications of this product</Link> : null}
    </>
  );
}

/** The dashboard's traffic: hits of the last 30 days per product with the change, and top applications. */
export function DashboardTraffic() {
  const [{ data, error }] = useQuery({ query: dashboardTrafficQuery });
  const products = nodes(data?.products);
  let traffic;
  let top;
  if (error) {
    traffic = <ErrorState error={error} headingLevel="h3" />;
    top = null;
  } else if (!data) {
    traffic = <LoadingState label="Loading traffic…" />;
    top = null;
  } else if (!products.length) {
    traffic = (
      <BlankState title="No traffic yet" headingLevel="h3" size="xs">
        Create a product, then send calls through its APIcast to see its hits here.
      </BlankState>
    );
    top = traffic;
  } else {
    traffic = (
      <Table aria-label="Hits per product, last 30 days" variant="compact">
        <Thead>
          <Tr>
            <Th width={50}>Product</Th>
            <Th>Hits</Th>
            <Th>Change</Th>
          </Tr>
        </Thead>
        <Tbody>
          {products.map((product) => (
            <ProductHitsRow key={product.id} product={product} />
          ))}
        </Tbody>
      </Table>
    );
    top = <TopApplications products={products} />;
  }
  return (
    <Grid hasGutter>
      <GridItem md={6}>
        <Card isFullHeight>
          <CardHeader>
            <CardTitle>
              <Title headingLevel="h2" size="lg">
                Traffic, last 30 days
              </Title>
            </CardTitle>
          </CardHeader>
          <CardBody>{traffic}</CardBody>
        </Card>
      </GridItem>
      <GridItem md={6}>
        <Card isFullHeight>
          <CardHeader>
            <CardTitle>
              <Title headingLevel="h2" size="lg">
                Top applications, last 30 days
              </Title>
            </CardTitle>
          </CardHeader>
          <CardBody>{top}</CardBody>
        </Card>
      </GridItem>
    </Grid>
  );
}
