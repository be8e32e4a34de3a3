import { Button, PageSection } from '@patternfly/react-core';
import { useMemo } from 'react';
import { Link, useNavigate } from 'react-router';
import { useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { DateTime } from '../../components/DateTime';
import { ListTable } from '../../components/ListTable';
import { PageHeader } from '../../components/PageHeader';
import { SearchFilter } from '../../components/SearchFilter';
import type { MessageWhereInput } from '../../gql/graphql';
import { nodes } from '../../graphql/connection';
import { useCursorPage, useListFilter, useListSort } from '../../graphql/useCursorPage';
import { recipientNames } from '../components/recipientSummary';
import { sentMessagesQuery } from '../queries';
import { composeMessagePath, sentMessageUrl } from '../urls';

const listContext = { additionalTypenames: ['Message', 'MessageRecipient'] };

/** Audience › Messages › Sent messages: what the provider wrote to developer accounts. */
export function SentMessagesView() {
  const page = useCursorPage();
  const navigate = useNavigate();
  const [search, setSearch] = useListFilter('q');
  const sort = useListSort(['SUBJECT', 'CREATED_AT'] as const, 'CREATED_AT', 'DESC');
  const where: MessageWhereInput = { direction: 'TO_ACCOUNTS', ...(search ? { subjectContainsFold: search } : {}) };
  const [{ data, fetching, error }, refetch] = useQuery({
    query: sentMessagesQuery,
    variables: { ...page.variables, where, orderBy: sort.orderBy },
    context: useMemo(() => listContext, []),
  });

  const composeButton = (
    <Button variant="primary" onClick={() => navigate(composeMessagePath)}>
      Compose message
    </Button>
  );

  return (
    <>
      <PageHeader title="Sent messages" description="Messages you sent to developer accounts." actions={composeButton} />
      <PageSection isFilled>
        <ListTable
          label="Sent messages"
          rows={data ? nodes(data.messages) : undefined}
          fetching={fetching}
          error={error}
          onRetry={() => refetch({ requestPolicy: 'network-only' })}
          filters={<SearchFilter label="Search by subject" value={search} onChange={setSearch} />}
          pagination={data ? { page, totalCount: data.messages.totalCount, pageInfo: data.messages.pageInfo } : undefined}
          sort={sort}
          empty={
            search ? (
              <BlankState title="No messages match" variant="noResults">
                Change the search.
              </BlankState>
            ) : (
              <BlankState title="No messages sent yet" actions={composeButton}>
                Messages you send to developer accounts appear here. They land in the accounts’ inboxes on the
                Developer Portal and are emailed to their admins.
              </BlankState>
            )
          }
          columns={[
            {
              title: 'Subject',
              width: 35,
              sortField: 'SUBJECT',
              cell: (message) => <Link to={sentMessageUrl(message.id)}>{message.subject}</Link>,
            },
            {
              title: 'To',
              width: 30,
              cell: (message) =>
                recipientNames(
                  nodes(message.recipients).map((recipient) => recipient.account?.orgName ?? 'Deleted account'),
                  message.recipients.totalCount,
                ),
            },
            { title: 'Recipients', modifier: 'fitContent', cell: (message) => message.recipients.totalCount },
            { title: 'Read', modifier: 'fitContent', cell: (message) => `${message.readCount} of ${message.recipients.totalCount}` },
            { title: 'Sent', sortField: 'CREATED_AT', cell: (message) => <DateTime value={message.createdAt} withTime /> },
          ]}
        />
      </PageSection>
    </>
  );
}
