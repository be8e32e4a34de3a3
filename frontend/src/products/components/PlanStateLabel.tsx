import { Label } from '@patternfly/react-core';

import type { PlanState } from '../../gql/graphql';

export function PlanStateLabel({ state }: { state: PlanState }) {
  return (
    <Label isCompact variant="outline" status={state === 'PUBLISHED' ? 'success' : undefined} color={state === 'PUBLISHED' ? undefined : 'grey'}>
      {state === 'PUBLISHED' ? 'Published' : 'Hidden'}
    </Label>
  );
}
