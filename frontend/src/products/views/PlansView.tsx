import { Button, Label, PageSection, ToolbarItem } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { useCurrency } from '../../app/useCurrency';
import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ListTable } from '../../components/ListTable';
import { formatMoney } from '../../components/money';
import { useNotify } from '../../components/Notifications';
import type { PlanKind } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage, useListSort } from '../../graphql/useCursorPage';
import { DefaultPlanSelect } from '../components/DefaultPlanSelect';
import { PlanCreateModal } from '../components/PlanCreateModal';
import { contractCount, contractsOf, planKindText, planUrl, type PlanScope } from '../components/planKinds';
import { PlanPage } from '../components/PlanPage';
import { PlanStateLabel } from '../components/PlanStateLabel';
import { deletePlanMutation, plansQuery, updatePlanMutation } from '../queries';

interface PlanRow {
  id: string;
  name: string;
  state: 'HIDDEN' | 'PUBLISHED';
  applications: { totalCount: number };
  subscriptions: { totalCount: number };
  accounts: { totalCount: number };
}

const context = { additionalTypenames: ['Plan'] };

const sortFields = ['NAME', 'SETUP_FEE', 'COST_PER_MONTH', 'TRIAL_PERIOD_DAYS', 'STATE'] as const;

/**
 * The plans of one kind: Products › a product › Applications › Application Plans, Products › a
 * product › Subscriptions › Service Plans, and Audience › Accounts › Account Plans.
 */
export function PlansView({ kind }: { kind: PlanKind }) {
  const { productId } = useParams();
  const scope: PlanScope = useMemo(() => ({ kind, productId: kind === 'ACCOUNT' ? undefined : productId }), [kind, productId]);
  const text = planKindText[kind];
  const page = useCursorPage();
  // The plans' own order (their position) until a column is chosen; ties by name.
  const sort = useListSort<(typeof sortFields)[number] | 'POSITION'>([...sortFields], 'POSITION');
  const orderBy = useMemo(() => [...sort.orderBy, { field: 'NAME' as const, direction: 'ASC' as const }], [sort.orderBy]);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: plansQuery,
    variables: { kind, productId: scope.productId ?? null, ...page.variables, orderBy },
    context: useMemo(() => context, []),
  });
  const currency = useCurrency();
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
    else notify({ variant: 'success', title: `Deleted ${text.one} “${doomed.name}”` });
    setDoomed(null);
  }

  const createButton = (
    <Button variant="primary" onClick={() => setCreating({})}>
      Create {text.one}
    </Button>
  );

  return (
    <PlanPage scope={scope} title={text.title} description={text.description}>
      <PageSection isFilled>
        <ListTable
          label={text.title.charAt(0) + text.title.slice(1).toLowerCase()}
          rows={data && currency ? nodes(data.plans) : undefined}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          filters={
            <ToolbarItem>
              <DefaultPlanSelect scope={scope} />
            </ToolbarItem>
          }
          toolbarActions={<ToolbarItem>{createButton}</ToolbarItem>}
          pagination={data ? { page, totalCount: data.plans.totalCount, pageInfo: data.plans.pageInfo } : undefined}
          sort={sort}
          empty={
            <BlankState title={`No ${text.one}s yet`} actions={createButton}>
              {text.emptyHint}
            </BlankState>
          }
          rowLabel={(plan) => plan.name}
          rowActions={(plan) => {
            const held = contractsOf(kind, plan);
            return [
              { title: 'Edit', onClick: () => navigate(planUrl(scope, plan.id)) },
              { title: 'Copy', onClick: () => setCreating({ copyOf: { id: plan.id, name: plan.name } }) },
              plan.state === 'PUBLISHED'
                ? { title: 'Hide', onClick: () => void setState(plan, 'HIDDEN') }
                : { title: 'Publish', onClick: () => void setState(plan, 'PUBLISHED') },
              { isSeparator: true },
              {
                title: 'Delete',
                isDanger: true,
                isAriaDisabled: held > 0,
                tooltipProps:
                  held > 0
                    ? { content: `It has ${contractCount(kind, held)}: move them to another plan first` }
                    : undefined,
                onClick: () => setDoomed(plan),
              },
            ];
          }}
          columns={[
            {
              title: 'Name',
              width: 25,
              sortField: 'NAME',
              cell: (plan) => (
                <>
                  <Link to={planUrl(scope, plan.id)}>{plan.name}</Link>{' '}
                  {plan.isDefault ? (
                    <Label isCompact color="blue">
                      Default
                    </Label>
                  ) : null}
                </>
              ),
            },
            {
              title: text.contracts.charAt(0).toUpperCase() + text.contracts.slice(1),
              modifier: 'nowrap',
              cell: (plan) => contractsOf(kind, plan),
            },
            { title: 'Setup fee', modifier: 'nowrap', sortField: 'SETUP_FEE', cell: (plan) => formatMoney(plan.setupFee, currency ?? '') },
            { title: 'Cost per month', modifier: 'nowrap', sortField: 'COST_PER_MONTH', cell: (plan) => formatMoney(plan.costPerMonth, currency ?? '') },
            { title: 'Trial days', modifier: 'nowrap', sortField: 'TRIAL_PERIOD_DAYS', cell: (plan) => plan.trialPeriodDays },
            { title: 'Approval', modifier: 'nowrap', cell: (plan) => (plan.approvalRequired ? 'Required' : 'Automatic') },
            { title: 'State', sortField: 'STATE', cell: (plan) => <PlanStateLabel state={plan.state} /> },
          ]}
        />
      </PageSection>
      {creating ? (
        <PlanCreateModal scope={scope} copyOf={creating.copyOf} onClose={() => setCreating(null)} />
      ) : null}
      <ConfirmDialog
        isOpen={doomed !== null}
        title={`Delete ${text.one}?`}
        confirmLabel="Delete plan"
        onConfirm={confirmDelete}
        onCancel={() => setDoomed(null)}
      >
        “{doomed?.name}” will be deleted with {text.deletes}. This cannot be undone.
      </ConfirmDialog>
    </PlanPage>
  );
}
