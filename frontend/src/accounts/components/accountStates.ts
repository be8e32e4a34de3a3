import type { AccountState } from '../../gql/graphql';

export const accountStateOptions: { value: AccountState; label: string }[] = [
  { value: 'PENDING', label: 'Pending' },
  { value: 'APPROVED', label: 'Approved' },
  { value: 'REJECTED', label: 'Rejected' },
  { value: 'SUSPENDED', label: 'Suspended' },
  { value: 'CREATED', label: 'Created' },
  { value: 'SCHEDULED_FOR_DELETION', label: 'Scheduled for deletion' },
];
