import { useCallback, useEffect } from 'react';
import { useMutation } from 'urql';

import { markNotificationsReadMutation } from './queries';

const changed = 'portico:notifications-changed';

/** Tells every notification view (the masthead badge, the dashboard card, the feed) that read states changed. */
export function announceFeedChange() {
  window.dispatchEvent(new Event(changed));
}

/** Calls `refresh` whenever another view marks notifications read. */
export function useFeedChanges(refresh: () => void) {
  useEffect(() => {
    window.addEventListener(changed, refresh);
    return () => window.removeEventListener(changed, refresh);
  }, [refresh]);
}

/** Marks notifications read (all when no ids are given) and announces the change. */
export function useMarkRead(): (ids?: string[]) => Promise<string | null> {
  const [, mark] = useMutation(markNotificationsReadMutation);
  return useCallback(
    async (ids?: string[]) => {
      const result = await mark({ ids });
      if (result.error) return result.error.graphQLErrors[0]?.message ?? result.error.message;
      announceFeedChange();
      return null;
    },
    [mark],
  );
}
