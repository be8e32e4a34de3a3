import { Button, Flex, PageSection, ToolbarGroup, ToolbarItem } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { accountUrl } from '../../accounts/urls';
import { BlankState } from '../../components/BlankState';
import { BulkResultsDialog, type BulkResult } from '../../components/BulkResultsDialog';
import { bulkResults } from '../../components/bulkResults';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { SearchFilter } from '../../components/SearchFilter';
import { StateFilter } from '../../components/StateFilter';
import type { InvoiceState, InvoiceWhereInput } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage, useListFilter, useListSort } from '../../graphql/useCursorPage';
import { CreateInvoiceModal } from '../components/CreateInvoiceModal';
import { InvoiceStateLabel } from '../components/InvoiceStateLabel';
import { invoiceStateNames, invoiceStateOptions } from '../components/invoiceStates';
import { formatMoney } from '../../components/money';
import { dateOnly, monthName, recentMonths } from '../components/dates';
import { RunBillingModal } from '../components/RunBillingModal';
import { invoiceListQuery, issueInvoicesMutation } from '../queries';
import { invoiceUrl } from '../urls';

const listContext = { additionalTypenames: ['Invoice'] };

/** Audience › Billing › Invoices: every invoice, by month, state, number or account, with bulk issue. */
export function InvoiceListView() {
  const page = useCursorPage();
  const notify = useNotify();
  const [search, setSearch] = useListFilter('q');
  const [state, setState] = useListFilter('state');
  const [month, setMonth] = useListFilter('month');
  const sort = useListSort(['PERIOD', 'FRIENDLY_ID', 'STATE', 'COST', 'ISSUED_ON'] as const, 'PERIOD', 'DESC');
  const where: InvoiceWhereInput = {
    ...(search ? { or: [{ friendlyIDContains: search }, { hasAccountWith: [{ orgNameContainsFold: search }] }] } : {}),
    ...(state ? { state: state as InvoiceState } : {}),
    ...(month ? { period: month } : {}),
  };
  const [{ data, fetching, error }, refetch] = useQuery({
    query: invoiceListQuery,
    variables: { ...page.variables, where, orderBy: sort.field === 'PERIOD' ? [...sort.orderBy, { field: 'FRIENDLY_ID' as const, direction: sort.direction }] : sort.orderBy },
    context: useMemo(() => listContext, []),
  });
  const rows = useMemo(() => (data ? nodes(data.invoices) : undefined), [data]);
  const [selected, setSelected] = useState<ReadonlySet<string>>(new Set());
  const [running, setRunning] = useState(false);
  const [creating, setCreating] = useState(false);
  const [bulk, setBulk] = useState<{ title: string; total: number; results: BulkResult[] } | null>(null);
  const [, issueInvoices] = useMutation(issueInvoicesMutation);
  const filtered = search !== '' || state !== '' || month !== '';

  const chosen = (rows ?? []).filter((invoice) => selected.has(invoice.id));
  const nameOf = (id: string) => {
    const invoice = chosen.find((row) => row.id === id);
    return invoice ? `${invoice.friendlyID === 'fix' ? 'Invoice' : invoice.friendlyID} (${invoice.account?.orgName ?? 'deleted account'})` : id;
  };

  async function issueSelected() {
    const title = 'Issue invoices';
    const skipped: BulkResult[] = [];
    const ids: string[] = [];
    for (const invoice of chosen) {
      if (invoice.state === 'OPEN' || invoice.state === 'FINALIZED') ids.push(invoice.id);
      else
        skipped.push({
          id: invoice.id,
          name: nameOf(invoice.id),
          outcome: 'skipped',
          message: `skipped, it is already ${invoiceStateNames[invoice.state].toLowerCase()}`,
        });
    }
    setBulk({ title, total: chosen.length, results: skipped });
    if (ids.length === 0) return;
    const result = await issueInvoices({ ids }, listContext);
    if (result.error || !result.data) {
      setBulk(null);
      notify({ variant: 'danger', title: 'Could not issue the invoices', description: errorMessage(result.error) });
      return;
    }
    setBulk({ title, total: chosen.length, results: [...skipped, ...bulkResults(result.data.issueInvoices.items, nameOf, 'issued')] });
  }

  const actions = (
    <Flex gap={{ default: 'gapSm' }}>
      <Button variant="secondary" onClick={() => setCreating(true)}>
        Create invoice
      </Button>
      <Button variant="primary" onClick={() => setRunning(true)}>
        Run billing
      </Button>
    </Flex>
  );

  return (
    <>
      <PageHeader
        title="Invoices"
        description="Invoices of your developer accounts. The daily run at 08:00 adds fixed fees and usage charges, finalizes invoices at the end of their month and issues them two days later."
        actions={actions}
      />
      <PageSection isFilled>
        <ListTable
          label="Invoices"
          sort={sort}
          rows={rows}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          selection={{ selected, onChange: setSelected, rowName: (invoice) => nameOf(invoice.id) }}
          filters={
            <>
              <SearchFilter label="Search by invoice number or account" value={search} onChange={setSearch} />
              <StateFilter label="State" options={invoiceStateOptions} value={state} onChange={setState} />
              <StateFilter
                label="Month"
                options={recentMonths(24).map((value) => ({ value, label: monthName(value) }))}
                value={month}
                onChange={setMonth}
              />
            </>
          }
          toolbarActions={
            chosen.length > 0 ? (
              <ToolbarGroup variant="action-group" aria-label="Bulk actions">
                <ToolbarItem>
                  <span className="portico-count pf-v6-u-text-nowrap" aria-live="polite">
                    {chosen.length} selected
                  </span>
                </ToolbarItem>
                <ToolbarItem>
                  <Button variant="secondary" onClick={() => void issueSelected()}>
                    Issue selected
                  </Button>
                </ToolbarItem>
              </ToolbarGroup>
            ) : null
          }
          pagination={data ? { page, totalCount: data.invoices.totalCount, pageInfo: data.invoices.pageInfo } : undefined}
          empty={
            filtered ? (
              <BlankState title="No invoices match" size="sm">
                Clear the filters to see every invoice.
              </BlankState>
            ) : (
              <BlankState title="No invoices yet" actions={actions}>
                Invoices appear when the billing run charges an account on a paid plan, or when you create one by hand.
              </BlankState>
            )
          }
          rowLabel={(invoice) => nameOf(invoice.id)}
          columns={[
            {
              title: 'Number',
              sortField: 'FRIENDLY_ID',
              cell: (invoice) => (
                <Link to={invoiceUrl(invoice.id)}>{invoice.friendlyID === 'fix' ? 'Not numbered yet' : invoice.friendlyID}</Link>
              ),
            },
            {
              title: 'Account',
              cell: (invoice) =>
                invoice.account ? <Link to={accountUrl(invoice.account.id)}>{invoice.account.orgName}</Link> : 'Deleted account',
            },
            { title: 'Month', modifier: 'nowrap', sortField: 'PERIOD', cell: (invoice) => monthName(invoice.period) },
            { title: 'State', sortField: 'STATE', cell: (invoice) => <InvoiceStateLabel state={invoice.state} failedCharges={invoice.chargingRetriesCount} /> },
            { title: 'Total', modifier: 'nowrap', sortField: 'COST', cell: (invoice) => formatMoney(invoice.cost, invoice.currency) },
            { title: 'Issued on', modifier: 'nowrap', sortField: 'ISSUED_ON', cell: (invoice) => dateOnly(invoice.issuedOn) },
            { title: 'Due on', modifier: 'nowrap', cell: (invoice) => dateOnly(invoice.dueOn) },
            { title: 'Created', cell: (invoice) => (invoice.creationType === 'MANUAL' ? 'By hand' : 'Billing run') },
          ]}
        />
      </PageSection>
      {running ? <RunBillingModal onClose={() => setRunning(false)} onDone={() => refetch({ requestPolicy: 'network-only' })} /> : null}
      {creating ? <CreateInvoiceModal onClose={() => setCreating(false)} /> : null}
      {bulk ? (
        <BulkResultsDialog
          title={bulk.title}
          total={bulk.total}
          results={bulk.results}
          onClose={() => {
            setBulk(null);
            setSelected(new Set());
          }}
        />
      ) : null}
    </>
  );
}
