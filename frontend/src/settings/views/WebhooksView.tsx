import {
  ActionGroup,
  Button,
  Card,
  CardBody,
  CardTitle,
  ClipboardCopy,
  CodeBlock,
  CodeBlockCode,
  DescriptionList,
  DescriptionListDescription,
  DescriptionListGroup,
  DescriptionListTerm,
  Form,
  FormSelect,
  FormSelectOption,
  Grid,
  GridItem,
  Label,
  Modal,
  ModalBody,
  ModalHeader,
  PageSection,
  Title,
  ToolbarItem,
} from '@patternfly/react-core';
import { useEffect, useMemo, useState } from 'react';
import { useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { CheckboxField, SelectField, TextField } from '../../components/FormFields';
import { ListTable } from '../../components/ListTable';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { ErrorState } from '../../components/ErrorState';
import { nodes } from '../../graphql/connection';
import { errorMessage, formErrors } from '../../graphql/errors';
import { useCursorPage } from '../../graphql/useCursorPage';
import type { WebhookDeliveriesQuery, WebhookDeliveryState, WebhookEvent, WebhookFormat } from '../../gql/graphql';
import { webhookEventGroups } from '../components/webhookEvents';
import {
  replayWebhookDeliveryMutation,
  rotateWebhookSecretMutation,
  sendWebhookTestEventMutation,
  updateWebhookMutation,
  webhookDeliveriesQuery,
  webhookQuery,
} from '../queries';
import { settingsPath } from '../urls';

type Delivery = NonNullable<NonNullable<NonNullable<WebhookDeliveriesQuery['webhookDeliveries']['edges']>[number]>['node']>;

const deliveryContext = { additionalTypenames: ['WebhookDelivery'] };

const stateColors: Record<string, 'green' | 'red' | 'blue'> = { DELIVERED: 'green', FAILED: 'red', PENDING: 'blue' };

/** Account Settings › Integrate › Webhooks: where events are sent, signed, logged and replayed. */
export function WebhooksView() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: webhookQuery });
  const webhook = data?.webhook;

  return (
    <>
      <PageHeader
        title="Webhooks"
        description="Portico POSTs events about developer accounts, users and applications to your URL, as 3scale does, signed with your secret (header X-Portico-Signature)."
        breadcrumbs={[{ label: 'Account Settings', to: settingsPath }, { label: 'Webhooks' }]}
      />
      <PageSection isFilled>
        {error ? (
          <ErrorState error={error} onRetry={() => refetch({ requestPolicy: 'network-only' })} />
        ) : !webhook ? (
          fetching ? <LoadingState /> : null
        ) : (
          <Grid hasGutter>
            <GridItem lg={7}>
              <WebhookForm key={webhook.id} webhook={webhook} />
            </GridItem>
            <GridItem lg={5}>
              <SecretCard secret={webhook.secret} rotatedAt={webhook.secretRotatedAt ?? null} />
            </GridItem>
            <GridItem>
              <DeliveryLog canTest={webhook.url !== ''} />
            </GridItem>
          </Grid>
        )}
      </PageSection>
    </>
  );
}

interface WebhookValues {
  url: string;
  active: boolean;
  providerActions: boolean;
  events: readonly WebhookEvent[];
  format: WebhookFormat;
}

