export const applicationsPath = '/audience/applications';

export const applicationUrl = (applicationId: string) =>
  `${applicationsPath}/${encodeURIComponent(applicationId)}`;
export const newApplicationPath = `${applicationsPath}/new`;
export const newApplicationUrl = (options: { accountId?: string; productId?: string } = {}) => {
  const params = new URLSearchParams();
  if (options.accountId) params.set('account', options.accountId);
  if (options.productId) params.set('product', options.productId);
  const query = params.toString();
  return query ? `${newApplicationPath}?${query}` : newApplicationPath;
};
/** Developer requests to move an application to another plan, waiting for an admin. */
export const planChangeRequestsPath = `${applicationsPath}/plan-change-requests`;

/** The application's page opened on one plan change request, as in the admins' email. */
export const planChangeRequestUrl = (applicationId: string, requestId: string) =>
  `${applicationUrl(applicationId)}?planChangeRequest=${encodeURIComponent(requestId)}`;
