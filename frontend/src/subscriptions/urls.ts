/** Audience › Accounts › Subscriptions: every account's service subscriptions. */
export const subscriptionsPath = '/audience/subscriptions';
