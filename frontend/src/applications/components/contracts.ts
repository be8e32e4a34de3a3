import type { ApplicationState, ContractStateEvent } from '../../gql/graphql';

/**
 * Applications and service subscriptions are both contracts: pending → live ⇄ suspended, and a
 * pending one may be rejected, which deletes it.
 */
export interface ContractTransition {
  event: ContractStateEvent;
  /** The button ("Accept"). */
  verb: string;
  /** The outcome of one item ("accepted"). */
  done: string;
  /** The only state the event applies to. */
  from: ApplicationState;
  /** Refusing or cutting off traffic: confirmed as a danger. */
  destructive: boolean;
}

export const contractTransitions: readonly ContractTransition[] = [
  { event: 'ACCEPT', verb: 'Accept', done: 'accepted', from: 'PENDING', destructive: false },
  { event: 'SUSPEND', verb: 'Suspend', done: 'suspended', from: 'LIVE', destructive: true },
  { event: 'RESUME', verb: 'Resume', done: 'resumed', from: 'SUSPENDED', destructive: false },
  { event: 'REJECT', verb: 'Reject', done: 'rejected and deleted', from: 'PENDING', destructive: true },
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
