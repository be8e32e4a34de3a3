import { FormSelect, FormSelectOption, Flex, FlexItem } from '@patternfly/react-core';
import { useId, useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { useNotify } from '../../components/Notifications';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { planChoicesQuery, setDefaultPlanMutation, unsetDefaultPlanMutation } from '../queries';

/**
 * The product's default application plan: the plan new applications get
 * when the developer does not choose one.
 */
export function DefaultPlanSelect({ productId }: { productId: string }) {
  const id = useId();
  const [{ data }] = useQuery({
    query: planChoicesQuery,
    variables: { productId },
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
    notify({ variant: 'success', title: plan ? `“${plan.name}” is now the default plan` : 'The product has no default plan now' });
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
        New applications get the default plan when no plan is chosen.
      </span>
    </Flex>
  );
}
