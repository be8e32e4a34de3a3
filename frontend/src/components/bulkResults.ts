import type { BulkResult } from './BulkResultsDialog';

/** One item of the API's BulkResult (bulkChangeAccountState, bulkChangeApplicationPlan, …). */
export interface BulkItemOutcome {
  id: string;
  ok: boolean;
  message?: string | null;
}

/**
 * The dialog's rows for a bulk mutation's answer, in the order the API listed them; `name` gives a
 * readable name for an id (the row on screen) and `done` the word for a success ("approved").
 */
export function bulkResults(items: readonly BulkItemOutcome[], name: (id: string) => string, done: string): BulkResult[] {
  return items.map((item) => ({
    id: item.id,
    name: name(item.id),
    outcome: item.ok ? 'done' : 'failed',
    message: item.ok ? done : (item.message ?? 'failed'),
  }));
}
