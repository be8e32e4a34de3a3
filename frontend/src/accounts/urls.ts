export const accountsPath = '/audience/accounts';

export const accountUrl = (accountId: string) => `${accountsPath}/${encodeURIComponent(accountId)}`;
export const newAccountPath = `${accountsPath}/new`;
