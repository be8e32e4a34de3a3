export const accountsPath = '/audience/accounts';

export const accountUrl = (accountId: string) => `${accountsPath}/${encodeURIComponent(accountId)}`;
