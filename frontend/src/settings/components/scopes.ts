import type { AccessTokenScope } from '../../gql/graphql';

export const scopeNames: Record<AccessTokenScope, string> = {
  ACCOUNT_MANAGEMENT: 'Account Management API',
  STATS: 'Analytics API',
  FINANCE: 'Billing API',
  POLICY_REGISTRY: 'Policy Registry API',
};
