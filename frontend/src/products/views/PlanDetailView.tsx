import { Alert, Button, Flex, Grid, GridItem, PageSection } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { accountUrl } from '../../accounts/urls';
import { applicationUrl } from '../../applications/urls';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import type { PlanDetailQuery } from '../../gql/graphql';
import { errorMessage } from '../../graphql/errors';
import { PlanCreateModal } from '../components/PlanCreateModal';
import { PlanFeatures } from '../components/PlanFeatures';
import { PlanLimits } from '../components/PlanLimits';
import { PlanPricingRules } from '../components/PlanPricingRules';
import { PlanSettingsForm } from '../components/PlanSettingsForm';
import { PlanStateLabel } from '../components/PlanStateLabel';
import { useHasSection } from '../../app/useHasSection';
import { ProductPage } from '../components/ProductPage';
import { deletePlanMutation, planDetailQuery, updatePlanMutation } from '../queries';
import { productApplicationPlansUrl, productPlanUrl } from '../urls';

/** Products › a product › Application Plans › a plan: settings, features, limits and pricing. */
export function PlanDetailView() {
  const { productId = '', planId = '' } = useParams();
  // Members without the developer accounts section may not read applications: the plan is
  // shown to them without its application count and owner.
  const withApplications = useHasSection('PARTNERS');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: planDetailQuery,
    variables: { id: planId, withApplications: withApplications ?? false },
    pause: withApplications === undefined,
    context: useMemo(() => ({ additionalTypenames: ['Feature'] }), []),
  });
  const plan = data?.node?.__typename === 'Plan' ? data.node : null;
  const [copying, setCopying] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [, updatePlan] = useMutation(updatePlanMutation);
  const [, deletePlan] = useMutation(deletePlanMutation);
  const notify = useNotify();
  const navigate = useNavigate();
  const enabled = useMemo(() => new Set((plan?.features ?? []).map((feature) => feature.id)), [plan]);
  const parent = { label: 'Application Plans', to: productApplicationPlansUrl(productId) };

  if (!plan) {
    return (
      <ProductPage productId={productId} title={fetching ? 'Application plan' : 'Not found'} parent={parent}>
        <PageSection isFilled>
          {error ? (
            <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
          ) : fetching ? (
            <LoadingState label="Loading the plan…" />
          ) : (
            <ErrorState title="Not found" message="This application plan does not exist, or it was deleted." />
          )}
        </PageSection>
      </ProductPage>
    );
  }

  async function toggleState() {
    if (!plan) return;
    const state = plan.state === 'PUBLISHED' ? 'HIDDEN' : 'PUBLISHED';
    const result = await updatePlan({ id: plan.id, input: { state } });
    if (result.error) notify({ variant: 'danger', title: 'Could not change the plan state', description: errorMessage(result.error) });
    else notify({ variant: 'success', title: state === 'PUBLISHED' ? `Published “${plan.name}”` : `Hid “${plan.name}”` });
  }

  async function confirmDelete() {
    if (!plan) return;
    const result = await deletePlan({ id: plan.id }, { additionalTypenames: ['Plan'] });
    setDeleting(false);
    if (result.error) {
      notify({ variant: 'danger', title: `Could not delete “${plan.name}”`, description: errorMessage(result.error) });
      return;
    }
    notify({ variant: 'success', title: `Deleted application plan “${plan.name}”` });
    navigate(productApplicationPlansUrl(productId));
  }

  return (
    <ProductPage
      productId={productId}
      title={plan.name}
      parent={parent}
      description={
        <Flex component="span" gap={{ default: 'gapSm' }} alignItems={{ default: 'alignItemsCenter' }}>
          <PlanStateLabel state={plan.state} />
          {plan.isDefault ? <span>Default plan</span> : null}
          <span>
            System name <code>{plan.systemName}</code>
            {plan.applications ? (
              <>
                {' '}
                · {plan.applications.totalCount} application{plan.applications.totalCount === 1 ? '' : 's'}
              </>
            ) : null}
          </span>
        </Flex>
      }
      actions={
        <Flex gap={{ default: 'gapSm' }}>
          <Button variant="secondary" onClick={() => void toggleState()}>
            {plan.state === 'PUBLISHED' ? 'Hide' : 'Publish'}
          </Button>
          <Button variant="secondary" onClick={() => setCopying(true)}>
            Copy
          </Button>
          <Button variant="secondary" isDanger onClick={() => setDeleting(true)} isAriaDisabled={(plan.applications?.totalCount ?? 0) > 0}>
            Delete
          </Button>
        </Flex>
      }
    >
      <PageSection isFilled>
        <Grid hasGutter>
          {plan.originalID !== null ? (
            <GridItem span={12}>
              <CustomPlanNotice productId={productId} plan={plan} />
            </GridItem>
          ) : null}
          <GridItem span={12}>
            <PlanSettingsForm key={plan.id} plan={plan} />
          </GridItem>
          <GridItem xl2={6}>
            <PlanLimits planId={plan.id} productId={productId} />
          </GridItem>
          <GridItem xl2={6}>
            <PlanPricingRules planId={plan.id} productId={productId} />
          </GridItem>
          <GridItem span={12}>
            <PlanFeatures productId={productId} planId={plan.id} enabled={enabled} />
          </GridItem>
        </Grid>
      </PageSection>
      {copying ? (
        <PlanCreateModal
          productId={productId}
          copyOf={{ id: plan.id, name: plan.name }}
          onClose={() => setCopying(false)}
          onCreated={(copy) => navigate(productPlanUrl(productId, copy.id))}
        />
      ) : null}
      <ConfirmDialog isOpen={deleting} title="Delete application plan?" confirmLabel="Delete plan" onConfirm={confirmDelete} onCancel={() => setDeleting(false)}>
        “{plan.name}” will be deleted with its limits, pricing rules and feature settings. This cannot be undone.
      </ConfirmDialog>
    </ProductPage>
  );
}

type PlanDetail = Extract<NonNullable<PlanDetailQuery['node']>, { __typename: 'Plan' }>;

/**
 * Says that the plan is one application's own copy of a product plan: whose it is, which plan it
 * was customized from, and what follows from that.
 */
function CustomPlanNotice({ productId, plan }: { productId: string; plan: PlanDetail }) {
  const owner = plan.applications?.edges?.[0]?.node ?? null;
  const title = (
    <>
      Custom plan
      {owner ? (
        <>
          {' '}
          of <Link to={applicationUrl(owner.id)}>{owner.name}</Link>
        </>
      ) : null}
      {plan.original ? (
        <>
          {' '}
          — customized from <Link to={productPlanUrl(productId, plan.original.id)}>{plan.original.name}</Link>
        </>
      ) : null}
    </>
  );
  return (
    <Alert variant="info" isInline component="h2" title={title}>
      {owner ? (
        <>
          Changes to this plan apply to “{owner.name}” of <Link to={accountUrl(owner.account.id)}>{owner.account.orgName}</Link> alone.
        </>
      ) : plan.applications ? (
        'No application is on this plan any more.'
      ) : (
        'It belongs to one application.'
      )}{' '}
      It is not listed among the product's application plans, and it is deleted when the application moves to another plan.
    </Alert>
  );
}
