export const billingPath = '/audience/billing';
/** Audience › Billing › Invoices. */
export const invoicesPath = `${billingPath}/invoices`;
/** Audience › Billing › Earnings by month. */
export const earningsPath = `${billingPath}/earnings`;
export const invoiceUrl = (invoiceId: string) => `${invoicesPath}/${encodeURIComponent(invoiceId)}`;
