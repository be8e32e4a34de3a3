import { Label, type LabelProps } from '@patternfly/react-core';

import type { InvoiceState } from '../../gql/graphql';
import { countOf } from '../../components/plural';
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

/** An invoice's state; with failedCharges, how many charges by the billing run were declined. */
export function InvoiceStateLabel({ state, failedCharges = 0 }: { state: InvoiceState; failedCharges?: number }) {
  return (
    <>
      <Label isCompact color={colors[state]}>
        {invoiceStateNames[state]}
      </Label>
      {failedCharges > 0 && (state === 'UNPAID' || state === 'FAILED') ? (
        <div className="pf-v6-u-font-size-xs pf-v6-u-color-200">{countOf(failedCharges, 'failed charge')}</div>
      ) : null}
    </>
  );
}
