import type { ApplicationState, ContractStateEvent } from '../../gql/graphql';

/**
 * How the console offers each change of an application's or a service subscription's state.
 * Which of them one allows comes from the server, as its `permittedEvents`.
 */
export interface ContractTransition {
  event: ContractStateEvent;
  /** The button ("Accept"). */
  verb: string;
  /** The outcome of one item ("accepted"). */
  done: string;
  /** Refusing or cutting off traffic: confirmed as a danger. */
  destructive: boolean;
}

export const contractTransitions: readonly ContractTransition[] = [
  { event: 'ACCEPT', verb: 'Accept', done: 'accepted', destructive: false },
  { event: 'SUSPEND', verb: 'Suspend', done: 'suspended', destructive: true },
  { event: 'RESUME', verb: 'Resume', done: 'resumed', destructive: false },
  { event: 'REJECT', verb: 'Reject', done: 'rejected and deleted', destructive: true },
];

export const contractStateNames: Record<ApplicationState, string> = {
  PENDING: 'pending',
  LIVE: 'live',
  SUSPENDED: 'suspended',
};

/** "1 application", "3 applications". */
export function count(n: number, noun: string) {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
