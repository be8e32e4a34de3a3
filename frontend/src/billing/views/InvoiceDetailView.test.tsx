import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { AuthProvider } from '../../auth/AuthProvider';
import { signedInSession } from '../../test/fakes';
import { apiError, fakeGraphQL, renderScreen } from '../../test/graphql';
import { InvoiceDetailView } from './InvoiceDetailView';

const invoice = (extra: object = {}) => ({
  __typename: 'Invoice',
  id: 'i1',
  friendlyID: '2026-03-00000007',
  period: '2026-03',
  periodFrom: '2026-03-01',
  periodTo: '2026-03-31',
  state: 'OPEN',
  creationType: 'BACKGROUND',
  currency: 'EUR',
  cost: '121.00',
  costWithoutVat: '100.0000',
  vatAmount: '21.00',
  vatRate: '21',
  vatCode: null,
  issuedOn: null,
  dueOn: null,
  paidAt: null,
  finalizedAt: null,
  createdAt: '2026-03-01T08:00:00Z',
  pdfURL: null,
  buyerAddress: { name: 'Beta LLC', address1: '1 Main Street', city: 'Lyon', country: 'France' },
  account: { __typename: 'Account', id: 'a1', orgName: 'Beta LLC' },
  lineItems: [
    {
      __typename: 'LineItem',
      id: 'l1',
      name: "Fixed fee ('Pro')",
      description: 'March 1, 2026 - March 31, 2026',
      quantity: '1',
      cost: '100.0000',
      kind: 'PLAN_COST',
      contractKind: 'APPLICATION',
      intervalBegin: null,
      intervalEnd: null,
      usage: null,
      createdAt: '2026-03-01T08:00:00Z',
    },
  ],
  ...extra,
});

async function render(handlers: Record<string, unknown>) {
  const { session } = await signedInSession();
  const api = fakeGraphQL(handlers as Parameters<typeof fakeGraphQL>[0]);
  renderScreen(
    <AuthProvider session={session} restoreOnMount={false}>
      <InvoiceDetailView />
    </AuthProvider>,
    { client: api.client, path: '/audience/billing/invoices/i1', route: '/audience/billing/invoices/:invoiceId' },
  );
  return api;
}

describe('InvoiceDetailView', () => {
  it('offers the actions of an open invoice, with line items that can be added and removed', async () => {
    const user = userEvent.setup();
    const api = await render({
      InvoiceDetail: { data: { node: invoice() } },
      AddLineItem: apiError('CONFLICT', 'line items of an issued invoice cannot change', 'input.cost'),
    });

    expect(await screen.findByRole('heading', { name: 'Invoice 2026-03-00000007' })).toBeInTheDocument();
    for (const name of ['Finalize', 'Issue', 'Cancel']) expect(screen.getByRole('button', { name })).toBeInTheDocument();
    for (const name of ['Mark as paid', 'Mark as unpaid', 'Download PDF']) expect(screen.queryByRole('button', { name })).toBeNull();
    expect(screen.getByText('€121.00')).toBeInTheDocument();
    expect(screen.getAllByText('€100.00')).toHaveLength(2);

    await user.click(screen.getByRole('button', { name: 'Add line item' }));
    const dialog = screen.getByRole('dialog', { name: 'Add line item' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Credit');
    await user.type(within(dialog).getByRole('textbox', { name: /^Cost/ }), '1,5');
    await user.click(within(dialog).getByRole('button', { name: 'Add line item' }));
    expect(within(dialog).getByText('Enter an amount of at most 4 decimals; a negative amount is a credit.')).toBeInTheDocument();
    expect(api.callsOf('AddLineItem')).toEqual([]);

    await user.clear(within(dialog).getByRole('textbox', { name: /^Cost/ }));
    await user.type(within(dialog).getByRole('textbox', { name: /^Cost/ }), '-15.5');
    await user.click(within(dialog).getByRole('button', { name: 'Add line item' }));
    expect(await within(dialog).findByText(/cannot change/)).toBeInTheDocument();
    expect(api.callsOf('AddLineItem')).toEqual([{ invoiceID: 'i1', input: { name: 'Credit', quantity: '1', cost: '-15.5' } }]);
  });

  it('asks before issuing, then shows the paid actions and the PDF of a pending invoice', async () => {
    const user = userEvent.setup();
    let issued = false;
    const api = await render({
      InvoiceDetail: () => ({
        data: { node: issued ? invoice({ state: 'PENDING', issuedOn: '2026-04-01T00:00:00Z', dueOn: '2026-04-03T00:00:00Z', pdfURL: '/admin/invoices/i1.pdf' }) : invoice() },
      }),
      IssueInvoice: () => {
        issued = true;
        return { data: { issueInvoice: invoice({ state: 'PENDING' }) } };
      },
    });

    await user.click(await screen.findByRole('button', { name: 'Issue' }));
    const confirm = screen.getByRole('dialog', { name: /Issue this invoice\?/ });
    expect(within(confirm).getByText(/Line items cannot change afterwards/)).toBeInTheDocument();
    await user.click(within(confirm).getByRole('button', { name: 'Issue' }));
    expect(await screen.findByText('The invoice was issued')).toBeInTheDocument();
    expect(api.callsOf('IssueInvoice')).toEqual([{ id: 'i1' }]);
    expect(await screen.findByRole('button', { name: 'Download PDF' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Mark as paid' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Issue' })).toBeNull();
    expect(screen.queryByRole('button', { name: 'Add line item' })).toBeNull();
    expect(screen.getByText('2026-04-03')).toBeInTheDocument();
  });
});
