import { PageSection } from '@patternfly/react-core';
import { useMemo } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ListTable } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import type { InvoiceState } from '../../gql/graphql';
import { addAmounts, formatMoney } from '../../components/money';
import { monthName } from '../components/dates';
import { earningsQuery } from '../queries';
import { invoicesPath } from '../urls';

/** The columns: what was collected, what is still owed, what is not billed yet. */
const groups: { title: string; states: InvoiceState[] }[] = [
  { title: 'Paid', states: ['PAID'] },
  { title: 'Due', states: ['PENDING', 'UNPAID'] },
  { title: 'Failed', states: ['FAILED'] },
  { title: 'Not issued yet', states: ['OPEN', 'FINALIZED'] },
];

/** Audience › Billing › Earnings by month: invoice totals per month, by what happened to them. */
export function EarningsView() {
  const [{ data, fetching, error }, refetch] = useQuery({
    query: earningsQuery,
    variables: {},
    context: useMemo(() => ({ additionalTypenames: ['Invoice'] }), []),
  });
  const rows = useMemo(() => data?.earningsByMonth.map((month) => ({ ...month, id: `${month.month}-${month.currency}` })), [data]);

  function sum(month: NonNullable<typeof rows>[number], states: InvoiceState[]) {
    const parts = month.byState.filter((entry) => states.includes(entry.state));
    const count = parts.reduce((total, entry) => total + entry.invoiceCount, 0);
    if (count === 0) return '—';
    return `${formatMoney(addAmounts(parts.map((entry) => entry.cost)), month.currency)} (${count})`;
  }

  return (
    <>
      <PageHeader
        title="Earnings by month"
        description="Invoice totals with VAT for each month billed, by what has become of them; cancelled invoices count nowhere."
      />
      <PageSection isFilled>
        <ListTable
          label="Earnings by month"
          rows={rows}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          empty={
            <BlankState title="Nothing billed yet">
              Months appear here once the billing run, or you, create invoices. See <Link to={invoicesPath}>Invoices</Link>.
            </BlankState>
          }
          rowLabel={(month) => monthName(month.month)}
          columns={[
            {
              title: 'Month',
              cell: (month) => <Link to={`${invoicesPath}?month=${month.month}`}>{monthName(month.month)}</Link>,
            },
            ...groups.map((group) => ({ title: group.title, modifier: 'nowrap' as const, cell: (month: NonNullable<typeof rows>[number]) => sum(month, group.states) })),
            { title: 'Total', modifier: 'nowrap', cell: (month) => <strong>{formatMoney(month.cost, month.currency)}</strong> },
          ]}
        />
      </PageSection>
    </>
  );
}
