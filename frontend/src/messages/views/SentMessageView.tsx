import { Button, Card, CardBody, CardTitle } from '@patternfly/react-core';
import { useMemo, useState } from 'react';
import { Link, useNavigate, useParams } from 'react-router';
import { useClient, useQuery } from 'urql';

import { accountUrl } from '../../accounts/urls';
import { BlankState } from '../../components/BlankState';
import { DateTime } from '../../components/DateTime';
import { DetailsPage } from '../../components/DetailsPage';
import { ListTable } from '../../components/ListTable';
import { useNotify } from '../../components/Notifications';
import { nodes } from '../../graphql/connection';
import { errorMessage } from '../../graphql/errors';
import { useCursorPage } from '../../graphql/useCursorPage';
import { MessageBody } from '../components/MessageBody';
import { MessageSender } from '../components/MessageSender';
import { personName } from '../components/personName';
import { ReadStateLabel } from '../components/ReadStateLabel';
import { sentMessageAccountsQuery, sentMessageQuery } from '../queries';
import { composeMessageUrl, inboxMessageUrl, inboxPath, sentMessagesPath } from '../urls';

const messageContext = { additionalTypenames: ['MessageRecipient'] };

/** Audience › Messages › Sent messages › a message: its text and who received and read it. */
export function SentMessageView() {
  const { messageId = '' } = useParams();
  const navigate = useNavigate();
  const client = useClient();
  const notify = useNotify();
  const page = useCursorPage(20, 'recipients.');
  const [{ data, fetching, error }, refetch] = useQuery({
    query: sentMessageQuery,
    variables: { id: messageId, ...page.variables },
    context: useMemo(() => messageContext, []),
  });
  const [loadingAccounts, setLoadingAccounts] = useState(false);
  const message = data?.node?.__typename === 'Message' ? data.node : null;
  const recipients = message ? nodes(message.recipients) : [];
  const total = message?.recipients.totalCount ?? 0;
  const fromProvider = message?.direction === 'TO_ACCOUNTS';
  // The message this one answers, as an entry of the provider's inbox.
  const answered = message?.replyTo ? nodes(message.replyTo.recipients)[0] : undefined;

  /** Loads every account the message went to, only now, and composes a message to them. */
  async function writeToSameAccounts() {
    setLoadingAccounts(true);
    const result = await client.query(sentMessageAccountsQuery, { id: messageId }, { requestPolicy: 'network-only' }).toPromise();
    setLoadingAccounts(false);
    const node = result.data?.node?.__typename === 'Message' ? result.data.node : null;
    if (result.error || !node) {
      notify({ variant: 'danger', title: 'Could not load the recipients', description: result.error ? errorMessage(result.error) : undefined });
      return;
    }
    navigate(composeMessageUrl(nodes(node.recipients).flatMap((recipient) => (recipient.accountID ? [recipient.accountID] : []))));
  }

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
        fromProvider && total > 0 ? (
          <Button variant="secondary" onClick={() => void writeToSameAccounts()} isLoading={loadingAccounts} isDisabled={loadingAccounts}>
            Write to the same accounts
          </Button>
        ) : null
      }
      details={
        message
          ? [
              { term: 'Sent', description: <DateTime value={message.createdAt} withTime /> },
              ...(message.senderAccount
                ? [{ term: 'From', description: <MessageSender message={message} /> }]
                : message.senderUser
                  ? [{ term: 'Sent by', description: personName(message.senderUser) }]
                  : []),
              { term: 'Recipients', description: total },
              { term: 'Read by', description: `${message.readCount} of ${total}` },
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
                fetching={fetching}
                pagination={message ? { page, totalCount: total, pageInfo: message.recipients.pageInfo } : undefined}
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
