import { Button, DataList, DataListCell, DataListItem, DataListItemCells, DataListItemRow, Flex, FlexItem, Label } from '@patternfly/react-core';
import { Link } from 'react-router';

import { DateTime } from '../../components/DateTime';
import type { NotificationFieldsFragment } from '../../gql/graphql';

export interface NotificationListProps {
  notifications: readonly NotificationFieldsFragment[];
  /** Marks one notification read. */
  onRead: (id: string) => void;
  label: string;
}

/** Notifications, newest first: title linking to what they are about, when, and a read action while unread. */
export function NotificationList({ notifications, onRead, label }: NotificationListProps) {
  return (
    <DataList aria-label={label} isCompact>
      {notifications.map((item) => (
        <DataListItem key={item.id} aria-labelledby={`notification-${item.id}`}>
          <DataListItemRow>
            <DataListItemCells
              dataListCells={[
                <DataListCell key="title" width={4}>
                  <Flex spaceItems={{ default: 'spaceItemsSm' }} alignItems={{ default: 'alignItemsCenter' }}>
                    {!item.readAt ? (
                      <FlexItem>
                        <Label color="blue" isCompact>
                          New
                        </Label>
                      </FlexItem>
                    ) : null}
                    <FlexItem id={`notification-${item.id}`}>
                      {item.link ? (
                        <Link to={item.link} onClick={() => !item.readAt && onRead(item.id)}>
                          {item.title}
                        </Link>
                      ) : (
                        item.title
                      )}
                    </FlexItem>
                  </Flex>
                  {item.body ? <div className="portico-notification-body">{item.body}</div> : null}
                </DataListCell>,
                <DataListCell key="when" width={1}>
                  <DateTime value={item.createdAt} withTime />
                </DataListCell>,
                <DataListCell key="read" width={1} alignRight>
                  {!item.readAt ? (
                    <Button variant="link" isInline onClick={() => onRead(item.id)} aria-label={`Mark read: ${item.title}`}>
                      Mark read
                    </Button>
                  ) : null}
                </DataListCell>,
              ]}
            />
          </DataListItemRow>
        </DataListItem>
      ))}
    </DataList>
  );
}
