import {
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
  Flex,
  Grid,
  GridItem,
  Title,
  ToolbarItem,
} from '@patternfly/react-core';
import { DownloadIcon } from '@patternfly/react-icons';
import { useMemo, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { accountUrl } from '../../accounts/urls';
import { BlankState } from '../../components/BlankState';
import { ConfirmDialog } from '../../components/ConfirmDialog';
import { DateTime } from '../../components/DateTime';
import { DetailsPage } from '../../components/DetailsPage';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import type { InvoiceDetailQuery } from '../../gql/graphql';
import { errorMessage } from '../../graphql/errors';
import { AddLineItemModal } from '../components/AddLineItemModal';
import { InvoiceStateLabel } from '../components/InvoiceStateLabel';
import { editableStates, invoiceActions, type InvoiceAction } from '../components/invoiceStates';
import { formatMoney } from '../../components/money';
import { dateOnly, monthName } from '../components/dates';
import { useAuthorizedDownload } from '../components/useAuthorizedDownload';
import {
  cancelInvoiceMutation,
  failInvoiceMutation,
  finalizeInvoiceMutation,
  invoiceDetailQuery,
  issueInvoiceMutation,
  markInvoicePaidMutation,
  markInvoiceUnpaidMutation,
  removeLineItemMutation,
} from '../queries';
import { PaymentTransactions } from '../components/PaymentTransactions';
import { ChargeInvoiceButton } from '../components/ChargeInvoiceButton';
import { invoicesPath } from '../urls';

type Invoice = Extract<NonNullable<InvoiceDetailQuery['node']>, { __typename: 'Invoice' }>;
type Line = NonNullable<Invoice['lineItems']>[number];

const context = { additionalTypenames: ['Invoice', 'LineItem'] };

/** What each action tells the admin before it happens. */
const confirmations: Partial<Record<InvoiceAction, string>> = {
  issue:
    'Issuing freezes the buyer’s address and VAT rate, numbers the invoice for good, renders its PDF and makes it due in two days. Line items cannot change afterwards.',
  cancel: 'A cancelled invoice is never charged and cannot be reopened.',
  fail: 'The invoice is marked as failed: no further charge is attempted.',
};

const kindNames: Record<Line['kind'], string> = { PLAN_COST: 'Plan cost', VARIABLE_COST: 'Usage', OTHER: 'Manual' };

/** Audience › Billing › Invoices › an invoice: its totals, line items and the actions its state allows. */
export function InvoiceDetailView() {
  const { invoiceId = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: invoiceDetailQuery,
    variables: { id: invoiceId },
    context: useMemo(() => context, []),
  });
  const invoice = data?.node?.__typename === 'Invoice' ? data.node : null;
  const [confirming, setConfirming] = useState<InvoiceAction | null>(null);
  const [adding, setAdding] = useState(false);
  const [doomed, setDoomed] = useState<Line | null>(null);
  const [busy, setBusy] = useState(false);
  const notify = useNotify();
  const [, finalize] = useMutation(finalizeInvoiceMutation);
  const [, issue] = useMutation(issueInvoiceMutation);
  const [, markPaid] = useMutation(markInvoicePaidMutation);
  const [, markUnpaid] = useMutation(markInvoiceUnpaidMutation);
  const [, fail] = useMutation(failInvoiceMutation);
  const [, cancel] = useMutation(cancelInvoiceMutation);
  const [, removeLine] = useMutation(removeLineItemMutation);
  const download = useAuthorizedDownload();
  const [downloading, setDownloading] = useState(false);

  async function downloadPDF() {
    if (!invoice?.pdfURL) return;
    setDownloading(true);
    try {
      await download(invoice.pdfURL, `invoice-${invoice.friendlyID}.pdf`);
    } catch (problem) {
      notify({ variant: 'danger', title: 'Could not download the PDF', description: problem instanceof Error ? problem.message : String(problem) });
    } finally {
      setDownloading(false);
    }
  }

  const number = invoice ? (invoice.friendlyID === 'fix' ? 'Invoice (not numbered yet)' : `Invoice ${invoice.friendlyID}`) : null;
  const breadcrumbs = [{ label: 'Invoices', to: invoicesPath }, { label: number ?? 'Invoice' }];

  async function run(action: InvoiceAction) {
    if (!invoice) return;
    setConfirming(null);
    setBusy(true);
    const variables = { id: invoice.id };
    const result =
      action === 'finalize'
        ? await finalize(variables, context)
        : action === 'issue'
          ? await issue(variables, context)
          : action === 'markPaid'
            ? await markPaid(variables, context)
            : action === 'markUnpaid'
              ? await markUnpaid(variables, context)
              : action === 'fail'
                ? await fail(variables, context)
                : await cancel(variables, context);
    setBusy(false);
    const entry = invoiceActions.find((candidate) => candidate.action === action);
    if (result.error) {
      notify({ variant: 'danger', title: `Could not ${entry?.label.toLowerCase() ?? action} the invoice`, description: errorMessage(result.error) });
      return;
    }
    notify({ variant: 'success', title: `The invoice was ${entry?.done ?? 'changed'}` });
    refetch({ requestPolicy: 'network-only' });
  }

  async function confirmRemove() {
    if (!doomed) return;
    const result = await removeLine({ id: doomed.id }, context);
    if (result.error) notify({ variant: 'danger', title: `Could not remove “${doomed.name}”`, description: errorMessage(result.error) });
    else notify({ variant: 'success', title: `Removed “${doomed.name}”` });
    setDoomed(null);
    refetch({ requestPolicy: 'network-only' });
  }

  function request(action: InvoiceAction) {
    if (confirmations[action]) setConfirming(action);
    else void run(action);
  }

  const editable = invoice ? editableStates.includes(invoice.state) : false;
  const allowed = invoice ? invoiceActions.filter((entry) => entry.from.includes(invoice.state)) : [];
  const primary: InvoiceAction[] = ['issue', 'markPaid'];

  const actions = invoice ? (
    <Flex gap={{ default: 'gapSm' }}>
      <ChargeInvoiceButton invoice={invoice} isDisabled={busy} onCharged={() => refetch({ requestPolicy: 'network-only' })} />
      {invoice.pdfURL ? (
        <Button variant="secondary" icon={<DownloadIcon />} onClick={() => void downloadPDF()} isLoading={downloading} isDisabled={downloading}>
          Download PDF
        </Button>
      ) : null}
      {allowed.map((entry) => (
        <Button
          key={entry.action}
          variant={primary.includes(entry.action) ? 'primary' : entry.action === 'cancel' ? 'secondary' : 'secondary'}
          isDanger={entry.action === 'cancel' || entry.action === 'fail'}
          isDisabled={busy}
          onClick={() => request(entry.action)}
        >
          {entry.label}
        </Button>
      ))}
    </Flex>
  ) : null;

  const currency = invoice?.currency ?? 'USD';
  const address = invoice?.buyerAddress ?? {};
  const addressLines = [
    address.address1,
    address.address2,
    [address.zip, address.city].filter(Boolean).join(' '),
    address.state,
    address.country,
  ].filter(Boolean);

  return (
    <DetailsPage
      title={number}
      breadcrumbs={breadcrumbs}
      fetching={fetching}
      error={error}
      found={invoice !== null}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      actions={actions}
      details={
        invoice
          ? [
              { term: 'State', description: <InvoiceStateLabel state={invoice.state} /> },
              {
                term: 'Account',
                description: invoice.account ? <Link to={accountUrl(invoice.account.id)}>{invoice.account.orgName}</Link> : 'Deleted account',
              },
              { term: 'Month', description: `${monthName(invoice.period)} (${invoice.periodFrom} – ${invoice.periodTo})` },
              { term: 'Created', description: invoice.creationType === 'MANUAL' ? 'By hand' : 'By the billing run' },
              { term: 'Issued on', description: dateOnly(invoice.issuedOn) },
              { term: 'Due on', description: dateOnly(invoice.dueOn) },
              { term: 'Paid at', description: <DateTime value={invoice.paidAt} withTime /> },
              ...(invoice.chargingRetriesCount > 0
                ? [
                    {
                      term: 'Failed charges',
                      description: (
                        <>
                          {invoice.chargingRetriesCount} of 3, the last <DateTime value={invoice.lastChargingRetry} withTime />
                          {invoice.state === 'UNPAID' ? ' — the billing run tries again 3 days after it' : ''}
                        </>
                      ),
                    },
                  ]
                : []),
              { term: 'Currency', description: invoice.currency },
            ]
          : []
      }
    >
      {invoice ? (
        <Grid hasGutter className="pf-v6-u-mt-md">
          <GridItem xl={8}>
            <Card>
              <CardHeader>
                <CardTitle>
                  <Title headingLevel="h2" size="lg">
                    Line items
                  </Title>
                </CardTitle>
              </CardHeader>
              <CardBody>
                <ListTable
                  label="Line items"
                  rows={invoice.lineItems ?? []}
                  fetching={false}
                  toolbarActions={
                    editable ? (
                      <ToolbarItem>
                        <Button variant="secondary" onClick={() => setAdding(true)}>
                          Add line item
                        </Button>
                      </ToolbarItem>
                    ) : undefined
                  }
                  empty={
                    <BlankState title="No line items" size="sm" headingLevel="h3">
                      {editable ? 'Add a charge or a credit, or let the billing run add the plan fees and usage.' : 'This invoice bills nothing.'}
                    </BlankState>
                  }
                  rowLabel={(line) => line.name}
                  rowActions={
                    editable ? (line) => [{ title: 'Remove', isDanger: true, onClick: () => setDoomed(line) }] : undefined
                  }
                  columns={[
                    { title: 'Item', cell: (line) => line.name },
                    {
                      title: 'Description',
                      cell: (line) => (
                        <>
                          {line.description || '—'}
                          <div className="pf-v6-u-font-size-xs pf-v6-u-color-200">{kindNames[line.kind]}</div>
                        </>
                      ),
                    },
                    { title: 'Quantity', modifier: 'nowrap', cell: (line) => line.quantity ?? '—' },
                    { title: 'Cost', modifier: 'nowrap', cell: (line) => formatMoney(line.cost, currency, 4) },
                  ]}
                />
              </CardBody>
            </Card>
            <PaymentTransactions transactions={invoice.paymentTransactions ?? []} />
          </GridItem>
          <GridItem xl={4}>
            <Card>
              <CardHeader>
                <CardTitle>
                  <Title headingLevel="h2" size="lg">
                    Totals
                  </Title>
                </CardTitle>
              </CardHeader>
              <CardBody>
                <DescriptionList isHorizontal isCompact aria-label="Totals">
                  <DescriptionListGroup>
                    <DescriptionListTerm>Without VAT</DescriptionListTerm>
                    <DescriptionListDescription>{formatMoney(invoice.costWithoutVat, currency, 4)}</DescriptionListDescription>
                  </DescriptionListGroup>
                  <DescriptionListGroup>
                    <DescriptionListTerm>VAT{invoice.vatRate ? ` (${invoice.vatRate} %)` : ''}</DescriptionListTerm>
                    <DescriptionListDescription>{formatMoney(invoice.vatAmount, currency)}</DescriptionListDescription>
                  </DescriptionListGroup>
                  <DescriptionListGroup>
                    <DescriptionListTerm>Total</DescriptionListTerm>
                    <DescriptionListDescription>
                      <strong>{formatMoney(invoice.cost, currency)}</strong>
                    </DescriptionListDescription>
                  </DescriptionListGroup>
                </DescriptionList>
                <Title headingLevel="h3" size="md" className="pf-v6-u-mt-lg">
                  Bill to
                </Title>
                <Content component="p">
                  {address.name || invoice.account?.orgName || '—'}
                  {addressLines.map((line) => (
                    <span key={line}>
                      <br />
                      {line}
                    </span>
                  ))}
                  {invoice.vatCode ? (
                    <>
                      <br />
                      VAT code {invoice.vatCode}
                    </>
                  ) : null}
                </Content>
                <Content component="small">
                  {editable ? 'Read from the account until the invoice is issued.' : 'As it was when the invoice was issued.'}
                </Content>
              </CardBody>
            </Card>
          </GridItem>
        </Grid>
      ) : null}
      {adding && invoice ? <AddLineItemModal invoiceId={invoice.id} currency={currency} onClose={() => setAdding(false)} onAdded={() => refetch({ requestPolicy: 'network-only' })} /> : null}
      <ConfirmDialog
        isOpen={confirming !== null}
        title={`${invoiceActions.find((entry) => entry.action === confirming)?.label ?? ''} this invoice?`}
        confirmLabel={invoiceActions.find((entry) => entry.action === confirming)?.label ?? 'Confirm'}
        onConfirm={() => (confirming ? run(confirming) : undefined)}
        onCancel={() => setConfirming(null)}
      >
        {confirming ? confirmations[confirming] : null}
      </ConfirmDialog>
      <ConfirmDialog isOpen={doomed !== null} title="Remove line item?" confirmLabel="Remove" onConfirm={confirmRemove} onCancel={() => setDoomed(null)}>
        “{doomed?.name}” ({formatMoney(doomed?.cost, currency, 4)}) will be removed from the invoice.
      </ConfirmDialog>
    </DetailsPage>
  );
}
