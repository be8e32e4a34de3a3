import type { ApplicationState } from '../../gql/graphql';

export const applicationStateOptions: { value: ApplicationState; label: string }[] = [
  { value: 'PENDING', label: 'Pending' },
  { value: 'LIVE', label: 'Live' },
  { value: 'SUSPENDED', label: 'Suspended' },
];
