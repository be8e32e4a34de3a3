import { Button, Content, Flex, FlexItem, Label, Switch, Title, ToolbarItem } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage } from '../../graphql/useCursorPage';
import { accountBillingQuery, invoiceListQuery, invoicePreviewQuery, removeCardMutation, updateAccountBillingMutation } from '../queries';
import { invoiceUrl } from '../urls';
import { CreateInvoiceModal } from './CreateInvoiceModal';
import { InvoiceStateLabel } from './InvoiceStateLabel';
import { formatMoney } from '../../components/money';
import { dateOnly, monthName } from './dates';
import { RunBillingModal } from './RunBillingModal';
import { cardExpiry, cardExpiresSoon, cardName } from './cards';

const context = { additionalTypenames: ['Invoice', 'LineItem', 'Account'] };

/**
 * An account's billing on its page: whether the run bills and charges it, its invoices, and what
 * this month's invoice would say if the run happened now.
 */
export function AccountBilling({ account }: { account: { id: string; orgName: string } }) {
  const page = useCursorPage(5, 'invoices.');
  const [{ data: switches }] = useQuery({ query: accountBillingQuery, variables: { id: account.id } });
  const [{ data, fetching, error }, refetch] = useQuery({
    query: invoiceListQuery,
    variables: { ...page.variables, where: { accountID: account.id } },
    context: useMemo(() => context, []),
  });
  const [previewing, setPreviewing] = useState(false);
  const [running, setRunning] = useState(false);
  const [creating, setCreating] = useState(false);
  const [, update] = useMutation(updateAccountBillingMutation);
  const notify = useNotify();
  const settings = switches?.node?.__typename === 'Account' ? switches.node : null;

  async function toggle(field: 'monthlyBillingEnabled' | 'monthlyChargingEnabled', on: boolean) {
    const result = await update({ id: account.id, input: { [field]: on } });
    if (result.error) {
      notify({ variant: 'danger', title: 'Could not change the billing of the account', description: errorMessage(result.error) });
      return;
    }
    const what = field === 'monthlyBillingEnabled' ? 'billing' : 'charging';
    notify({ variant: 'success', title: `Monthly ${what} is ${on ? 'on' : 'off'} for ${account.orgName}` });
  }

  return (
    <>
      <Flex gap={{ default: 'gap2xl' }} className="pf-v6-u-mb-md">
        <FlexItem>
          <Switch
            id="account-monthly-billing"
            label="Monthly billing"
            isChecked={settings?.monthlyBillingEnabled ?? true}
            isDisabled={!settings}
            onChange={(_event, on) => void toggle('monthlyBillingEnabled', on)}
          />
          <Content component="small" className="pf-v6-u-display-block">
            Off: the billing run adds nothing to this account’s invoices.
          </Content>
        </FlexItem>
        <FlexItem>
          <Switch
            id="account-monthly-charging"
            label="Monthly charging"
            isChecked={settings?.monthlyChargingEnabled ?? true}
            isDisabled={!settings}
            onChange={(_event, on) => void toggle('monthlyChargingEnabled', on)}
          />
          <Content component="small" className="pf-v6-u-display-block">
            Off: its invoices are never charged automatically.
          </Content>
        </FlexItem>
      </Flex>
      <CardOnFile account={account} card={settings?.paymentProfile?.last4 ? settings.paymentProfile : null} loaded={settings !== null} />
      <ListTable
        label="Invoices of the account"
        rows={data ? nodes(data.invoices) : undefined}
        fetching={fetching}
        error={error}
        onRetry={() => refetch({ requestPolicy: 'network-only' })}
        toolbarActions={
          <>
            <ToolbarItem>
              <Button variant="secondary" onClick={() => setPreviewing((open) => !open)} aria-expanded={previewing}>
                {previewing ? 'Hide preview' : 'Preview this month'}
              </Button>
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="secondary" onClick={() => setRunning(true)}>
                Run billing
              </Button>
            </ToolbarItem>
            <ToolbarItem>
              <Button variant="secondary" onClick={() => setCreating(true)}>
                Create invoice
              </Button>
            </ToolbarItem>
          </>
        }
        pagination={data ? { page, totalCount: data.invoices.totalCount, pageInfo: data.invoices.pageInfo } : undefined}
        empty={
          <BlankState title="No invoices" size="sm" headingLevel="h3">
            The billing run creates them when the account is on a paid plan.
          </BlankState>
        }
        rowLabel={(invoice) => invoice.friendlyID}
        columns={[
          { title: 'Number', cell: (invoice) => <Link to={invoiceUrl(invoice.id)}>{invoice.friendlyID === 'fix' ? 'Not numbered yet' : invoice.friendlyID}</Link> },
          { title: 'Month', cell: (invoice) => monthName(invoice.period) },
          { title: 'State', cell: (invoice) => <InvoiceStateLabel state={invoice.state} failedCharges={invoice.chargingRetriesCount} /> },
          { title: 'Total', cell: (invoice) => formatMoney(invoice.cost, invoice.currency) },
          { title: 'Due on', cell: (invoice) => dateOnly(invoice.dueOn) },
        ]}
      />
      {previewing ? <InvoicePreviewPanel accountId={account.id} /> : null}
      {running ? <RunBillingModal account={account} onClose={() => setRunning(false)} onDone={() => refetch({ requestPolicy: 'network-only' })} /> : null}
      {creating ? <CreateInvoiceModal account={account} onClose={() => setCreating(false)} /> : null}
    </>
  );
}

