import type { UserState } from '../../gql/graphql';

export const userStateText: Record<UserState, string> = {
  PENDING: 'Pending',
  ACTIVE: 'Active',
  SUSPENDED: 'Suspended',
  EMAIL_UNVERIFIED: 'Email unverified',
};
