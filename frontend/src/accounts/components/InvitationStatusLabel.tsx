import { Label, type LabelProps } from '@patternfly/react-core';

import type { InvitationStatus } from '../../gql/graphql';

const presentation: Record<InvitationStatus, { text: string; status?: LabelProps['status']; color?: LabelProps['color'] }> = {
  PENDING: { text: 'Pending', color: 'blue' },
  ACCEPTED: { text: 'Accepted', status: 'success' },
  EXPIRED: { text: 'Expired', status: 'warning' },
  REVOKED: { text: 'Revoked', color: 'grey' },
};

export function InvitationStatusLabel({ status }: { status: InvitationStatus }) {
  const { text, status: labelStatus, color } = presentation[status];
  return (
    <Label isCompact variant="outline" status={labelStatus} color={color}>
      {text}
    </Label>
  );
}
