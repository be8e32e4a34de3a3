import { useMutation } from 'urql';

import { TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { useSystemName } from '../../components/useSystemName';
import { problems, requiredProblem, systemNameProblem } from '../../components/validation';
import { copyPlanMutation, createPlanMutation } from '../queries';
import { planKindText, type PlanScope } from './planKinds';

const fields = ['name', 'systemName'];

/** Creates a plan of a scope, or copies one (with its limits, pricing rules and features). */
export function PlanCreateModal({
  scope,
  copyOf,
  onClose,
  onCreated,
}: {
  scope: PlanScope;
  copyOf?: { id: string; name: string };
  onClose: () => void;
  onCreated?: (plan: { id: string; name: string }) => void;
}) {
  const { name, setName, systemName, setSystemName } = useSystemName(copyOf ? `${copyOf.name} (copy)` : '');
  const { errors, setErrors, report } = useFormErrors(fields);
  const [, createPlan] = useMutation(createPlanMutation);
  const [, copyPlan] = useMutation(copyPlanMutation);
  const notify = useNotify();

  async function submit() {
    const found = problems({ name: requiredProblem(name, 'a name'), systemName: systemNameProblem(systemName) });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const context = { additionalTypenames: ['Plan'] };
    const result = copyOf
      ? await copyPlan({ id: copyOf.id, input: { name: name.trim(), systemName } }, context)
      : await createPlan({ input: { kind: scope.kind, productID: scope.productId, name: name.trim(), systemName } }, context);
    if (result.error || !result.data) {
      if (result.error) report(result.error, copyOf ? 'Could not copy the plan' : 'Could not create the plan');
      return;
    }
    const plan = 'copyPlan' in result.data ? result.data.copyPlan : result.data.createPlan;
    notify({ variant: 'success', title: copyOf ? `Copied “${copyOf.name}” to “${plan.name}”` : `Created ${planKindText[scope.kind].one} “${plan.name}”` });
    onCreated?.(plan);
    onClose();
  }

  return (
    <FormModal
      isOpen
      title={copyOf ? `Copy “${copyOf.name}”` : `New ${planKindText[scope.kind].one}`}
      description={
        copyOf
          ? scope.kind === 'APPLICATION'
            ? 'The copy gets the limits, pricing rules and features of the original and starts hidden.'
            : 'The copy gets the fees and features of the original and starts hidden.'
          : 'A new plan starts hidden; publish it when developers may choose it.'
      }
      submitLabel={copyOf ? 'Copy plan' : 'Create plan'}
      onSubmit={submit}
      onClose={onClose}
    >
      <TextField id="plan-name" label="Name" isRequired value={name} onChange={setName} error={errors.name} />
      <TextField
        id="plan-system-name"
        label="System name"
        isRequired
        isCode
        value={systemName}
        onChange={setSystemName}
        error={errors.systemName}
        helper="Letters, digits, '_', '/' and '-'; it cannot be changed later."
      />
    </FormModal>
  );
}
