import { Label, type LabelProps } from '@patternfly/react-core';

import type { ApplicationState } from '../../gql/graphql';

const presentation: Record<ApplicationState, { text: string; status?: LabelProps['status'] }> = {
  PENDING: { text: 'Pending', status: 'warning' },
  LIVE: { text: 'Live', status: 'success' },
  SUSPENDED: { text: 'Suspended', status: 'danger' },
};

export function ApplicationStateLabel({ state }: { state: ApplicationState }) {
  const { text, status } = presentation[state];
  return (
    <Label isCompact status={status} variant="outline">
      {text}
    </Label>
  );
}
