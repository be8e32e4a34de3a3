export const billingPath = '/audience/billing';
export const invoicesPath = `${billingPath}/invoices`;
