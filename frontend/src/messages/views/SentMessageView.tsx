import { Button, Card, CardBody, CardTitle } from '@patternfly/react-core';
import { useMemo } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useQuery } from 'urql';

import { accountUrl } from '../../accounts/urls';
import { BlankState } from '../../components/BlankState';
import { DateTime } from '../../components/DateTime';
import { DetailsPage } from '../../components/DetailsPage';
import { ListTable } from '../../components/ListTable';
import { MessageBody } from '../components/MessageBody';
import { ReadStateLabel } from '../components/ReadStateLabel';
import { sentMessageQuery } from '../queries';
import { composeMessageUrl, inboxMessageUrl, inboxPath, sentMessagesPath } from '../urls';

const messageContext = { additionalTypenames: ['MessageRecipient'] };

/** Audience › Messages › Sent messages › a message: its text and who received and read it. */
export function SentMessageView() {
  const { messageId = '' } = useParams();
  const navigate = useNavigate();
  const [{ data, fetching, error }, refetch] = useQuery({
    query: sentMessageQuery,
    variables: { id: messageId },
    context: useMemo(() => messageContext, []),
  });
  const message = data?.node?.__typename === 'Message' ? data.node : null;
  const recipients = message?.recipients ?? [];
  const fromProvider = message?.direction === 'TO_ACCOUNTS';
  const accountIds = recipients.flatMap((recipient) => (recipient.account ? [recipient.account.id] : []));
  // The message this one answers, as an entry of the provider's inbox.
  const answered = message?.replyTo?.recipients?.find((recipient) => recipient.accountID === null);

  return (
    <DetailsPage
      title={message?.subject ?? null}
      breadcrumbs={[
        fromProvider || !message ? { label: 'Sent messages', to: sentMessagesPath } : { label: 'Inbox', to: inboxPath },
        { label: message?.subject ?? 'Message' },
      ]}
      fetching={fetching}
      error={error}
      found={!!message}
      onRetry={() => refetch({ requestPolicy: 'network-only' })}
      actions={
        fromProvider && accountIds.length > 0 ? (
          <Button variant="secondary" onClick={() => navigate(composeMessageUrl(accountIds))}>
            Write to the same accounts
          </Button>
        ) : null
      }
      details={
        message
          ? [
              { term: 'Sent', description: <DateTime value={message.createdAt} withTime /> },
              { term: 'Recipients', description: recipients.length },
              { term: 'Read by', description: `${recipients.filter((recipient) => recipient.readAt).length} of ${recipients.length}` },
              ...(message.replyTo
                ? [
                    {
                      term: 'In reply to',
                      description: answered ? <Link to={inboxMessageUrl(answered.id)}>{message.replyTo.subject}</Link> : message.replyTo.subject,
                    },
                  ]
                : []),
            ]
          : []
      }
    >
      {message ? (
        <>
          <MessageBody body={message.body} />
          <Card className="pf-v6-u-mt-lg">
            <CardTitle component="h2">Recipients</CardTitle>
            <CardBody>
              <ListTable
                label="Recipients"
                rows={recipients}
                fetching={false}
                empty={
                  <BlankState title="No recipients" size="sm" headingLevel="h3">
                    The message reached no account.
                  </BlankState>
                }
                columns={[
                  {
                    title: 'Account',
                    width: 50,
                    cell: (recipient) =>
                      recipient.account ? <Link to={accountUrl(recipient.account.id)}>{recipient.account.orgName}</Link> : 'The provider',
                  },
                  { title: 'Status', cell: (recipient) => <ReadStateLabel readAt={recipient.readAt} /> },
                  { title: 'Read', cell: (recipient) => <DateTime value={recipient.readAt} withTime /> },
                ]}
              />
            </CardBody>
          </Card>
        </>
      ) : null}
    </DetailsPage>
  );
}
