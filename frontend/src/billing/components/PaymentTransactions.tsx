import { Card, CardBody, CardHeader, CardTitle, Label, Title } from '@patternfly/react-core';

import { BlankState } from '../../components/BlankState';
import { DateTime } from '../../components/DateTime';
import { ListTable } from '../../components/ListTable';
import { formatMoney } from '../../components/money';
import type { PaymentTransactionRowFragment } from '../../gql/graphql';

const stateLabels: Record<PaymentTransactionRowFragment['state'], { text: string; color: 'green' | 'red' | 'orange' }> = {
  SUCCEEDED: { text: 'Succeeded', color: 'green' },
  FAILED: { text: 'Failed', color: 'red' },
  PENDING: { text: 'Not answered', color: 'orange' },
};

/** Every attempt to charge an invoice, as the processor answered it. */
export function PaymentTransactions({ transactions }: { transactions: PaymentTransactionRowFragment[] }) {
  return (
    <Card className="pf-v6-u-mt-md">
      <CardHeader>
        <CardTitle>
          <Title headingLevel="h2" size="lg">
            Payment transactions
          </Title>
        </CardTitle>
      </CardHeader>
      <CardBody>
        <ListTable
          label="Payment transactions"
          rows={transactions}
          fetching={false}
          empty={
            <BlankState title="No charges yet" size="sm" headingLevel="h3">
              Each attempt to charge this invoice to the account’s card is listed here.
            </BlankState>
          }
          rowLabel={(tx) => tx.reference ?? tx.id}
          columns={[
            { title: 'When', modifier: 'nowrap', cell: (tx) => <DateTime value={tx.createdAt} withTime /> },
            {
              title: 'Result',
              cell: (tx) => (
                <>
                  <Label isCompact color={stateLabels[tx.state].color}>
                    {stateLabels[tx.state].text}
                  </Label>
                  <div className="pf-v6-u-font-size-xs pf-v6-u-color-200">{tx.automatic ? 'by the billing run' : 'by hand'}</div>
                </>
              ),
            },
            { title: 'Amount', modifier: 'nowrap', cell: (tx) => formatMoney(tx.amount, tx.currency) },
            { title: 'Message', cell: (tx) => tx.message || '—' },
            { title: 'Reference', modifier: 'breakWord', cell: (tx) => (tx.reference ? <code>{tx.reference}</code> : '—') },
          ]}
        />
      </CardBody>
    </Card>
  );
}
