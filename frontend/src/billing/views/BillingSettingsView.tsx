import { ActionGroup, Button, Card, CardBody, Form, FormGroup, FormSection, PageSection, Radio, Switch } from '@patternfly/react-core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { CheckboxField, SelectField, TextAreaField, TextField } from '../../components/FormFields';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { useFormErrors } from '../../components/useFormErrors';
import type { BillingSettingsQuery } from '../../gql/graphql';
import { PaymentGatewayCard } from '../components/PaymentGatewayCard';
import { billingSettingsQuery, updateBillingSettingsMutation } from '../queries';

type Settings = BillingSettingsQuery['billingSettings'];

const fields = [
  'financeEnabled',
  'strategy',
  'chargingEnabled',
  'currency',
  'invoiceFootnote',
  'zeroVatText',
  'numberingPeriod',
  'financeSupportEmail',
];

/** Account Settings › Billing: whether and how the tenant bills its developer accounts. */
export function BillingSettingsView() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: billingSettingsQuery });
  const settings = data?.billingSettings;
  return (
    <>
      <PageHeader
        title="Billing"
        description="How your developer accounts are billed: the daily run at 08:00 in your time zone adds plan fees and usage charges to monthly invoices."
        breadcrumbs={[{ label: 'Account Settings', to: '/settings' }, { label: 'Billing' }]}
      />
      <PageSection isFilled>
        {error ? (
          <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
        ) : settings ? (
          <>
            <BillingSettingsForm key={`${settings.id}-${settings.saved}`} saved={settings} />
            <PaymentGatewayCard />
          </>
        ) : fetching ? (
          <LoadingState label="Loading the billing settings…" />
        ) : null}
      </PageSection>
    </>
  );
}

function BillingSettingsForm({ saved }: { saved: Settings }) {
  const [financeEnabled, setFinanceEnabled] = useState(saved.financeEnabled);
  const [strategy, setStrategy] = useState(saved.strategy);
  const [chargingEnabled, setChargingEnabled] = useState(saved.chargingEnabled);
  const [currency, setCurrency] = useState(saved.currency);
  const [numberingPeriod, setNumberingPeriod] = useState(saved.numberingPeriod);
  const [footnote, setFootnote] = useState(saved.invoiceFootnote ?? '');
  const [zeroVat, setZeroVat] = useState(saved.zeroVatText ?? '');
  const [email, setEmail] = useState(saved.financeSupportEmail ?? '');
  const { errors, setErrors, report } = useFormErrors(fields);
  const [{ fetching: saving }, update] = useMutation(updateBillingSettingsMutation);
  const notify = useNotify();

  async function save() {
    const code = currency.trim().toUpperCase();
    if (!/^[A-Z]{3}$/.test(code)) {
      setErrors({ currency: 'Enter a three-letter ISO 4217 code, such as EUR or USD.' });
      return;
    }
    setErrors({});
    const result = await update({
      input: {
        financeEnabled,
        strategy,
        chargingEnabled,
        currency: code,
        numberingPeriod,
        ...(footnote.trim() ? { invoiceFootnote: footnote.trim() } : { clearInvoiceFootnote: true }),
        ...(zeroVat.trim() ? { zeroVatText: zeroVat.trim() } : { clearZeroVatText: true }),
        ...(email.trim() ? { financeSupportEmail: email.trim() } : { clearFinanceSupportEmail: true }),
      },
    });
    if (result.error) {
      report(result.error, 'Could not save the billing settings');
      return;
    }
    notify({ variant: 'success', title: 'Billing settings saved', description: financeEnabled ? 'The next billing run uses them.' : 'Billing is off: the daily run bills nothing.' });
  }

  return (
    <Card className="portico-form-card">
      <CardBody>
        <Form
          aria-label="Billing settings"
          noValidate
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <FormGroup fieldId="finance-enabled" label="Billing">
            <Switch
              id="finance-enabled"
              label="Bill developer accounts"
              isChecked={financeEnabled}
              onChange={(_event, on) => setFinanceEnabled(on)}
            />
          </FormGroup>
          <FormSection title="Invoices" titleElement="h2">
            <FormGroup role="radiogroup" isStack fieldId="strategy" label="When plans are billed">
              <Radio
                id="strategy-prepaid"
                name="strategy"
                label="Prepaid"
                description="Fixed fees are billed at the start of the month they pay for; usage of a month on the next month’s invoice."
                isChecked={strategy === 'PREPAID'}
                onChange={() => setStrategy('PREPAID')}
              />
              <Radio
                id="strategy-postpaid"
                name="strategy"
                label="Postpaid"
                description="Fixed fees and usage of a month are invoiced together once the month is over."
                isChecked={strategy === 'POSTPAID'}
                onChange={() => setStrategy('POSTPAID')}
              />
            </FormGroup>
            <TextField
              id="billing-currency"
              label="Currency"
              isRequired
              isCode
              value={currency}
              onChange={setCurrency}
              error={errors.currency}
              helper="ISO 4217 code. New invoices use it; invoices already created keep theirs."
            />
            <SelectField
              id="billing-numbering"
              label="Invoice numbering"
              value={numberingPeriod}
              onChange={(value) => setNumberingPeriod(value as Settings['numberingPeriod'])}
              options={[
                { value: 'MONTHLY', label: 'Restart every month (2026-03-00000001)' },
                { value: 'YEARLY', label: 'Restart every year (2026-00000001)' },
              ]}
              error={errors.numberingPeriod}
            />
            <TextAreaField id="billing-footnote" label="Invoice footnote" value={footnote} onChange={setFootnote} error={errors.invoiceFootnote} rows={2} />
            <TextAreaField
              id="billing-zero-vat"
              label="Text on invoices without VAT"
              value={zeroVat}
              onChange={setZeroVat}
              error={errors.zeroVatText}
              rows={2}
              helper="Printed instead of the VAT line when the buyer’s VAT rate is zero, e.g. a reverse-charge notice."
            />
            <TextField
              id="billing-email"
              label="Finance support email"
              type="email"
              value={email}
              onChange={setEmail}
              error={errors.financeSupportEmail}
              helper="Where buyers write about their invoices; shown in billing emails."
            />
          </FormSection>
          <FormSection title="Charging" titleElement="h2">
            <CheckboxField
              id="billing-charging"
              label="Charge issued invoices to the buyer’s card"
              description="Needs the payment gateway below; without one, invoices are issued and marked paid by hand."
              isChecked={chargingEnabled}
              onChange={setChargingEnabled}
              error={errors.chargingEnabled}
            />
          </FormSection>
          <ActionGroup>
            <Button type="submit" variant="primary" isLoading={saving} isDisabled={saving}>
              Save
            </Button>
          </ActionGroup>
        </Form>
      </CardBody>
    </Card>
  );
}
