export const accountsPath = '/audience/accounts';

export const accountUrl = (accountId: string) => `${accountsPath}/${encodeURIComponent(accountId)}`;
export const newAccountPath = `${accountsPath}/new`;
/** Audience › Accounts › Usage Rules: signup, approval and password rules for developers. */
export const usageRulesPath = `${accountsPath}/usage-rules`;
/** Audience › Accounts › Fields Definitions: extra and built-in fields of accounts, users and applications. */
export const fieldDefinitionsPath = `${accountsPath}/fields`;
/** Audience › Accounts › Account Plans. */
export const accountPlansPath = `${accountsPath}/plans`;