function WebhookForm({ webhook }: { webhook: WebhookValues }) {
  const [values, setValues] = useState<WebhookValues>(webhook);
  const [{ fetching, error }, update] = useMutation(updateWebhookMutation);
  const [shown, setShown] = useState(false);
  const notify = useNotify();
  const errors = shown ? formErrors(error, ['url', 'events', 'format']).fields : {};

  async function save() {
    const result = await update({
      input: { url: values.url.trim(), active: values.active, providerActions: values.providerActions, events: [...values.events], format: values.format },
    });
    setShown(true);
    if (result.error) {
      const { other } = formErrors(result.error, ['url', 'events', 'format']);
      if (other) notify({ variant: 'danger', title: 'Could not save the webhook', description: other });
      return;
    }
    notify({ variant: 'success', title: 'Webhook saved' });
  }

  function toggle(event: WebhookEvent, on: boolean) {
    setValues((current) => ({
      ...current,
      events: on ? [...current.events.filter((e) => e !== event), event] : current.events.filter((e) => e !== event),
    }));
  }

  return (
    <Card>
      <CardTitle>Endpoint</CardTitle>
      <CardBody>
        <Form
          onSubmit={(event) => {
            event.preventDefault();
            void save();
          }}
        >
          <TextField
            id="webhook-url"
            label="URL"
            value={values.url}
            onChange={(url) => setValues({ ...values, url })}
            placeholder="https://example.com/portico/events"
            error={errors.url}
            helper="An http or https URL on a public address."
            isCode
          />
          <CheckboxField id="webhook-active" label="Webhooks enabled" isChecked={values.active} onChange={(active) => setValues({ ...values, active })} />
          <CheckboxField
            id="webhook-provider-actions"
            label="Dashboard actions fire webhooks"
            description="Also send events caused by your team in this console or through access tokens, not only by developers."
            isChecked={values.providerActions}
            onChange={(providerActions) => setValues({ ...values, providerActions })}
          />
          <SelectField
            id="webhook-format"
            label="Format"
            value={values.format}
            onChange={(format) => setValues({ ...values, format: format as WebhookFormat })}
            options={[
              { value: 'XML', label: 'XML (3scale compatible)' },
              { value: 'JSON', label: 'JSON' },
            ]}
            error={errors.format}
          />
          <Grid hasGutter>
            {webhookEventGroups.map((group) => (
              <GridItem md={4} key={group.title}>
                <Title headingLevel="h4">{group.title}</Title>
                {group.events.map((event) => (
                  <CheckboxField
                    key={event.value}
                    id={`webhook-event-${event.value.toLowerCase()}`}
                    label={event.label}
                    isChecked={values.events.includes(event.value)}
                    onChange={(on) => toggle(event.value, on)}
                  />
                ))}
              </GridItem>
            ))}
          </Grid>
          <ActionGroup>
            <Button type="submit" variant="primary" isLoading={fetching} isDisabled={fetching}>
              Save
            </Button>
          </ActionGroup>
        </Form>
      </CardBody>
    </Card>
  );
}

function SecretCard({ secret, rotatedAt }: { secret: string; rotatedAt: string | null }) {
  const [, rotate] = useMutation(rotateWebhookSecretMutation);
  const notify = useNotify();
  async function onRotate() {
    const result = await rotate({});
    if (result.error) notify({ variant: 'danger', title: 'Could not rotate the secret', description: errorMessage(result.error) });
    else notify({ variant: 'success', title: 'Secret rotated', description: 'Deliveries are signed with the new secret from now on.' });
  }
  return (
    <Card>
      <CardTitle>Signing secret</CardTitle>
      <CardBody>
        {secret ? (
          <ClipboardCopy isReadOnly hoverTip="Copy" clickTip="Copied" aria-label="Signing secret" variant="expansion">
            {secret}
          </ClipboardCopy>
        ) : (
          <p>The secret is created when the webhook is first saved.</p>
        )}
        <p>
          Each request carries <code>X-Portico-Signature: t=&lt;unix time&gt;,v1=&lt;hex&gt;</code>, the HMAC-SHA256 of{' '}
          <code>&lt;unix time&gt;.&lt;body&gt;</code> keyed with this secret, and <code>X-Portico-Event-Id</code> to de-duplicate on.
        </p>
        {rotatedAt ? <small>Created {new Date(rotatedAt).toLocaleString()}</small> : null}
        <ActionGroup>
          <Button variant="secondary" onClick={() => void onRotate()}>
            Rotate secret
          </Button>
        </ActionGroup>
      </CardBody>
    </Card>
  );
}

