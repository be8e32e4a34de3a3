import { Label, type LabelProps } from '@patternfly/react-core';

import type { InvoiceState } from '../../gql/graphql';
import { invoiceStateNames } from './invoiceStates';

const colors: Record<InvoiceState, LabelProps['color']> = {
  OPEN: 'blue',
  FINALIZED: 'purple',
  PENDING: 'orange',
  UNPAID: 'orange',
  PAID: 'green',
  FAILED: 'red',
  CANCELLED: 'grey',
};

export function InvoiceStateLabel({ state }: { state: InvoiceState }) {
  return (
    <Label isCompact color={colors[state]}>
      {invoiceStateNames[state]}
    </Label>
  );
}
