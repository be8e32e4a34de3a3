import { Grid, GridItem, PageSection } from '@patternfly/react-core';
import { useQuery } from 'urql';

import { backendsPath, backendUrl } from '../../backends/urls';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { nodes } from '../../graphql/connection';
import { ProductStateLabel } from '../../products/components/ProductStateLabel';
import { productsPath, productUrl } from '../../products/urls';
import { DashboardTraffic } from '../../analytics/components/DashboardTraffic';
import { ApiCard } from '../components/ApiCard';
import { AudienceCard } from '../components/AudienceCard';
import { dashboardQuery } from '../queries';

const recent = 5;

/** The landing screen: audience figures, latest signups, and recently changed products and backends. */
export function DashboardView() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: dashboardQuery, variables: { recent } });

  let content;
  if (data) {
    content = (
      <Grid hasGutter>
        <GridItem span={12}>
          <AudienceCard
            accounts={data.accounts.totalCount}
            pendingAccounts={data.pendingAccounts.totalCount}
            applications={data.applications.totalCount}
            pendingApplications={data.pendingApplications.totalCount}
            recentAccounts={nodes(data.recentAccounts)}
          />
        </GridItem>
        <GridItem span={12}>
          <DashboardTraffic />
        </GridItem>
        <GridItem md={6}>
          <ApiCard
            title="Products"
            total={data.products.totalCount}
            detailTitle="State"
            listTo={productsPath}
            emptyTitle="No products yet"
            emptyBody="A product is the API you publish to developers, with its plans and applications."
            rows={nodes(data.products).map((product) => ({
              id: product.id,
              name: product.name,
              to: productUrl(product.id),
              detail: <ProductStateLabel state={product.state} />,
            }))}
          />
        </GridItem>
        <GridItem md={6}>
          <ApiCard
            title="Backends"
            total={data.backends.totalCount}
            detailTitle="Private endpoint"
            listTo={backendsPath}
            emptyTitle="No backends yet"
            emptyBody="A backend is an internal service that one or more products route traffic to."
            rows={nodes(data.backends).map((backend) => ({
              id: backend.id,
              name: backend.name,
              to: backendUrl(backend.id),
              detail: <code className="portico-endpoint">{backend.privateEndpoint}</code>,
            }))}
          />
        </GridItem>
      </Grid>
    );
  } else if (error) {
    content = <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  } else if (fetching) {
    content = <LoadingState label="Loading the dashboard…" />;
  }

  return (
    <>
      <PageHeader title="Dashboard" />
      <PageSection isFilled>{content}</PageSection>
    </>
  );
}
