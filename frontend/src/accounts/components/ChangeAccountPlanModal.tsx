import { Content } from '@patternfly/react-core';
import { useState, type ReactNode } from 'react';
import { useQuery, type CombinedError } from 'urql';

import { SelectField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { nodes } from '../../graphql/connection';
import { errorMessage, formErrors } from '../../graphql/errors';
import { accountPlansQuery } from '../queries';

export interface AccountPlanChoice {
  id: string;
  name: string;
}

export interface ChangeAccountPlanModalProps {
  title: string;
  /** Which accounts move, e.g. "3 accounts" or an organization name. */
  description: ReactNode;
  /** The plan the account is on, when one account moves. */
  currentPlanId?: string | null;
  /**
   * Moves the accounts; resolves to the error when the API refused it (the dialog stays open and
   * shows it) or to null once done (the caller closes the dialog).
   */
  onSubmit: (plan: AccountPlanChoice) => Promise<CombinedError | null>;
  onClose: () => void;
}

/** Picks one of the tenant's account plans. */
export function ChangeAccountPlanModal({ title, description, currentPlanId, onSubmit, onClose }: ChangeAccountPlanModalProps) {
  const [{ data, error: loadError }] = useQuery({ query: accountPlansQuery });
  const plans = data ? nodes(data.plans) : [];
  const [planId, setPlanId] = useState('');
  const [problem, setProblem] = useState<string | undefined>();

  async function submit() {
    const plan = plans.find((candidate) => candidate.id === planId);
    if (!plan) {
      setProblem('Choose an account plan.');
      return;
    }
    const failure = await onSubmit({ id: plan.id, name: plan.name });
    if (failure) setProblem(formErrors(failure, ['planID'], '').fields.planID ?? errorMessage(failure));
  }

  const loaded = !!data;
  let body: ReactNode;
  if (loadError) {
    body = (
      <Content component="p" role="alert">
        The account plans could not be loaded: {errorMessage(loadError)}
      </Content>
    );
  } else if (loaded && plans.length === 0) {
    body = <Content component="p">There are no account plans to choose from yet.</Content>;
  } else {
    body = (
      <SelectField
        id="account-plan"
        label="Account plan"
        isRequired
        value={planId}
        onChange={(value) => {
          setPlanId(value);
          setProblem(undefined);
        }}
        placeholder={loaded ? 'Choose an account plan' : 'Loading account plans…'}
        error={problem}
        options={plans.map((plan) => ({
          value: plan.id,
          label: `${plan.name}${plan.id === currentPlanId ? ' (current)' : ''}${plan.isDefault ? ' · default' : ''}${plan.state === 'HIDDEN' ? ' · hidden' : ''}`,
          isDisabled: plan.id === currentPlanId,
        }))}
      />
    );
  }

  return (
    <FormModal
      isOpen
      title={title}
      description={description}
      submitLabel="Change plan"
      onSubmit={submit}
      onClose={onClose}
      isSubmitDisabled={!loaded || plans.length === 0}
    >
      {body}
    </FormModal>
  );
}
