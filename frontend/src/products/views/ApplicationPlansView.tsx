import { Label, PageSection } from '@patternfly/react-core';
import { useParams } from 'react-router';
import { useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ListTable } from '../../components/ListTable';
import { nodes } from '../../graphql/connection';
import { ProductPage } from '../components/ProductPage';
import { applicationPlansQuery } from '../queries';

/** Products › a product › Applications › Application Plans. */
export function ApplicationPlansView() {
  const { productId = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({ query: applicationPlansQuery, variables: { productId } });

  return (
    <ProductPage
      productId={productId}
      title="Application Plans"
      description="The plans developers choose for their applications: limits, pricing and features."
    >
      <PageSection isFilled>
        <ListTable
          label="Application plans"
          rows={data ? nodes(data.plans) : undefined}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          empty={
            <BlankState title="No application plans yet">
              Applications subscribe to a plan, which sets their limits and pricing.
            </BlankState>
          }
          columns={[
            {
              title: 'Name',
              width: 30,
              cell: (plan) => (
                <>
                  {plan.name}{' '}
                  {plan.isDefault ? (
                    <Label isCompact color="blue">
                      Default
                    </Label>
                  ) : null}
                </>
              ),
            },
            { title: 'System name', cell: (plan) => <code>{plan.systemName}</code> },
            { title: 'Setup fee', cell: (plan) => plan.setupFee },
            { title: 'Cost per month', cell: (plan) => plan.costPerMonth },
            { title: 'Trial days', cell: (plan) => plan.trialPeriodDays },
            { title: 'Approval', cell: (plan) => (plan.approvalRequired ? 'Required' : 'Automatic') },
            {
              title: 'State',
              cell: (plan) => (
                <Label isCompact variant="outline" status={plan.state === 'PUBLISHED' ? 'success' : undefined}>
                  {plan.state === 'PUBLISHED' ? 'Published' : 'Hidden'}
                </Label>
              ),
            },
          ]}
        />
      </PageSection>
    </ProductPage>
  );
}
