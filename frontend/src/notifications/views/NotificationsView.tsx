import { Button, Card, CardBody, PageSection, Toolbar, ToolbarContent, ToolbarItem, ToggleGroup, ToggleGroupItem } from '@patternfly/react-core';
import { useCallback, useState } from 'react';
import { Link } from 'react-router';
import { useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { ErrorState } from '../../components/ErrorState';
import { LoadingState } from '../../components/LoadingState';
import { useNotify } from '../../components/Notifications';
import { PageHeader } from '../../components/PageHeader';
import { dashboardPath } from '../../dashboard/urls';
import { nodes } from '../../graphql/connection';
import { NotificationList } from '../components/NotificationList';
import { notificationsQuery } from '../queries';
import { notificationPreferencesPath } from '../urls';
import { useFeedChanges, useMarkRead } from '../useFeed';

const pageSize = 20;

/** Dashboard › Notifications: the viewer's whole feed. */
export function NotificationsView() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const [first, setFirst] = useState(pageSize);
  const [{ data, fetching, error }, refetch] = useQuery({ query: notificationsQuery, variables: { first, unreadOnly } });
  const refresh = useCallback(() => refetch({ requestPolicy: 'network-only' }), [refetch]);
  useFeedChanges(refresh);
  const markRead = useMarkRead();
  const notify = useNotify();
  const feed = data?.viewer.notifications;
  const unread = data?.viewer.unreadNotificationCount ?? 0;

  async function read(ids?: string[]) {
    const problem = await markRead(ids);
    if (problem) notify({ variant: 'danger', title: 'Could not mark the notifications read', description: problem });
    else if (!ids) notify({ variant: 'success', title: 'Every notification is marked read' });
  }

  let content;
  if (error) content = <ErrorState error={error} onRetry={refresh} />;
  else if (!feed) content = fetching ? <LoadingState label="Loading your notifications…" /> : null;
  else if (feed.totalCount === 0)
    content = (
      <BlankState title={unreadOnly ? 'Nothing unread' : 'No notifications yet'}>
        {unreadOnly
          ? 'You have read every notification.'
          : 'Signups, plan change requests, subscriptions, payment problems and usage alerts appear here as they happen.'}
      </BlankState>
    );
  else
    content = (
      <>
        <NotificationList label="Notifications" notifications={nodes(feed)} onRead={(id) => void read([id])} />
        {feed.pageInfo.hasNextPage ? (
          <Button variant="secondary" onClick={() => setFirst((n) => n + pageSize)} className="pf-v6-u-mt-md">
            Show more
          </Button>
        ) : null}
      </>
    );

  return (
    <>
      <PageHeader
        title="Notifications"
        description={
          <>
            {unread === 0 ? 'Nothing unread.' : unread === 1 ? 'One unread notification.' : `${unread} unread notifications.`} Choose which
            ones are emailed to you in <Link to={notificationPreferencesPath}>Notification Preferences</Link>.
          </>
        }
        breadcrumbs={[{ label: 'Dashboard', to: dashboardPath }, { label: 'Notifications' }]}
        actions={
          <Button variant="secondary" isDisabled={unread === 0} onClick={() => void read()}>
            Mark all read
          </Button>
        }
      />
      <PageSection isFilled>
        <Card>
          <CardBody>
            <Toolbar>
              <ToolbarContent>
                <ToolbarItem>
                  <ToggleGroup aria-label="Which notifications">
                    <ToggleGroupItem text="All" buttonId="feed-all" isSelected={!unreadOnly} onChange={() => setUnreadOnly(false)} />
                    <ToggleGroupItem text="Unread" buttonId="feed-unread" isSelected={unreadOnly} onChange={() => setUnreadOnly(true)} />
                  </ToggleGroup>
                </ToolbarItem>
              </ToolbarContent>
            </Toolbar>
            {content}
          </CardBody>
        </Card>
      </PageSection>
    </>
  );
}
