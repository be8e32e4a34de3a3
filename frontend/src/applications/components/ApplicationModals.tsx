import { useMutation } from 'urql';

import { useNotify } from '../../components/Notifications';
import { changeApplicationPlanMutation } from '../queries';
import { ContractPlanModal } from './ContractPlanModal';

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
