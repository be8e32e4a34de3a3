import { EmptyState, EmptyStateBody, Grid, GridItem, PageSection } from '@patternfly/react-core';
import { OutlinedHourglassIcon } from '@patternfly/react-icons';
import { useQuery } from 'urql';

import { useHasAnySection } from '../../app/useHasSection';
import { backendsPath, backendUrl } from '../../backends/urls';
import { ErrorState } from '../../components/ErrorState';
import { AskAnAdmin } from '../../components/NotPermittedState';
import { LoadingState } from '../../components/LoadingState';
import { PageHeader } from '../../components/PageHeader';
import { nodes } from '../../graphql/connection';
import { ProductStateLabel } from '../../products/components/ProductStateLabel';
import { productsPath, productUrl } from '../../products/urls';
import { DashboardTraffic } from '../../analytics/components/DashboardTraffic';
import { ApiCard } from '../components/ApiCard';
import { AudienceCard } from '../components/AudienceCard';
import { NotificationsCard } from '../../notifications/components/NotificationsCard';
import { dashboardQuery } from '../queries';

const recent = 5;

/** The landing screen: audience figures, latest signups, and recently changed products and backends. */
export function DashboardView() {
  const hasAnySection = useHasAnySection();
  const [{ data, fetching, error }, refetch] = useQuery({ query: dashboardQuery, variables: { recent }, pause: hasAnySection !== true });
  if (hasAnySection === false) return <NoAccessYet />;

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
          <NotificationsCard />
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
  } else if (fetching || hasAnySection === undefined) {
    content = <LoadingState label="Loading the dashboard…" />;
  }

  return (
    <>
      <PageHeader title="Dashboard" />
      <PageSection isFilled>{content}</PageSection>
    </>
  );
}

/** The landing screen of a team member who was given no area yet: whom to ask for access. */
function NoAccessYet() {
  return (
    <>
      <PageHeader title="Welcome to Portico" />
      <PageSection isFilled>
        <EmptyState titleText="No access yet" headingLevel="h2" icon={OutlinedHourglassIcon} variant="lg">
          <EmptyStateBody>
            <AskAnAdmin lead="You are a member of the team, but no area of the Admin Portal was granted to you yet." />
          </EmptyStateBody>
        </EmptyState>
      </PageSection>
    </>
  );
}
