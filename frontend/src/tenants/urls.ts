/** The master portal: the provider tenants this installation hosts. */
export const tenantsPath = '/tenants';

export const tenantUrl = (tenantId: string) => `${tenantsPath}/${encodeURIComponent(tenantId)}`;
