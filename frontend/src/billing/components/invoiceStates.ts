import type { InvoiceState } from '../../gql/graphql';

/** The invoice states in the words of the screens. */
export const invoiceStateNames: Record<InvoiceState, string> = {
  OPEN: 'Open',
  FINALIZED: 'Finalized',
  PENDING: 'Pending',
  UNPAID: 'Unpaid',
  PAID: 'Paid',
  FAILED: 'Failed',
  CANCELLED: 'Cancelled',
};

export const invoiceStateOptions = (Object.keys(invoiceStateNames) as InvoiceState[]).map((state) => ({
  value: state,
  label: invoiceStateNames[state],
}));

export type InvoiceAction = 'finalize' | 'issue' | 'markUnpaid' | 'markPaid' | 'fail' | 'cancel';

/**
 * The invoice state machine: which action moves an invoice from which states (the server enforces
 * the same table and answers CONFLICT otherwise).
 */
export const invoiceActions: { action: InvoiceAction; label: string; done: string; from: InvoiceState[] }[] = [
  { action: 'finalize', label: 'Finalize', done: 'finalized', from: ['OPEN'] },
  { action: 'issue', label: 'Issue', done: 'issued', from: ['OPEN', 'FINALIZED'] },
  { action: 'markPaid', label: 'Mark as paid', done: 'marked as paid', from: ['PENDING', 'UNPAID', 'FAILED'] },
  { action: 'markUnpaid', label: 'Mark as unpaid', done: 'marked as unpaid', from: ['PENDING'] },
  { action: 'fail', label: 'Mark as failed', done: 'marked as failed', from: ['UNPAID'] },
  { action: 'cancel', label: 'Cancel', done: 'cancelled', from: ['OPEN', 'FINALIZED', 'PENDING', 'UNPAID', 'FAILED'] },
];

/** Line items can change only before the invoice is issued. */
export const editableStates: readonly InvoiceState[] = ['OPEN', 'FINALIZED'];

/** Invoices the server charges on request: issued and not yet paid, failed included. */
export const chargeableStates: readonly InvoiceState[] = ['PENDING', 'UNPAID', 'FAILED'];
