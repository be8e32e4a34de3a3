import { Label, type LabelProps } from '@patternfly/react-core';

import type { TenantState } from '../../gql/graphql';
import { tenantStateOptions } from './tenantStates';

const colors: Record<TenantState, LabelProps['color']> = {
  APPROVED: 'green',
  PENDING: 'blue',
  REJECTED: 'red',
  SUSPENDED: 'orange',
  SCHEDULED_FOR_DELETION: 'red',
};

export function TenantStateLabel({ state }: { state: TenantState }) {
  return <Label color={colors[state]}>{tenantStateOptions.find((option) => option.value === state)?.label ?? state}</Label>;
}
