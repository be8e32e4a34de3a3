import { useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { SelectField, TextAreaField, TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { problems, requiredProblem } from '../../components/validation';
import { nodes } from '../../graphql/connection';
import { planChoicesQuery } from '../../products/queries';
import { changeApplicationPlanMutation, updateApplicationMutation } from '../queries';

export function ApplicationEditModal({
  application,
  onClose,
}: {
  application: { id: string; name: string; description: string | null };
  onClose: () => void;
}) {
  const [name, setName] = useState(application.name);
  const [description, setDescription] = useState(application.description ?? '');
  const { errors, setErrors, report } = useFormErrors(['name', 'description']);
  const [, updateApplication] = useMutation(updateApplicationMutation);
  const notify = useNotify();

  async function submit() {
    const found = problems({ name: requiredProblem(name, 'a name') });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const text = description.trim();
    const result = await updateApplication({
      id: application.id,
      input: { name: name.trim(), ...(text ? { description: text } : { clearDescription: true }) },
    });
    if (result.error) return report(result.error, 'Could not save the application');
    notify({ variant: 'success', title: `Saved application “${name.trim()}”` });
    onClose();
  }

  return (
    <FormModal isOpen title="Edit application" submitLabel="Save" onSubmit={submit} onClose={onClose}>
      <TextField id="edit-application-name" label="Name" isRequired value={name} onChange={setName} error={errors.name} />
      <TextAreaField id="edit-application-description" label="Description" value={description} onChange={setDescription} error={errors.description} />
    </FormModal>
  );
}

export function ChangePlanModal({
  application,
  onClose,
}: {
  application: { id: string; name: string; product: { id: string }; plan: { id: string; name: string } };
  onClose: () => void;
}) {
  const [{ data }] = useQuery({
    query: planChoicesQuery,
    variables: { productId: application.product.id },
    context: useMemo(() => ({ additionalTypenames: ['Plan'] }), []),
  });
  const plans = nodes(data?.plans).filter((plan) => plan.id !== application.plan.id);
  const [planId, setPlanId] = useState('');
  const { errors, setErrors, report } = useFormErrors(['planID']);
  const [, changePlan] = useMutation(changeApplicationPlanMutation);
  const notify = useNotify();
  const chosen = planId || plans[0]?.id || '';

  async function submit() {
    if (!chosen) {
      setErrors({ planID: 'The product has no other application plan.' });
      return;
    }
    const result = await changePlan({ id: application.id, planId: chosen }, { additionalTypenames: ['Plan'] });
    if (result.error || !result.data) {
      if (result.error) report(result.error, 'Could not change the plan');
      return;
    }
    notify({ variant: 'success', title: `“${application.name}” is now on “${result.data.changeApplicationPlan.plan.name}”` });
    onClose();
  }

  return (
    <FormModal
      isOpen
      title="Change application plan"
      description={`The application is on “${application.plan.name}”. The new plan's limits apply at once.`}
      submitLabel="Change plan"
      onSubmit={submit}
      onClose={onClose}
    >
      <SelectField
        id="change-plan"
        label="New application plan"
        isRequired
        isDisabled={plans.length === 0}
        value={chosen}
        onChange={setPlanId}
        placeholder={plans.length === 0 ? 'No other plan' : undefined}
        options={plans.map((plan) => ({ value: plan.id, label: plan.state === 'HIDDEN' ? `${plan.name} (hidden)` : plan.name }))}
        error={errors.planID}
      />
    </FormModal>
  );
}
