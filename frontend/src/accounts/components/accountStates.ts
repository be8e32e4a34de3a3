import type { AccountState } from '../../gql/graphql';

export const accountStateOptions: { value: AccountState; label: string }[] = [
  { value: 'PENDING', label: 'Pending' },
  { value: 'APPROVED', label: 'Approved' },
  { value: 'REJECTED', label: 'Rejected' },
  { value: 'SUSPENDED', label: 'Suspended' },
  { value: 'CREATED', label: 'Created' },
  { value: 'SCHEDULED_FOR_DELETION', label: 'Scheduled for deletion' },
];

export type AccountAction = 'approve' | 'reject' | 'suspend' | 'resume' | 'makePending';

/** The transitions of the account state machine, as the API allows them. */
export const accountActions: { action: AccountAction; label: string; from: AccountState[]; destructive: boolean }[] = [
  { action: 'approve', label: 'Approve', from: ['CREATED', 'PENDING', 'REJECTED'], destructive: false },
  { action: 'reject', label: 'Reject', from: ['CREATED', 'PENDING', 'APPROVED'], destructive: true },
  {
    action: 'suspend',
    label: 'Suspend',
    from: ['CREATED', 'PENDING', 'APPROVED', 'REJECTED', 'SCHEDULED_FOR_DELETION'],
    destructive: true,
  },
  { action: 'resume', label: 'Resume', from: ['SUSPENDED', 'SCHEDULED_FOR_DELETION'], destructive: false },
  { action: 'makePending', label: 'Make pending', from: ['CREATED', 'APPROVED', 'REJECTED'], destructive: false },
];

export const canApply = (action: AccountAction, state: AccountState) =>
  accountActions.find((candidate) => candidate.action === action)?.from.includes(state) ?? false;

export const stateName = (state: AccountState) =>
  accountStateOptions.find((option) => option.value === state)?.label.toLowerCase() ?? state.toLowerCase();
