import { useState } from 'react';
import { useMutation } from 'urql';

import { TextField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { problems } from '../../components/validation';
import { runBillingMutation } from '../queries';

/** Today as YYYY-MM-DD in the browser's zone (the server checks the date against the tenant's). */
function today(): string {
  const now = new Date();
  return `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, '0')}-${String(now.getDate()).padStart(2, '0')}`;
}

/**
 * Runs the daily billing routine for a date, for every account or one: what the 08:00 run does,
 * for backfills and for checking a month's invoices before they go out. A second run for the same
 * date adds nothing.
 */
export function RunBillingModal({
  account,
  onClose,
  onDone,
}: {
  /** Bill only this account. */
  account?: { id: string; orgName: string };
  onClose: () => void;
  onDone?: () => void;
}) {
  const [date, setDate] = useState(today());
  const { errors, setErrors, report } = useFormErrors(['date']);
  const [, runBilling] = useMutation(runBillingMutation);
  const notify = useNotify();

  async function submit() {
    const found = problems({ date: /^\d{4}-\d{2}-\d{2}$/.test(date) ? undefined : 'Enter a date as YYYY-MM-DD.' });
    setErrors(found);
    if (Object.keys(found).length > 0) return;
    const result = await runBilling({ date, accountID: account?.id }, { additionalTypenames: ['Invoice', 'LineItem'] });
    if (result.error || !result.data) {
      if (result.error) report(result.error, 'Could not run billing');
      return;
    }
    const run = result.data.runBilling;
    const added = run.lineItemsAdded === 1 ? '1 line item' : `${run.lineItemsAdded} line items`;
    const accounts = run.accounts === 1 ? '1 account' : `${run.accounts} accounts`;
    notify({
      variant: 'success',
      title: `Billed ${run.date}`,
      description:
        run.lineItemsAdded === 0 && run.invoicesFinalized === 0 && run.invoicesIssued === 0
          ? `Went through ${accounts}; there was nothing new to bill.`
          : `Went through ${accounts}: added ${added}, finalized ${run.invoicesFinalized} and issued ${run.invoicesIssued} invoices.`,
    });
    onDone?.();
    onClose();
  }

  return (
    <FormModal
      isOpen
      title={account ? `Run billing for ${account.orgName}` : 'Run billing'}
      description="Runs the daily billing routine for the date, exactly as the 08:00 run would: fixed fees, usage charges, finalizing and issuing. Running it again for the same date adds nothing."
      submitLabel="Run billing"
      onSubmit={submit}
      onClose={onClose}
    >
      <TextField
        id="billing-date"
        label="Date"
        isRequired
        value={date}
        onChange={setDate}
        error={errors.date}
        helper="YYYY-MM-DD, today or earlier, in your time zone. The 1st of a month bills the month's fixed fees and the previous month's usage."
      />
    </FormModal>
  );
}
