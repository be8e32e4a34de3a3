/**
 * What the fake server answers as `permittedEvents` for each state, as the real one does for these
 * fixtures. The console itself never decides this: it renders what the server sends.
 */
export const accountEventsOf: Record<string, string[]> = {
  CREATED: ['APPROVE', 'REJECT', 'SUSPEND', 'MAKE_PENDING'],
  PENDING: ['APPROVE', 'REJECT', 'SUSPEND'],
  APPROVED: ['REJECT', 'SUSPEND', 'MAKE_PENDING'],
  REJECTED: ['APPROVE', 'SUSPEND', 'MAKE_PENDING'],
  SUSPENDED: ['RESUME'],
  SCHEDULED_FOR_DELETION: ['SUSPEND', 'RESUME'],
};

export const contractEventsOf: Record<string, string[]> = {
  PENDING: ['ACCEPT', 'REJECT'],
  LIVE: ['SUSPEND'],
  SUSPENDED: ['RESUME'],
};
