import { useState } from 'react';
import { useNavigate } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { accountChoicesQuery } from '../../accounts/queries';
import { SelectField } from '../../components/FormFields';
import { FormModal } from '../../components/FormModal';
import { useNotify } from '../../components/Notifications';
import { SearchSelectField, type SearchOption } from '../../components/SearchSelectField';
import { useFormErrors } from '../../components/useFormErrors';
import { nodes } from '../../graphql/connection';
import { createInvoiceMutation } from '../queries';
import { invoiceUrl } from '../urls';
import { monthName, recentMonths } from './dates';

/** Creates an open invoice by hand for an account and a month, then opens it to add line items. */
export function CreateInvoiceModal({ account, onClose }: { account?: { id: string; orgName: string }; onClose: () => void }) {
  const months = recentMonths(12);
  const [chosen, setChosen] = useState<SearchOption | null>(account ? { value: account.id, label: account.orgName } : null);
  const [search, setSearch] = useState('');
  const [period, setPeriod] = useState(months[0]);
  const { errors, setErrors, report } = useFormErrors(['accountID', 'period'], '');
  const [{ data, fetching }] = useQuery({ query: accountChoicesQuery, variables: { search: search || undefined }, pause: !!account });
  const [, createInvoice] = useMutation(createInvoiceMutation);
  const notify = useNotify();
  const navigate = useNavigate();

  async function submit() {
    if (!chosen) {
      setErrors({ accountID: 'Choose the account to invoice.' });
      return;
    }
    setErrors({});
    const result = await createInvoice({ accountID: chosen.value, period }, { additionalTypenames: ['Invoice'] });
    if (result.error || !result.data) {
      if (result.error) report(result.error, 'Could not create the invoice');
      return;
    }
    notify({ variant: 'success', title: `Created an open invoice for ${chosen.label}, ${monthName(period)}` });
    onClose();
    navigate(invoiceUrl(result.data.createInvoice.id));
  }

  return (
    <FormModal
      isOpen
      title="Create invoice"
      description="An open invoice, made by hand: add charges and credits to it, then issue it."
      submitLabel="Create invoice"
      onSubmit={submit}
      onClose={onClose}
    >
      {account ? null : (
        <SearchSelectField
          id="invoice-account"
          label="Account"
          isRequired
          value={chosen}
          onChange={setChosen}
          onSearch={(text) => setSearch(text.trim())}
          options={nodes(data?.accounts).map((choice) => ({ value: choice.id, label: choice.orgName }))}
          isLoading={fetching}
          placeholder="Search accounts by organization name"
          error={errors.accountID}
        />
      )}
      <SelectField
        id="invoice-period"
        label="Month"
        isRequired
        value={period}
        onChange={setPeriod}
        options={months.map((month) => ({ value: month, label: monthName(month) }))}
        error={errors.period}
      />
    </FormModal>
  );
}
