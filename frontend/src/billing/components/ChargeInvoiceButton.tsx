import { Button, Tooltip } from '@patternfly/react-core';
import { useState } from 'react';
import { useMutation } from 'urql';

import { ConfirmDialog } from '../../components/ConfirmDialog';
import { formatMoney } from '../../components/money';
import { useNotify } from '../../components/Notifications';
import type { InvoiceState } from '../../gql/graphql';
import { errorMessage } from '../../graphql/errors';
import { chargeInvoiceMutation } from '../queries';
import { cardName } from './cards';
import { chargeableStates } from './invoiceStates';

type Invoice = {
  id: string;
  state: InvoiceState;
  cost: string;
  currency: string;
  account?: { orgName: string; paymentProfile?: { brand?: string | null; last4?: string | null } | null } | null;
};

const context = { additionalTypenames: ['Invoice', 'PaymentTransaction'] };

/**
 * "Charge now": charges the invoice to the account's card at once. A manual charge leaves the
 * billing run's retry count alone; a decline is reported, not thrown.
 */
export function ChargeInvoiceButton({ invoice, isDisabled, onCharged }: { invoice: Invoice; isDisabled?: boolean; onCharged: () => void }) {
  const [confirming, setConfirming] = useState(false);
  const [{ fetching }, charge] = useMutation(chargeInvoiceMutation);
  const notify = useNotify();
  if (!chargeableStates.includes(invoice.state) || Number(invoice.cost) <= 0) return null;
  const card = invoice.account?.paymentProfile?.last4 ? invoice.account.paymentProfile : null;
  const amount = formatMoney(invoice.cost, invoice.currency);

  async function run() {
    setConfirming(false);
    const result = await charge({ id: invoice.id }, context);
    if (result.error) {
      notify({ variant: 'danger', title: 'Could not charge the invoice', description: errorMessage(result.error) });
      return;
    }
    const outcome = result.data?.chargeInvoice;
    if (outcome?.transaction.success) {
      notify({ variant: 'success', title: `${amount} was charged: the invoice is paid`, description: card ? `${cardName(card)} was charged.` : undefined });
    } else {
      notify({
        variant: 'warning',
        title: 'The charge was declined',
        description: `${outcome?.transaction.message ?? 'The processor refused the payment.'} The invoice stays ${invoice.state === 'FAILED' ? 'failed' : 'unpaid'}.`,
      });
    }
    onCharged();
  }

  const button = (
    <Button variant="primary" isDisabled={isDisabled || fetching || !card} isAriaDisabled={!card} isLoading={fetching} onClick={() => setConfirming(true)}>
      Charge now
    </Button>
  );
  return (
    <>
      {card ? button : <Tooltip content="The account has no card on file.">{button}</Tooltip>}
      <ConfirmDialog isOpen={confirming} variant="warning" title={`Charge ${amount} now?`} confirmLabel="Charge" onConfirm={run} onCancel={() => setConfirming(false)}>
        {card ? `${cardName(card)} of ${invoice.account?.orgName ?? 'the account'} is charged ${amount} at once. ` : null}
        A charge made by hand does not count toward the billing run’s three attempts.
      </ConfirmDialog>
    </>
  );
}