function DeliveryLog({ canTest }: { canTest: boolean }) {
  const page = useCursorPage(20, 'log');
  const [state, setState] = useState<'' | WebhookDeliveryState>('');
  const [eventType, setEventType] = useState('');
  const where = useMemo(() => {
    const w: { state?: WebhookDeliveryState; eventType?: string } = {};
    if (state) w.state = state;
    if (eventType) w.eventType = eventType;
    return w;
  }, [state, eventType]);
  const [{ data, fetching, error }, refetch] = useQuery({
    query: webhookDeliveriesQuery,
    variables: { ...page.variables, where },
    context: useMemo(() => deliveryContext, []),
  });
  const [, sendTest] = useMutation(sendWebhookTestEventMutation);
  const [, replay] = useMutation(replayWebhookDeliveryMutation);
  const [open, setOpen] = useState<Delivery | null>(null);
  const notify = useNotify();

  const rows = data ? nodes(data.webhookDeliveries) : undefined;
  const pending = rows?.some((row) => row.state === 'PENDING') ?? false;
  useEffect(() => {
    if (!pending) return;
    const timer = setTimeout(() => refetch({ requestPolicy: 'network-only' }), 1000);
    return () => clearTimeout(timer);
  }, [pending, data, refetch]);

  async function onTest() {
    const result = await sendTest({}, deliveryContext);
    if (result.error) notify({ variant: 'danger', title: 'Could not send a test event', description: errorMessage(result.error) });
    else notify({ variant: 'success', title: 'Test event queued' });
    refetch({ requestPolicy: 'network-only' });
  }

  async function onReplay(row: Delivery) {
    const result = await replay({ id: row.id }, deliveryContext);
    if (result.error) notify({ variant: 'danger', title: 'Could not replay the delivery', description: errorMessage(result.error) });
    else notify({ variant: 'success', title: `Replaying ${row.eventType}` });
    refetch({ requestPolicy: 'network-only' });
  }

  const eventTypes = [
    'account.created', 'account.updated', 'account.deleted', 'account.plan_changed', 'user.created', 'user.updated', 'user.deleted',
    'application.created', 'application.updated', 'application.deleted', 'application.plan_changed', 'application.suspended',
    'application.user_key_updated', 'application.key_created', 'application.key_deleted', 'application.key_updated',
  ];

  return (
    <Card>
      <CardTitle>Delivery log</CardTitle>
      <CardBody>
        <ListTable
          label="Webhook deliveries"
          rows={rows}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          pagination={data ? { page, totalCount: data.webhookDeliveries.totalCount, pageInfo: data.webhookDeliveries.pageInfo } : undefined}
          filters={
            <>
              <ToolbarItem>
                <FormSelect aria-label="State" value={state} onChange={(_event, value) => setState(value as WebhookDeliveryState | '')}>
                  <FormSelectOption value="" label="Any state" />
                  <FormSelectOption value="PENDING" label="Pending" />
                  <FormSelectOption value="DELIVERED" label="Delivered" />
                  <FormSelectOption value="FAILED" label="Failed" />
                </FormSelect>
              </ToolbarItem>
              <ToolbarItem>
                <FormSelect aria-label="Event" value={eventType} onChange={(_event, value) => setEventType(value)}>
                  <FormSelectOption value="" label="Any event" />
                  {eventTypes.map((type) => (
                    <FormSelectOption key={type} value={type} label={type} />
                  ))}
                </FormSelect>
              </ToolbarItem>
            </>
          }
          toolbarActions={
            <Button variant="secondary" onClick={() => void onTest()} isDisabled={!canTest}>
              Send test event
            </Button>
          }
          empty={<BlankState title="No deliveries">Events you enable appear here once sent. Send a test event to try your endpoint.</BlankState>}
          rowLabel={(row) => `${row.eventType} ${row.id}`}
          rowActions={(row) => [
            { title: 'Details', onClick: () => setOpen(row) },
            { title: 'Replay', onClick: () => void onReplay(row), isDisabled: row.state === 'PENDING' },
          ]}
          columns={[
            { title: 'Sent', cell: (row) => new Date(row.createdAt).toLocaleString() },
            {
              title: 'Event',
              cell: (row) => (
                <>
                  <code>{row.eventType}</code> {row.test ? <Label isCompact>test</Label> : null}{' '}
                  {row.replayOfID ? <Label isCompact>replay</Label> : null}
                </>
              ),
            },
            { title: 'State', cell: (row) => <Label isCompact color={stateColors[row.state]}>{row.state.toLowerCase()}</Label> },
            { title: 'Attempts', cell: (row) => String(row.attempts) },
            { title: 'Status', cell: (row) => (row.responseStatus ? String(row.responseStatus) : row.error ? 'no answer' : '—') },
            { title: 'Latency', cell: (row) => (row.latencyMs != null ? `${row.latencyMs} ms` : '—') },
          ]}
        />
        <Modal isOpen={open !== null} onClose={() => setOpen(null)} variant="large" aria-labelledby="delivery-title">
          <ModalHeader title={open ? `${open.eventType} — delivery ${open.id}` : ''} labelId="delivery-title" />
          <ModalBody>{open ? <DeliveryDetails delivery={open} /> : null}</ModalBody>
        </Modal>
      </CardBody>
    </Card>
  );
}

function DeliveryDetails({ delivery }: { delivery: Delivery }) {
  return (
    <>
      <DescriptionList isHorizontal isCompact>
        <DescriptionListGroup>
          <DescriptionListTerm>Event id</DescriptionListTerm>
          <DescriptionListDescription>
            <code>{delivery.eventID}</code>
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>URL</DescriptionListTerm>
          <DescriptionListDescription>
            <code>{delivery.url}</code>
          </DescriptionListDescription>
        </DescriptionListGroup>
        <DescriptionListGroup>
          <DescriptionListTerm>Last error</DescriptionListTerm>
          <DescriptionListDescription>{delivery.error || '—'}</DescriptionListDescription>
        </DescriptionListGroup>
      </DescriptionList>
      <Title headingLevel="h4">Request body ({delivery.format})</Title>
      <CodeBlock>
        <CodeBlockCode>{delivery.requestBody}</CodeBlockCode>
      </CodeBlock>
      <Title headingLevel="h4">Response body</Title>
      <CodeBlock>
        <CodeBlockCode>{delivery.responseBody || '(empty)'}</CodeBlockCode>
      </CodeBlock>
    </>
  );
}
