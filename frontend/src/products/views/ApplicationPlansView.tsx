import { Button, Label, PageSection, ToolbarItem } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage } from '../../graphql/useCursorPage';
import { DefaultPlanSelect } from '../components/DefaultPlanSelect';
import { PlanCreateModal } from '../components/PlanCreateModal';
import { PlanStateLabel } from '../components/PlanStateLabel';
import { ProductPage } from '../components/ProductPage';
import { applicationPlansQuery, deletePlanMutation, updatePlanMutation } from '../queries';
import { productPlanUrl } from '../urls';

interface PlanRow {
  id: string;
  name: string;
  state: 'HIDDEN' | 'PUBLISHED';
  applications: { totalCount: number };
}

const context = { additionalTypenames: ['Plan'] };

/** Products › a product › Applications › Application Plans. */
export function ApplicationPlansView() {
  const { productId = '' } = useParams();
  const page = useCursorPage();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: applicationPlansQuery,
    variables: { productId, ...page.variables },
    context: useMemo(() => context, []),
  });
  const [creating, setCreating] = useState<{ copyOf?: { id: string; name: string } } | null>(null);
  const [doomed, setDoomed] = useState<PlanRow | null>(null);
  const [, updatePlan] = useMutation(updatePlanMutation);
  const [, deletePlan] = useMutation(deletePlanMutation);
  const notify = useNotify();
  const navigate = useNavigate();

  async function setState(plan: PlanRow, state: 'HIDDEN' | 'PUBLISHED') {
    const result = await updatePlan({ id: plan.id, input: { state } });
    const verb = state === 'PUBLISHED' ? 'publish' : 'hide';
    if (result.error) notify({ variant: 'danger', title: `Could not ${verb} “${plan.name}”`, description: errorMessage(result.error) });
    else notify({ variant: 'success', title: state === 'PUBLISHED' ? `Published “${plan.name}”` : `Hid “${plan.name}”` });
  }

  async function confirmDelete() {
    if (!doomed) return;
    const result = await deletePlan({ id: doomed.id }, context);
    if (result.error) notify({ variant: 'danger', title: `Could not delete “${doomed.name}”`, description: errorMessage(result.error) });
    else notify({ variant: 'success', title: `Deleted application plan “${doomed.name}”` });
    setDoomed(null);
  }

  const createButton = (
    <Button variant="primary" onClick={() => setCreating({})}>
      Create application plan
    </Button>
  );

  return (
    <ProductPage
      productId={productId}
      title="Application Plans"
      description="Application plans set the access rules, rate limits and pricing of the applications subscribed to them."
    >
      <PageSection isFilled>
        <ListTable
          label="Application plans"
          rows={data ? nodes(data.plans) : undefined}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          filters={
            <ToolbarItem>
              <DefaultPlanSelect productId={productId} />
            </ToolbarItem>
          }
          toolbarActions={<ToolbarItem>{createButton}</ToolbarItem>}
          pagination={data ? { page, totalCount: data.plans.totalCount, pageInfo: data.plans.pageInfo } : undefined}
          empty={
            <BlankState title="No application plans yet" actions={createButton}>
              Applications subscribe to a plan, which sets their limits and pricing.
            </BlankState>
          }
          rowLabel={(plan) => plan.name}
          rowActions={(plan) => [
            { title: 'Edit', onClick: () => navigate(productPlanUrl(productId, plan.id)) },
            { title: 'Copy', onClick: () => setCreating({ copyOf: { id: plan.id, name: plan.name } }) },
            plan.state === 'PUBLISHED'
              ? { title: 'Hide', onClick: () => void setState(plan, 'HIDDEN') }
              : { title: 'Publish', onClick: () => void setState(plan, 'PUBLISHED') },
            { isSeparator: true },
            {
              title: 'Delete',
              isDanger: true,
              isAriaDisabled: plan.applications.totalCount > 0,
              tooltipProps:
                plan.applications.totalCount > 0
                  ? { content: 'Move its applications to another plan first' }
                  : undefined,
              onClick: () => setDoomed(plan),
            },
          ]}
          columns={[
            {
              title: 'Name',
              width: 30,
              cell: (plan) => (
                <>
                  <Link to={productPlanUrl(productId, plan.id)}>{plan.name}</Link>{' '}
                  {plan.isDefault ? (
                    <Label isCompact color="blue">
                      Default
                    </Label>
                  ) : null}
                </>
              ),
            },
            { title: 'Applications', cell: (plan) => plan.applications.totalCount },
            { title: 'Setup fee', cell: (plan) => plan.setupFee },
            { title: 'Cost per month', cell: (plan) => plan.costPerMonth },
            { title: 'Trial days', cell: (plan) => plan.trialPeriodDays },
            { title: 'Approval', cell: (plan) => (plan.approvalRequired ? 'Required' : 'Automatic') },
            { title: 'State', cell: (plan) => <PlanStateLabel state={plan.state} /> },
          ]}
        />
      </PageSection>
      {creating ? (
        <PlanCreateModal productId={productId} copyOf={creating.copyOf} onClose={() => setCreating(null)} />
      ) : null}
      <ConfirmDialog
        isOpen={doomed !== null}
        title="Delete application plan?"
        confirmLabel="Delete plan"
        onConfirm={confirmDelete}
        onCancel={() => setDoomed(null)}
      >
        “{doomed?.name}” will be deleted with its limits, pricing rules and feature settings. This cannot be undone.
      </ConfirmDialog>
    </ProductPage>
  );
}
