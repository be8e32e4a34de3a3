import type { ProviderEvent, TenantState } from '../../gql/graphql';

/** A tenant state as a sentence says it: "scheduled for deletion". */
export const tenantStateName = (state: TenantState) => state.toLowerCase().replaceAll('_', ' ');

export const tenantStateOptions: { value: TenantState; label: string }[] = [
  { value: 'APPROVED', label: 'Approved' },
  { value: 'PENDING', label: 'Pending' },
  { value: 'REJECTED', label: 'Rejected' },
  { value: 'SUSPENDED', label: 'Suspended' },
  { value: 'SCHEDULED_FOR_DELETION', label: 'Scheduled for deletion' },
];

export interface TenantAction {
  event: ProviderEvent;
  label: string;
  /** Past participle for the toast: "Beta Corp was suspended". */
  done: string;
  /** What the change does, for its confirmation; null when it needs none. */
  consequence: string | null;
  destructive?: boolean;
}

/** The master's state actions, in the order the tenant page shows them. */
export const tenantActions: TenantAction[] = [
  { event: 'APPROVE', label: 'Approve', done: 'approved', consequence: null },
  {
    event: 'RESUME',
    label: 'Resume',
    done: 'resumed',
    consequence: null,
  },
  {
    event: 'MAKE_PENDING',
    label: 'Make pending',
    done: 'made pending',
    consequence: 'Its team cannot sign in and its gateways are denied until it is approved. Its data is kept.',
  },
  {
    event: 'SUSPEND',
    label: 'Suspend',
    done: 'suspended',
    consequence:
      'Its team cannot sign in and its gateways are denied until it is resumed. Its data is kept.',
    destructive: true,
  },
  {
    event: 'REJECT',
    label: 'Reject',
    done: 'rejected',
    consequence: 'Its team cannot sign in and its gateways are denied. Its data is kept.',
    destructive: true,
  },
  {
    event: 'SCHEDULE_FOR_DELETION',
    label: 'Schedule deletion',
    done: 'scheduled for deletion',
    consequence:
      'It stops serving at once, and 15 days from now every row of it is deleted: its products, accounts, applications, usage and team. Until then, resuming it brings everything back.',
    destructive: true,
  },
];

/** The actions among the events the server says the tenant's state allows. */
export const permittedTenantActions = (events: readonly ProviderEvent[]) =>
  tenantActions.filter((action) => events.includes(action.event));
