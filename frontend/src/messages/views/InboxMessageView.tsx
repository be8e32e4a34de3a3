import { Button, Flex, List, ListItem } from '@patternfly/react-core';
import { useEffect, useMemo, useRef, useState } from 'react';
import { Link, useParams } from 'react-router';
import { useMutation, useQuery } from 'urql';

import { DateTime } from '../../components/DateTime';
import { DetailsPage } from '../../components/DetailsPage';
import { useNotify } from '../../components/Notifications';
import { MessageBody } from '../components/MessageBody';
import { MessageModal } from '../components/MessageModal';
import { MessageSender } from '../components/MessageSender';
import { ReadStateLabel } from '../components/ReadStateLabel';
import { replySubject } from '../components/messageDraft';
import { useMarkRead } from '../components/useMarkRead';
import { inboxEntryQuery, sendMessageMutation } from '../queries';
import { inboxPath, sentMessageUrl } from '../urls';

const entryContext = { additionalTypenames: ['Message'] };

/** Audience › Messages › Inbox › a message: read it (opening it marks it read) and reply. */
export function InboxMessageView() {
  const { messageId = '' } = useParams();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: inboxEntryQuery,
    variables: { id: messageId },
    context: useMemo(() => entryContext, []),
  });
  const entry = data?.node?.__typename === 'MessageRecipient' && data.node.accountID === null ? data.node : null;
  const markRead = useMarkRead();
  const [, sendMessage] = useMutation(sendMessageMutation);
  const [replying, setReplying] = useState(false);
  const notify = useNotify();

  // Opening a message reads it, once: marking it unread again from here must stick.
  const opened = useRef<string | null>(null);
  useEffect(() => {
    if (!entry || opened.current === entry.id) return;
    opened.current = entry.id;
    if (!entry.readAt) void markRead(entry.id, true);
  }, [entry, markRead]);

  const sender = entry?.message.senderAccount ?? null;
  const message = entry?.message;

  return (
    <DetailsPage
      title={message?.subject ?? null}
      breadcrumbs={[{ label: 'Inbox', to: inboxPath }, { label: message?.subject ?? 'Message' }]}
      fetching={fetching}
      error={error}
      found={!!entry}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      actions={
        entry ? (
          <Flex gap={{ default: 'gapSm' }} role="group" aria-label="Message actions">
            {sender ? (
              <Button variant="primary" onClick={() => setReplying(true)}>
                Reply
              </Button>
            ) : null}
            <Button variant="secondary" onClick={() => void markRead(entry.id, !entry.readAt)}>
              {entry.readAt ? 'Mark as unread' : 'Mark as read'}
            </Button>
          </Flex>
        ) : null
      }
      details={
        entry && message
          ? [
              { term: 'From', description: <MessageSender message={message} /> },
              { term: 'Received', description: <DateTime value={entry.createdAt} withTime /> },
              { term: 'Status', description: <ReadStateLabel readAt={entry.readAt} /> },
              ...(message.replyTo
                ? [{ term: 'In reply to', description: <Link to={sentMessageUrl(message.replyTo.id)}>{message.replyTo.subject}</Link> }]
                : []),
              ...(message.replies && message.replies.length > 0
                ? [
                    {
                      term: 'Replies',
                      description: (
                        <List isPlain>
                          {message.replies.map((reply) => (
                            <ListItem key={reply.id}>
                              <Link to={sentMessageUrl(reply.id)}>{reply.subject}</Link> · <DateTime value={reply.createdAt} withTime />
                            </ListItem>
                          ))}
                        </List>
                      ),
                    },
                  ]
                : []),
            ]
          : []
      }
    >
      {message ? <MessageBody body={message.body} /> : null}
      {sender && message ? (
        <MessageModal
          isOpen={replying}
          title="Reply"
          recipients={sender.orgName}
          initialSubject={replySubject(message.subject)}
          onSend={async (subject, body) => {
            const result = await sendMessage(
              { accountID: sender.id, subject, body, replyToID: message.id },
              { additionalTypenames: ['Message', 'MessageRecipient'] },
            );
            if (result.error) return result.error;
            notify({ variant: 'success', title: `Reply sent to “${sender.orgName}”` });
            return null;
          }}
          onClose={() => setReplying(false)}
        />
      ) : null}
    </DetailsPage>
  );
}
