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

/**
 * How the console offers each change of an account's state. Which of them an account allows
 * comes from the server, as its `permittedEvents`.
 */
export const accountActions: {
  action: AccountAction;
  label: string;
  /** The event of the bulk mutation. */
  event: AccountStateEvent;
  /** What an account is once done: "approved". */
  done: string;
  destructive: boolean;
}[] = [
  { action: 'approve', label: 'Approve', event: 'APPROVE', done: 'approved', destructive: false },
  { action: 'reject', label: 'Reject', event: 'REJECT', done: 'rejected', destructive: true },
  {
    action: 'suspend',
    label: 'Suspend',
    event: 'SUSPEND',
    done: 'suspended',
    destructive: true,
  },
  { action: 'resume', label: 'Resume', event: 'RESUME', done: 'resumed', destructive: false },
  {
    action: 'makePending',
    label: 'Make pending',
    event: 'MAKE_PENDING',
    done: 'made pending',
    destructive: false,
  },
];

export const stateName = (state: AccountState) =>
  accountStateOptions.find((option) => option.value === state)?.label.toLowerCase() ?? state.toLowerCase();

/** The actions an account allows, in the order the server gives its permitted events. */
export function permittedAccountActions(events: readonly AccountStateEvent[]): typeof accountActions {
  return events.flatMap((event) => accountActions.filter((entry) => entry.event === event));
}
