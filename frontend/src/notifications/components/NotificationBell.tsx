import { NotificationBadge } from '@patternfly/react-core';
import { useCallback, useEffect } from 'react';
import { useNavigate } from 'react-router';
import { useQuery } from 'urql';

import { unreadNotificationsQuery } from '../queries';
import { notificationsPath } from '../urls';
import { useFeedChanges } from '../useFeed';

/** How often the badge asks for the unread count. */
const pollMs = 30_000;

/** The masthead's notification badge: the unread count, opening the feed. */
export function NotificationBell() {
  const [{ data }, refetch] = useQuery({ query: unreadNotificationsQuery });
  const navigate = useNavigate();
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  useFeedChanges(refresh);
  useEffect(() => {
    const timer = window.setInterval(refresh, pollMs);
    return () => window.clearInterval(timer);
  }, [refresh]);
  const unread = data?.viewer.unreadNotificationCount ?? 0;
  return (
    <NotificationBadge
      variant={unread > 0 ? 'unread' : 'read'}
      count={unread}
      onClick={() => void navigate(notificationsPath)}
      aria-label={unread === 1 ? 'Notifications: 1 unread' : `Notifications: ${unread} unread`}
    />
  );
}
