import { Badge, Button, Card, CardBody, CardFooter, CardHeader, CardTitle, Content } from '@patternfly/react-core';
import { useCallback } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';

import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { nodes } from '../../graphql/connection';
import { notificationsQuery } from '../queries';
import { notificationsPath } from '../urls';
import { useFeedChanges, useMarkRead } from '../useFeed';
import { NotificationList } from './NotificationList';

const recent = 5;

/** The dashboard's feed: the latest notifications and the unread count. */
export function NotificationsCard() {
  const [{ data, fetching, error }, refetch] = useQuery({ query: notificationsQuery, variables: { first: recent } });
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  useFeedChanges(refresh);
  const markRead = useMarkRead();
  const notify = useNotify();
  const unread = data?.viewer.unreadNotificationCount ?? 0;
  const feed = data?.viewer.notifications;

  async function read(ids?: string[]) {
    const problem = await markRead(ids);
    if (problem) notify({ variant: 'danger', title: 'Could not mark the notifications read', description: problem });
  }

  return (
    <Card aria-labelledby="notifications-card-title">
      <CardHeader
        actions={{
          actions: (
            <Button variant="link" isInline isDisabled={unread === 0} onClick={() => void read()}>
              Mark all read
            </Button>
          ),
          hasNoOffset: true,
        }}
      >
        <CardTitle id="notifications-card-title" component="h2">
          Notifications{' '}
          <Badge isRead={unread === 0} screenReaderText="unread">
            {unread}
          </Badge>
        </CardTitle>
      </CardHeader>
      <CardBody>
        {error ? (
          <ErrorState error={error} onRetry={refresh} />
        ) : !feed ? (
          fetching ? <LoadingState label="Loading your notifications…" /> : null
        ) : feed.totalCount === 0 ? (
          <Content component="p">
            Nothing yet. Signups, plan change requests, subscriptions, payment problems and usage alerts appear here as they happen.
          </Content>
        ) : (
          <NotificationList label="Latest notifications" notifications={nodes(feed)} onRead={(id) => void read([id])} />
        )}
      </CardBody>
      {feed && feed.totalCount > 0 ? (
        <CardFooter>
          <Link to={notificationsPath}>
            {feed.totalCount === 1 ? 'View the notification' : `View all ${feed.totalCount} notifications`}
          </Link>
        </CardFooter>
      ) : null}
    </Card>
  );
}
