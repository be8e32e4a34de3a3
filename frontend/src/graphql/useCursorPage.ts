import { useCallback, useMemo } from 'react';
import { useSearchParams } from 'react-router';

export const perPageOptions = [10, 20, 50, 100] as const;

export interface PageInfoFields {
  startCursor?: string | null;
  endCursor?: string | null;
}

export interface CursorPage {
  /** Spread into the query variables: `{ first, after }` or `{ last, before }`. */
  variables: { first?: number; after?: string; last?: number; before?: string };
  page: number;
  perPage: number;
  /** Moves one page forward or back using the cursors of the page on screen. */
  goTo: (page: number, pageInfo: PageInfoFields | undefined) => void;
  setPerPage: (perPage: number) => void;
}

/**
 * Relay cursor pagination kept in the URL (`?page=2&after=…`), so that a page
 * of a list survives a reload and can be shared as a link.
 */
export function useCursorPage(defaultPerPage = 20): CursorPage {
  const [params, setParams] = useSearchParams();
  const perPageParam = Number(params.get('perPage'));
  const perPage = (perPageOptions as readonly number[]).includes(perPageParam) ? perPageParam : defaultPerPage;
  const page = Math.max(1, Number(params.get('page')) || 1);
  const after = params.get('after');
  const before = params.get('before');

  const variables = useMemo(() => {
    if (before) return { last: perPage, before };
    if (after) return { first: perPage, after };
    return { first: perPage };
  }, [after, before, perPage]);

  const goTo = useCallback(
    (target: number, pageInfo: PageInfoFields | undefined) => {
      setParams((current) => {
        const next = new URLSearchParams(current);
        next.delete('after');
        next.delete('before');
        if (target <= 1) {
          next.delete('page');
        } else if (target > page && pageInfo?.endCursor) {
          next.set('page', String(target));
          next.set('after', pageInfo.endCursor);
        } else if (target < page && pageInfo?.startCursor) {
          next.set('page', String(target));
          next.set('before', pageInfo.startCursor);
        } else {
          next.delete('page');
        }
        return next;
      });
    },
    [page, setParams],
  );

  const setPerPage = useCallback(
    (value: number) => {
      setParams((current) => {
        const next = new URLSearchParams(current);
        next.delete('after');
        next.delete('before');
        next.delete('page');
        if (value === defaultPerPage) next.delete('perPage');
        else next.set('perPage', String(value));
        return next;
      });
    },
    [defaultPerPage, setParams],
  );

  return { variables, page, perPage, goTo, setPerPage };
}

/** A URL search parameter as state; changing it goes back to the first page of the list. */
export function useListFilter(name: string): [string, (value: string) => void] {
  const [params, setParams] = useSearchParams();
  const value = params.get(name) ?? '';
  const setValue = useCallback(
    (next: string) => {
      setParams(
        (current) => {
          const updated = new URLSearchParams(current);
          for (const key of ['after', 'before', 'page']) updated.delete(key);
          if (next) updated.set(name, next);
          else updated.delete(name);
          return updated;
        },
        { replace: true },
      );
    },
    [name, setParams],
  );
  return [value, setValue];
}
