import { useMemo, useState, type ReactNode } from 'react';
import { useQuery, type CombinedError } from 'urql';

import { SelectField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useFormErrors } from '../../components/useFormErrors';
import type { PlanKind } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { contractPlanChoicesQuery } from '../queries';

export interface ContractPlanModalProps {
  title: string;
  description?: ReactNode;
  /** The product whose plans are offered. */
  productId: string;
  kind: Extract<PlanKind, 'APPLICATION' | 'SERVICE'>;
  /** Left out of the choices: the plan the application or subscription is on. */
  currentPlanId?: string;
  submitLabel?: string;
  /** Resolves to the API's error (shown next to the field or as a toast) or to null when done. */
  onSubmit: (planId: string, planName: string) => Promise<CombinedError | null>;
  onClose: () => void;
}

const kindWords = {
  APPLICATION: { word: 'application plan', choose: 'Choose an application plan' },
  SERVICE: { word: 'service plan', choose: 'Choose a service plan' },
} as const;

/**
 * Chooses another published plan of a product for an application or a service subscription.
 * Custom plans belong to one application and are never offered.
 */
export function ContractPlanModal({
  title,
  description,
  productId,
  kind,
  currentPlanId,
  submitLabel = 'Change plan',
  onSubmit,
  onClose,
}: ContractPlanModalProps) {
  const [{ data, fetching, error }] = useQuery({
    query: contractPlanChoicesQuery,
    variables: { productId, kind },
    context: useMemo(() => ({ additionalTypenames: ['Plan'] }), []),
  });
  const plans = nodes(data?.plans).filter((plan) => plan.id !== currentPlanId);
  const [planId, setPlanId] = useState('');
  const { errors, setErrors, report } = useFormErrors(['planID']);
  const { word, choose } = kindWords[kind];
  const chosen = plans.find((plan) => plan.id === planId);

  async function submit() {
    if (!chosen) {
      setErrors({ planID: plans.length === 0 ? `The product has no other published ${word}.` : `${choose}.` });
      return;
    }
    setErrors({});
    const error = await onSubmit(chosen.id, chosen.name);
    if (error) report(error, 'Could not change the plan');
  }

  let placeholder: string = choose;
  if (!data && fetching) placeholder = 'Loading plans…';
  else if (!data && error) placeholder = 'The plans could not be loaded';
  else if (plans.length === 0) placeholder = `No other ${word}`;
  return (
    <FormModal
      isOpen
      title={title}
      description={description}
      submitLabel={submitLabel}
      onSubmit={submit}
      onClose={onClose}
      isSubmitDisabled={!!data && plans.length === 0}
    >
      <SelectField
        id="contract-plan"
        label={`New ${word}`}
        isRequired
        isDisabled={plans.length === 0}
        value={planId}
        onChange={setPlanId}
        placeholder={placeholder}
        options={plans.map((plan) => ({
          value: plan.id,
          label: `${plan.name}${plan.isDefault ? ' (default)' : ''}${plan.state === 'HIDDEN' ? ' (hidden)' : ''}${plan.approvalRequired ? ' · requires approval' : ''}`,
        }))}
        helper="Hidden plans are offered to admins only; developers see published ones. Custom plans belong to one application."
        error={errors.planID ?? (error && !data ? errorMessage(error) : undefined)}
      />
    </FormModal>
  );
}