/** What this month's invoice would say if the billing run happened now; nothing is stored. */
function InvoicePreviewPanel({ accountId }: { accountId: string }) {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: invoicePreviewQuery,
    variables: { accountID: accountId },
    requestPolicy: 'network-only',
  });
  const preview = data?.invoicePreview;
  const rows = preview?.lines.map((line, index) => ({ ...line, id: String(index) }));
  return (
    <section aria-label="Invoice preview" className="pf-v6-u-mt-lg">
      <Title headingLevel="h3" size="md">
        {preview ? `If billing ran now: ${monthName(preview.period)}` : 'If billing ran now'}
      </Title>
      <ListTable
        label="Preview lines"
        rows={rows}
        fetching={fetching}
        error={error}
        onRetry={() => refetch({ requestPolicy: 'network-only' })}
        empty={
          <BlankState title="Nothing to bill" size="sm" headingLevel="h4">
            The run would add nothing for this account now: no paid plan, a trial, or everything is billed already.
          </BlankState>
        }
        rowLabel={(line) => line.name}
        columns={[
          { title: 'Item', cell: (line) => line.name },
          { title: 'Description', cell: (line) => line.description || '—' },
          { title: 'Quantity', cell: (line) => line.quantity ?? '—' },
          { title: 'Cost', cell: (line) => formatMoney(line.cost, preview?.currency ?? 'USD', 4) },
        ]}
      />
      {preview ? (
        <Content component="p" className="pf-v6-u-mt-sm">
          Without VAT {formatMoney(preview.costWithoutVat, preview.currency, 4)} · VAT {formatMoney(preview.vatAmount, preview.currency)} ·{' '}
          <strong>Total {formatMoney(preview.cost, preview.currency)}</strong>
        </Content>
      ) : null}
    </section>
  );
}

type Card = { brand?: string | null; last4?: string | null; expMonth?: number | null; expYear?: number | null };

/**
 * The account's card at the payment gateway: what it is, when it expires, and a way to forget it.
 * Developers add cards in the developer portal; the admin sees and removes them here.
 */
function CardOnFile({ account, card, loaded }: { account: { id: string; orgName: string }; card: Card | null; loaded: boolean }) {
  const [removing, setRemoving] = useState(false);
  const [, remove] = useMutation(removeCardMutation);
  const notify = useNotify();

  async function confirmRemove() {
    const result = await remove({ accountID: account.id }, context);
    setRemoving(false);
    if (result.error) {
      notify({ variant: 'danger', title: `Could not remove the card of ${account.orgName}`, description: errorMessage(result.error) });
      return;
    }
    notify({ variant: 'success', title: `The card of ${account.orgName} was removed`, description: 'Its invoices are no longer charged until the developer adds another.' });
  }

  if (!loaded) return null;
  return (
    <section aria-label="Card on file" className="pf-v6-u-mb-md">
      <Title headingLevel="h3" size="md">
        Card on file
      </Title>
      {card ? (
        <Flex gap={{ default: 'gapMd' }} alignItems={{ default: 'alignItemsCenter' }}>
          <FlexItem>
            <strong>{cardName(card)}</strong>, expires {cardExpiry(card)}{' '}
            {cardExpiresSoon(card, new Date()) ? (
              <Label isCompact color="orange">
                Expires soon
              </Label>
            ) : null}
          </FlexItem>
          <FlexItem>
            <Button variant="link" isInline isDanger onClick={() => setRemoving(true)}>
              Remove card
            </Button>
          </FlexItem>
        </Flex>
      ) : (
        <Content component="p">No card on file: the developer adds one in the developer portal. Until then, its invoices cannot be charged.</Content>
      )}
      <ConfirmDialog isOpen={removing} title="Remove the card?" confirmLabel="Remove card" onConfirm={confirmRemove} onCancel={() => setRemoving(false)}>
        {card ? `${cardName(card)} is detached at the payment processor and forgotten here. Invoices of ${account.orgName} are not charged until a new card is added.` : null}
      </ConfirmDialog>
    </section>
  );
}
