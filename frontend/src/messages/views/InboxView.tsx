import { Button, Flex, PageSection } from '@patternfly/react-core';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { DateTime } from '../../components/DateTime';
import { ListTable } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { StateFilter } from '../../components/StateFilter';
import type { MessageRecipientWhereInput } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { useCursorPage, useListFilter, useListSort } from '../../graphql/useCursorPage';
import { MessageSender } from '../components/MessageSender';
import { ReadStateLabel } from '../components/ReadStateLabel';
import { useMarkRead } from '../components/useMarkRead';
import { inboxQuery } from '../queries';
import { composeMessagePath, inboxMessageUrl } from '../urls';

const readOptions = [
  { value: 'unread', label: 'Unread' },
  { value: 'read', label: 'Read' },
];

const listContext = { additionalTypenames: ['MessageRecipient'] };

/** Audience › Messages › Inbox: what developers wrote to the provider. */
export function InboxView() {
  const page = useCursorPage();
  const navigate = useNavigate();
  const [read, setRead] = useListFilter('read');
  const sort = useListSort(['CREATED_AT'] as const, 'CREATED_AT', 'DESC');
  const where: MessageRecipientWhereInput = {
    accountIDIsNil: true,
    ...(read === 'unread' ? { readAtIsNil: true } : read === 'read' ? { readAtNotNil: true } : {}),
  };
  const [{ data, fetching, error }, refetch] = useQuery({
    query: inboxQuery,
    variables: { ...page.variables, where, orderBy: sort.orderBy },
    context: useMemo(() => listContext, []),
  });
  const markRead = useMarkRead();

  const composeButton = (
    <Button variant="primary" onClick={() => navigate(composeMessagePath)}>
      Compose message
    </Button>
  );

  return (
    <>
      <PageHeader title="Inbox" description="Messages developers sent you from the Developer Portal." actions={composeButton} />
      <PageSection isFilled>
        <ListTable
          label="Inbox"
          rows={data ? nodes(data.messageRecipients) : undefined}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          filters={<StateFilter label="Show" options={readOptions} value={read} onChange={setRead} />}
          pagination={
            data ? { page, totalCount: data.messageRecipients.totalCount, pageInfo: data.messageRecipients.pageInfo } : undefined
          }
          sort={sort}
          empty={
            read ? (
              <BlankState title={read === 'unread' ? 'No unread messages' : 'No read messages'} variant="noResults">
                Show every message to see the others.
              </BlankState>
            ) : (
              <BlankState title="No messages yet">
                Messages developers send you from the Developer Portal appear here.
              </BlankState>
            )
          }
          rowLabel={(entry) => entry.message.subject}
          rowActions={(entry) => [
            entry.readAt
              ? { title: 'Mark as unread', onClick: () => void markRead(entry.id, false) }
              : { title: 'Mark as read', onClick: () => void markRead(entry.id, true) },
          ]}
          columns={[
            {
              title: 'From',
              width: 25,
              cell: (entry) => <MessageSender message={entry.message} strong={!entry.readAt} />,
            },
            {
              title: 'Subject',
              width: 45,
              cell: (entry) => (
                <Flex gap={{ default: 'gapSm' }} flexWrap={{ default: 'nowrap' }} alignItems={{ default: 'alignItemsCenter' }}>
                  <Link to={inboxMessageUrl(entry.id)}>{entry.readAt ? entry.message.subject : <strong>{entry.message.subject}</strong>}</Link>
                  {entry.readAt ? null : <ReadStateLabel readAt={entry.readAt} />}
                </Flex>
              ),
            },
            { title: 'Received', sortField: 'CREATED_AT', cell: (entry) => <DateTime value={entry.createdAt} withTime /> },
          ]}
        />
      </PageSection>
    </>
  );
}
