import { Label, type LabelProps } from '@patternfly/react-core';

import type { AccountState } from '../../gql/graphql';

const presentation: Record<AccountState, { text: string; status?: LabelProps['status']; color?: LabelProps['color'] }> = {
  CREATED: { text: 'Created', color: 'grey' },
  PENDING: { text: 'Pending', status: 'warning' },
  APPROVED: { text: 'Approved', status: 'success' },
  REJECTED: { text: 'Rejected', status: 'danger' },
  SUSPENDED: { text: 'Suspended', status: 'danger' },
  SCHEDULED_FOR_DELETION: { text: 'Scheduled for deletion', color: 'grey' },
};

export function AccountStateLabel({ state }: { state: AccountState }) {
  const { text, status, color } = presentation[state];
  return (
    <Label isCompact status={status} color={color} variant="outline">
      {text}
    </Label>
  );
}
