import { useState } from 'react';
import { useMutation } from 'urql';

import { TextAreaField, TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { problems, requiredProblem } from '../../components/validation';
import { changeApplicationPlanMutation, updateApplicationMutation } from '../queries';
import { ContractPlanModal } from './ContractPlanModal';

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

/** Moves an application to another published plan of its product; a custom plan it leaves is deleted. */
export function ChangePlanModal({
  application,
  onClose,
}: {
  application: { id: string; name: string; product: { id: string }; plan: { id: string; name: string; originalID: string | null } };
  onClose: () => void;
}) {
  const [, changePlan] = useMutation(changeApplicationPlanMutation);
  const notify = useNotify();
  const custom = application.plan.originalID !== null;

  async function submit(planId: string, planName: string) {
    const result = await changePlan({ id: application.id, planId }, { additionalTypenames: ['Plan', 'PlanChangeRequest'] });
    if (result.error) return result.error;
    notify({ variant: 'success', title: `“${application.name}” is now on “${planName}”` });
    onClose();
    return null;
  }

  return (
    <ContractPlanModal
      title="Change application plan"
      description={
        custom
          ? `The application is on its custom plan “${application.plan.name}”, which is deleted when it moves to another plan. The new plan's limits apply at once.`
          : `The application is on “${application.plan.name}”. The new plan's limits apply at once.`
      }
      productId={application.product.id}
      kind="APPLICATION"
      currentPlanId={application.plan.id}
      onSubmit={submit}
      onClose={onClose}
    />
  );
}
