import type { AccountState, AccountStateEvent } from '../../gql/graphql';

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
export const accountActions: {
  action: AccountAction;
  label: string;
  /** The event of the bulk mutation. */
  event: AccountStateEvent;
  /** What an account is once done: "approved". */
  done: string;
  from: AccountState[];
  destructive: boolean;
}[] = [
  { action: 'approve', label: 'Approve', event: 'APPROVE', done: 'approved', from: ['CREATED', 'PENDING', 'REJECTED'], destructive: false },
  { action: 'reject', label: 'Reject', event: 'REJECT', done: 'rejected', from: ['CREATED', 'PENDING', 'APPROVED'], destructive: true },
  {
    action: 'suspend',
    label: 'Suspend',
    event: 'SUSPEND',
    done: 'suspended',
    from: ['CREATED', 'PENDING', 'APPROVED', 'REJECTED', 'SCHEDULED_FOR_DELETION'],
    destructive: true,
  },
  { action: 'resume', label: 'Resume', event: 'RESUME', done: 'resumed', from: ['SUSPENDED', 'SCHEDULED_FOR_DELETION'], destructive: false },
  {
    action: 'makePending',
    label: 'Make pending',
    event: 'MAKE_PENDING',
    done: 'made pending',
    from: ['CREATED', 'APPROVED', 'REJECTED'],
    destructive: false,
  },
];

export const stateName = (state: AccountState) =>
  accountStateOptions.find((option) => option.value === state)?.label.toLowerCase() ?? state.toLowerCase();
