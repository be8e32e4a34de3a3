import { Label, type LabelProps } from '@patternfly/react-core';
import { useMutation } from 'urql';

import { ConfirmDialog } from '../../components/ConfirmDialog';
import { useNotify } from '../../components/Notifications';
import type { PlanChangeRequestFieldsFragment, PlanChangeRequestState } from '../../gql/graphql';
import { errorMessage } from '../../graphql/errors';
import { applyPlanChangeRequestMutation, dismissPlanChangeRequestMutation } from '../queries';

export type PlanChangeRequest = PlanChangeRequestFieldsFragment;

/** An admin's answer to a plan change request. */
export interface PlanChangeDecision {
  request: PlanChangeRequest;
  apply: boolean;
}

const presentation: Record<PlanChangeRequestState, { text: string; status?: LabelProps['status'] }> = {
  PENDING: { text: 'Pending', status: 'warning' },
  APPLIED: { text: 'Applied', status: 'success' },
  DISMISSED: { text: 'Dismissed' },
};

export function PlanChangeStateLabel({ state }: { state: PlanChangeRequestState }) {
  const { text, status } = presentation[state];
  return (
    <Label isCompact status={status} variant="outline">
      {text}
    </Label>
  );
}

/** "Basic → Pro", with the arrow read out. */
export function PlanChangeArrow({ request }: { request: PlanChangeRequest }) {
  return (
    <>
      {request.fromPlan.name} <span aria-hidden="true">→</span>
      <span className="pf-v6-screen-reader">to</span> {request.toPlan.name}
    </>
  );
}

/** Asks before applying or dismissing a plan change request; the developer is told either way. */
export function PlanChangeDecisionDialog({ decision, onClose }: { decision: PlanChangeDecision | null; onClose: () => void }) {
  const [, apply] = useMutation(applyPlanChangeRequestMutation);
  const [, dismiss] = useMutation(dismissPlanChangeRequestMutation);
  const notify = useNotify();
  const request = decision?.request;

  async function confirm() {
    if (!decision || !request) return;
    const run = decision.apply ? apply : dismiss;
    const result = await run({ id: request.id }, { additionalTypenames: ['Application', 'Plan', 'PlanChangeRequest'] });
    onClose();
    if (result.error) {
      notify({
        variant: 'danger',
        title: `Could not ${decision.apply ? 'apply' : 'dismiss'} the plan change of “${request.application.name}”`,
        description: errorMessage(result.error),
      });
    } else if (decision.apply) {
      notify({ variant: 'success', title: `“${request.application.name}” is now on “${request.toPlan.name}”`, description: `${request.account.orgName} was told by message and email.` });
    } else {
      notify({ variant: 'success', title: `Dismissed the plan change of “${request.application.name}”`, description: `${request.account.orgName} was told by message and email.` });
    }
  }

  return (
    <ConfirmDialog
      isOpen={decision !== null}
      title={decision?.apply ? 'Apply plan change?' : 'Dismiss plan change?'}
      confirmLabel={decision?.apply ? 'Apply' : 'Dismiss'}
      variant="warning"
      onConfirm={confirm}
      onCancel={onClose}
    >
      {request
        ? decision?.apply
          ? `“${request.application.name}” moves to “${request.toPlan.name}” at once, and the new plan's limits apply from now. ${request.account.orgName} is told by message and email.`
          : `“${request.application.name}” stays on its plan. ${request.account.orgName} is told by message and email that the change to “${request.toPlan.name}” was declined.`
        : null}
    </ConfirmDialog>
  );
}
