import {
  ActionGroup,
  Alert,
  Button,
  Card,
  CardBody,
  CardHeader,
  CardTitle,
  Content,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  Label,
  Title,
} from '@patternfly/react-core';
import { useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DateTime } from '../../components/DateTime';
import { ErrorState } from '../../components/ErrorState';
import { SelectField, TextField } from '../../components/FormFields';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { useFormErrors } from '../../components/useFormErrors';
import { errorMessage } from '../../graphql/errors';
import { configurePaymentGatewayMutation, paymentGatewayQuery, removePaymentGatewayMutation } from '../queries';

const fields = ['kind', 'publishableKey', 'secretKey'];
const context = { additionalTypenames: ['PaymentGateway', 'BillingSettings'] };

/**
 * Account Settings › Billing › Payment gateway: the processor that charges buyers' cards. Saving
 * checks the keys with the processor first, so a saved gateway is one that answered.
 */
export function PaymentGatewayCard() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: paymentGatewayQuery, context });
  const gateway = data?.paymentGateway ?? null;
  const charging = data?.billingSettings.chargingEnabled ?? false;
  const [editing, setEditing] = useState(false);
  const [removing, setRemoving] = useState(false);
  const [, remove] = useMutation(removePaymentGatewayMutation);
  const notify = useNotify();

  async function confirmRemove() {
    const result = await remove({}, context);
    setRemoving(false);
    if (result.error) {
      notify({ variant: 'danger', title: 'Could not remove the payment gateway', description: errorMessage(result.error) });
      return;
    }
    notify({ variant: 'success', title: 'The payment gateway was removed', description: 'Saved cards stay with the processor; invoices are no longer charged.' });
    refetch({ requestPolicy: 'network-only' });
  }

  let body;
  if (error) body = <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />;
  else if (!data && fetching) body = <LoadingState label="Loading the payment gateway…" />;
  else if (editing || !gateway)
    body = (
      <GatewayForm
        current={gateway}
        onCancel={gateway ? () => setEditing(false) : undefined}
        onSaved={() => {
          setEditing(false);
          refetch({ requestPolicy: 'network-only' });
        }}
      />
    );
  else
    body = (
      <>
        <DescriptionList isHorizontal isCompact aria-label="Payment gateway">
          <DescriptionListGroup>
            <DescriptionListTerm>Processor</DescriptionListTerm>
            <DescriptionListDescription>
              Stripe{' '}
              {gateway.testMode ? (
                <Label isCompact color="orange">
                  Test mode
                </Label>
              ) : (
                <Label isCompact color="green">
                  Live
                </Label>
              )}
            </DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>Publishable key</DescriptionListTerm>
            <DescriptionListDescription>
              <code>{gateway.publishableKey}</code>
            </DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>Secret key</DescriptionListTerm>
            <DescriptionListDescription>
              <code>{gateway.secretKeyHint}</code>
            </DescriptionListDescription>
          </DescriptionListGroup>
          <DescriptionListGroup>
            <DescriptionListTerm>Checked and saved</DescriptionListTerm>
            <DescriptionListDescription>
              <DateTime value={gateway.updatedAt} withTime />
            </DescriptionListDescription>
          </DescriptionListGroup>
        </DescriptionList>
        <ActionGroup className="pf-v6-u-mt-md">
          <Button variant="secondary" onClick={() => setEditing(true)}>
            Change keys
          </Button>
          <Button variant="link" isDanger onClick={() => setRemoving(true)}>
            Remove
          </Button>
        </ActionGroup>
      </>
    );

  return (
    <Card className="portico-form-card pf-v6-u-mt-lg">
      <CardHeader>
        <CardTitle>
          <Title headingLevel="h2" size="lg">
            Payment gateway
          </Title>
        </CardTitle>
      </CardHeader>
      <CardBody>
        <Content component="p">
          Buyers’ cards are saved and charged by your payment processor; card numbers never reach Portico. Keys are checked with the processor
          before they are saved, and the secret key is stored encrypted.
        </Content>
        {body}
      </CardBody>
      <ConfirmDialog isOpen={removing} title="Remove the payment gateway?" confirmLabel="Remove" onConfirm={confirmRemove} onCancel={() => setRemoving(false)}>
        {charging
          ? 'Charging is on in the billing settings above: turn it off first, or the removal is refused.'
          : 'Invoices will no longer be charged to cards. The cards stay saved with the processor.'}
      </ConfirmDialog>
    </Card>
  );
}

function GatewayForm({
  current,
  onCancel,
  onSaved,
}: {
  current: { publishableKey: string } | null;
  onCancel?: () => void;
  onSaved: () => void;
}) {
  const [kind, setKind] = useState<'STRIPE'>('STRIPE');
  const [publishableKey, setPublishableKey] = useState(current?.publishableKey ?? '');
  const [secretKey, setSecretKey] = useState('');
  const { errors, setErrors, report } = useFormErrors(fields);
  const [{ fetching: saving }, configure] = useMutation(configurePaymentGatewayMutation);
  const notify = useNotify();

  async function save() {
    const missing: Record<string, string> = {};
    if (!publishableKey.trim()) missing.publishableKey = 'Enter the publishable key (pk_test_… or pk_live_…).';
    if (!secretKey.trim()) missing.secretKey = 'Enter the secret key (sk_… or a restricted rk_… key).';
    setErrors(missing);
    if (Object.keys(missing).length) return;
    const result = await configure({ input: { kind, publishableKey: publishableKey.trim(), secretKey: secretKey.trim() } }, context);
    if (result.error) {
      report(result.error, 'Could not save the payment gateway');
      return;
    }
    notify({
      variant: 'success',
      title: 'Stripe answered: the payment gateway was saved',
      description: result.data?.configurePaymentGateway.testMode ? 'Test mode: use Stripe’s test cards.' : 'Live mode: cards are charged for real.',
    });
    onSaved();
  }

  return (
    <Form
      aria-label="Payment gateway keys"
      noValidate
      onSubmit={(event) => {
        event.preventDefault();
        void save();
      }}
    >
      {!current ? (
        <Alert variant="info" isInline isPlain title="No payment gateway yet: invoices can be issued and marked paid by hand, but not charged." />
      ) : null}
      <SelectField id="gateway-kind" label="Processor" value={kind} onChange={() => setKind('STRIPE')} options={[{ value: 'STRIPE', label: 'Stripe' }]} error={errors.kind} />
      <TextField
        id="gateway-publishable-key"
        label="Publishable key"
        isRequired
        isCode
        value={publishableKey}
        onChange={setPublishableKey}
        error={errors.publishableKey}
        autoComplete="off"
        helper="Given to your developer portal, where buyers enter their cards."
      />
      <TextField
        id="gateway-secret-key"
        label="Secret key"
        type="password"
        isRequired
        isCode
        value={secretKey}
        onChange={setSecretKey}
        error={errors.secretKey}
        autoComplete="off"
        helper={current ? 'Enter it again to change the keys; the saved one is never shown.' : 'Of the same mode as the publishable key (test or live).'}
      />
      <ActionGroup>
        <Button type="submit" variant="primary" isLoading={saving} isDisabled={saving}>
          {saving ? 'Checking with Stripe…' : 'Check and save'}
        </Button>
        {onCancel ? (
          <Button variant="link" onClick={onCancel}>
            Cancel
          </Button>
        ) : null}
      </ActionGroup>
    </Form>
  );
}
