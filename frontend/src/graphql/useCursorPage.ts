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
 * of a list survives a reload and can be shared as a link. A screen with
 * several lists gives each a `prefix` ("users." keeps `users.page`, …).
 */
export function useCursorPage(defaultPerPage = 20, prefix = ''): CursorPage {
  const [params, setParams] = useSearchParams();
  const key = (name: string) => `${prefix}${name}`;
  const perPageParam = Number(params.get(key('perPage')));
  const perPage = (perPageOptions as readonly number[]).includes(perPageParam) ? perPageParam : defaultPerPage;
  const page = Math.max(1, Number(params.get(key('page'))) || 1);
  const after = params.get(key('after'));
  const before = params.get(key('before'));

  const variables = useMemo(() => {
    if (before) return { last: perPage, before };
    if (after) return { first: perPage, after };
    return { first: perPage };
  }, [after, before, perPage]);

  const goTo = useCallback(
    (target: number, pageInfo: PageInfoFields | undefined) => {
      setParams((current) => {
        const next = new URLSearchParams(current);
        next.delete(`${prefix}after`);
        next.delete(`${prefix}before`);
        if (target <= 1) {
          next.delete(`${prefix}page`);
        } else if (target > page && pageInfo?.endCursor) {
          next.set(`${prefix}page`, String(target));
          next.set(`${prefix}after`, pageInfo.endCursor);
        } else if (target < page && pageInfo?.startCursor) {
          next.set(`${prefix}page`, String(target));
          next.set(`${prefix}before`, pageInfo.startCursor);
        } else {
          next.delete(`${prefix}page`);
        }
        return next;
      });
    },
    [page, prefix, setParams],
  );

  const setPerPage = useCallback(
    (value: number) => {
      setParams((current) => {
        const next = new URLSearchParams(current);
        next.delete(`${prefix}after`);
        next.delete(`${prefix}before`);
        next.delete(`${prefix}page`);
        if (value === defaultPerPage) next.delete(`${prefix}perPage`);
        else next.set(`${prefix}perPage`, String(value));
        return next;
      });
    },
    [defaultPerPage, prefix, setParams],
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

export type SortDirection = 'ASC' | 'DESC';

export interface ListSort<F extends string> {
  field: F;
  direction: SortDirection;
  /** The GraphQL `orderBy` argument: the chosen field, then the id as a tiebreaker is implicit. */
  orderBy: { field: F; direction: SortDirection }[];
  /** Sorts by `field` (the other way when it already sorts by it), back on the first page. */
  sortBy(field: F, direction: SortDirection): void;
}

/**
 * A list's order kept in the URL (`?sort=ORG_NAME&dir=desc`), so a sorted list survives a reload
 * and can be shared. Only the given fields are accepted; anything else falls back to the default.
 */
export function useListSort<F extends string>(fields: readonly F[], defaultField: F, defaultDirection: SortDirection = 'ASC', prefix = ''): ListSort<F> {
  const [params, setParams] = useSearchParams();
  const requested = params.get(`${prefix}sort`) as F | null;
  const field = requested && fields.includes(requested) ? requested : defaultField;
  const dirParam = params.get(`${prefix}dir`);
  const direction: SortDirection = requested && fields.includes(requested) ? (dirParam === 'desc' ? 'DESC' : 'ASC') : defaultDirection;
  const sortBy = useCallback(
    (next: F, nextDirection: SortDirection) => {
      setParams((current) => {
        const updated = new URLSearchParams(current);
        for (const key of ['after', 'before', 'page']) updated.delete(`${prefix}${key}`);
        if (next === defaultField && nextDirection === defaultDirection) {
          updated.delete(`${prefix}sort`);
          updated.delete(`${prefix}dir`);
        } else {
          updated.set(`${prefix}sort`, next);
          updated.set(`${prefix}dir`, nextDirection.toLowerCase());
        }
        return updated;
      });
    },
    [defaultDirection, defaultField, prefix, setParams],
  );
  const orderBy = useMemo(() => [{ field, direction }], [field, direction]);
  return { field, direction, orderBy, sortBy };
}
