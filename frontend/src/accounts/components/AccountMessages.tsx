import { Button, ToolbarItem } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { Link } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { BlankState } from '../../components/BlankState';
import { DateTime } from '../../components/DateTime';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { nodes } from '../../graphql/connection';
import { useCursorPage, useListSort } from '../../graphql/useCursorPage';
import { ComposeMessageModal } from '../../messages/components/ComposeMessageModal';
import { ReadStateLabel } from '../../messages/components/ReadStateLabel';
import { sendMessageMutation } from '../../messages/queries';
import { sentMessageUrl } from '../../messages/urls';
import { accountInboxQuery } from '../queries';

const inboxContext = { additionalTypenames: ['MessageRecipient', 'Message'] };

/** The inbox of a developer account: what the provider sent it, and whether it was read. */
export function AccountMessages({ account }: { account: { id: string; orgName: string } }) {
  const page = useCursorPage(10, 'messages.');
  const sort = useListSort(['READ_AT', 'CREATED_AT'] as const, 'CREATED_AT', 'DESC', 'messages.');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: accountInboxQuery,
    variables: { accountId: account.id, ...page.variables, orderBy: sort.orderBy },
    context: useMemo(() => inboxContext, []),
  });
  const [, sendMessage] = useMutation(sendMessageMutation);
  const [composing, setComposing] = useState(false);
  const notify = useNotify();

  const sendButton = (
    <Button variant="secondary" onClick={() => setComposing(true)}>
      Send message
    </Button>
  );

  return (
    <>
      <ListTable
        label="Messages"
        rows={data ? nodes(data.messageRecipients) : undefined}
        fetching={fetching}
        error={error}
        onRetry={() => refetch({ requestPolicy: 'network-only' })}
        toolbarActions={<ToolbarItem>{sendButton}</ToolbarItem>}
        pagination={
          data ? { page, totalCount: data.messageRecipients.totalCount, pageInfo: data.messageRecipients.pageInfo } : undefined
        }
        sort={sort}
        empty={
          <BlankState title="No messages" size="xs" headingLevel="h3">
            Messages you send to this account appear here, and in its inbox on the Developer Portal.
          </BlankState>
        }
        columns={[
          {
            title: 'Subject',
            width: 50,
            cell: (entry) => <Link to={sentMessageUrl(entry.message.id)}>{entry.message.subject}</Link>,
          },
          { title: 'Status', sortField: 'READ_AT', cell: (entry) => <ReadStateLabel readAt={entry.readAt} /> },
          { title: 'Sent', sortField: 'CREATED_AT', cell: (entry) => <DateTime value={entry.createdAt} withTime /> },
        ]}
      />
      <ComposeMessageModal
        isOpen={composing}
        recipients={account.orgName}
        onSend={async (subject, body) => {
          const result = await sendMessage({ accountID: account.id, subject, body }, inboxContext);
          if (result.error) return result.error;
          notify({ variant: 'success', title: `Message sent to “${account.orgName}”` });
          return null;
        }}
        onClose={() => setComposing(false)}
      />
    </>
  );
}
