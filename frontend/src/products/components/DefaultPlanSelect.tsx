import { FormSelect, FormSelectOption, Flex, FlexItem } from '@patternfly/react-core';
import { useId, useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { useNotify } from '../../components/Notifications';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { planChoicesQuery, setDefaultPlanMutation, unsetDefaultPlanMutation } from '../queries';
import type { PlanScope } from './planKinds';

const defaultHint = {
  APPLICATION: 'New applications get the default plan when no plan is chosen.',
  SERVICE: 'New subscriptions to the product get the default plan when no plan is chosen.',
  ACCOUNT: 'New developer accounts get the default account plan.',
} as const;

/**
 * The default plan of a scope: the plan new applications, subscriptions or
 * accounts get when none is chosen.
 */
export function DefaultPlanSelect({ scope }: { scope: PlanScope }) {
  const id = useId();
  const [{ data }] = useQuery({
    query: planChoicesQuery,
    variables: { productId: scope.productId ?? null, kind: scope.kind },
    context: useMemo(() => ({ additionalTypenames: ['Plan'] }), []),
  });
  const plans = nodes(data?.plans);
  const current = plans.find((plan) => plan.isDefault);
  const [busy, setBusy] = useState(false);
  const [, setDefault] = useMutation(setDefaultPlanMutation);
  const [, unsetDefault] = useMutation(unsetDefaultPlanMutation);
  const notify = useNotify();

  async function choose(planId: string) {
    setBusy(true);
    const context = { additionalTypenames: ['Plan'] };
    const result = planId ? await setDefault({ id: planId }, context) : current ? await unsetDefault({ id: current.id }, context) : null;
    setBusy(false);
    if (!result) return;
    if (result.error) {
      notify({ variant: 'danger', title: 'Could not change the default plan', description: errorMessage(result.error) });
      return;
    }
    const plan = plans.find((candidate) => candidate.id === planId);
    notify({ variant: 'success', title: plan ? `“${plan.name}” is now the default plan` : scope.kind === 'ACCOUNT' ? 'There is no default account plan now' : 'The product has no default plan now' });
  }

  return (
    <Flex alignItems={{ default: 'alignItemsCenter' }} gap={{ default: 'gapSm' }} flexWrap={{ default: 'nowrap' }}>
      <FlexItem>
        <label htmlFor={id} className="pf-v6-u-font-weight-bold">
          Default plan
        </label>
      </FlexItem>
      <FlexItem>
        <FormSelect
          id={id}
          value={current?.id ?? ''}
          isDisabled={busy || !data}
          onChange={(_event, value) => void choose(value)}
          aria-describedby={`${id}-hint`}
        >
          <FormSelectOption value="" label="No default plan" />
          {plans.map((plan) => (
            <FormSelectOption key={plan.id} value={plan.id} label={plan.state === 'HIDDEN' ? `${plan.name} (hidden)` : plan.name} />
          ))}
        </FormSelect>
      </FlexItem>
      <span id={`${id}-hint`} className="pf-v6-screen-reader">
        {defaultHint[scope.kind]}
      </span>
    </Flex>
  );
}
