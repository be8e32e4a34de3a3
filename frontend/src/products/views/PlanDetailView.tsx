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
import type { PlanDetailQuery, PlanKind } from '../../gql/graphql';
import { errorMessage } from '../../graphql/errors';
import { PlanCreateModal } from '../components/PlanCreateModal';
import { PlanFeatures } from '../components/PlanFeatures';
import { PlanLimits } from '../components/PlanLimits';
import { PlanPricingRules } from '../components/PlanPricingRules';
import { PlanSettingsForm } from '../components/PlanSettingsForm';
import { PlanStateLabel } from '../components/PlanStateLabel';
import { useHasSection } from '../../app/useHasSection';
import { contractCount, planKindText, plansUrl, planUrl, type PlanScope } from '../components/planKinds';
import { PlanPage } from '../components/PlanPage';
import { deletePlanMutation, planDetailQuery, updatePlanMutation } from '../queries';

/**
 * One plan: its settings and features; an application plan also its limits and pricing rules.
 * Products › a product › Application Plans (or Service Plans) › a plan, and Audience › Account
 * Plans › a plan.
 */
export function PlanDetailView({ kind = 'APPLICATION' }: { kind?: PlanKind }) {
  const { productId = '', planId = '' } = useParams();
  const scope: PlanScope = useMemo(() => ({ kind, productId: kind === 'ACCOUNT' ? undefined : productId }), [kind, productId]);
  const text = planKindText[kind];
  // Members without the developer accounts section may not read applications: the plan is
  // shown to them without its application count and owner.
  const withApplications = useHasSection('PARTNERS');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: planDetailQuery,
    variables: { id: planId, withApplications: withApplications ?? false },
    pause: withApplications === undefined,
    context: useMemo(() => ({ additionalTypenames: ['Feature'] }), []),
  });
  const found = data?.node?.__typename === 'Plan' ? data.node : null;
  // A plan of another kind at this address is not found here.
  const plan = found && found.kind === kind ? found : null;
  const [copying, setCopying] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [, updatePlan] = useMutation(updatePlanMutation);
  const [, deletePlan] = useMutation(deletePlanMutation);
  const notify = useNotify();
  const navigate = useNavigate();
  const enabled = useMemo(() => new Set((plan?.features ?? []).map((feature) => feature.id)), [plan]);

  if (!plan) {
    return (
      <PlanPage scope={scope} title={fetching ? text.one.charAt(0).toUpperCase() + text.one.slice(1) : 'Not found'} inPlan>
        <PageSection isFilled>
          {error ? (
            <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
          ) : fetching ? (
            <LoadingState label="Loading the plan…" />
          ) : (
            <ErrorState title="Not found" message={`This ${text.one} does not exist, or it was deleted.`} />
          )}
        </PageSection>
      </PlanPage>
    );
  }

  // What holds the plan, when the viewer may read it.
  const held =
    (kind === 'ACCOUNT' ? plan.accounts : kind === 'SERVICE' ? plan.subscriptions : plan.applications)?.totalCount ?? null;

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
    notify({ variant: 'success', title: `Deleted ${text.one} “${plan.name}”` });
    navigate(plansUrl(scope));
  }

  return (
    <PlanPage
      scope={scope}
      title={plan.name}
      inPlan
      description={
        <Flex component="span" gap={{ default: 'gapSm' }} alignItems={{ default: 'alignItemsCenter' }}>
          <PlanStateLabel state={plan.state} />
          {plan.isDefault ? <span>Default plan</span> : null}
          <span>
            System name <code>{plan.systemName}</code>
            {held !== null ? <> · {contractCount(kind, held)}</> : null}
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
          <Button variant="secondary" isDanger onClick={() => setDeleting(true)} isAriaDisabled={(held ?? 0) > 0}>
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
          {kind === 'APPLICATION' ? (
            <>
              <GridItem xl2={6}>
                <PlanLimits planId={plan.id} productId={productId} />
              </GridItem>
              <GridItem xl2={6}>
                <PlanPricingRules planId={plan.id} productId={productId} />
              </GridItem>
            </>
          ) : null}
          <GridItem span={12}>
            <PlanFeatures scope={scope} planId={plan.id} enabled={enabled} />
          </GridItem>
        </Grid>
      </PageSection>
      {copying ? (
        <PlanCreateModal
          scope={scope}
          copyOf={{ id: plan.id, name: plan.name }}
          onClose={() => setCopying(false)}
          onCreated={(copy) => navigate(planUrl(scope, copy.id))}
        />
      ) : null}
      <ConfirmDialog isOpen={deleting} title={`Delete ${text.one}?`} confirmLabel="Delete plan" onConfirm={confirmDelete} onCancel={() => setDeleting(false)}>
        “{plan.name}” will be deleted with {text.deletes}. This cannot be undone.
      </ConfirmDialog>
    </PlanPage>
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
          — customized from <Link to={planUrl({ kind: 'APPLICATION', productId }, plan.original.id)}>{plan.original.name}</Link>
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
