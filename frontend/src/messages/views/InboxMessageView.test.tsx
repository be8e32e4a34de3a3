import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { fakeGraphQL, renderScreen, type Handler } from '../../test/graphql';
import { InboxMessageView } from './InboxMessageView';

const entry = (readAt: string | null, accountID: string | null = null) => ({
  data: {
    node: {
      __typename: 'MessageRecipient',
      id: '5',
      readAt,
      createdAt: '2026-11-02T10:00:00Z',
      accountID,
      message: {
        __typename: 'Message',
        id: 'm5',
        subject: 'Need more calls',
        body: 'Hello,\nwe need a bigger plan.',
        createdAt: '2026-11-02T10:00:00Z',
        senderAccount: { __typename: 'Account', id: 'a1', orgName: 'Acme' },
        senderUser: { __typename: 'User', id: 'u1', username: 'jane', firstName: 'Jane', lastName: 'Doe' },
        replyTo: null,
        replies: [],
      },
    },
  },
});

const markRead: Handler = ({ recipientID, read }) => ({
  data: { markMessageRead: { __typename: 'MessageRecipient', id: recipientID, readAt: read ? '2026-11-04T10:00:00Z' : null } },
});

const render = (handlers: Record<string, Handler>) => {
  const api = fakeGraphQL(handlers);
  renderScreen(<InboxMessageView />, { client: api.client, path: '/audience/messages/inbox/5', route: '/audience/messages/inbox/:messageId' });
  return api;
};

describe('InboxMessageView', () => {
  it('shows the message and marks it read on opening', async () => {
    const api = render({ InboxEntry: entry(null), MarkMessageRead: markRead });
    expect(await screen.findByRole('heading', { level: 1, name: 'Need more calls' })).toBeInTheDocument();
    expect(screen.getByText(/we need a bigger plan/)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Acme' })).toHaveAttribute('href', '/audience/accounts/a1');
    expect(screen.getByRole('link', { name: 'Acme' }).parentElement).toHaveTextContent('Jane Doe (jane) of Acme');
    await waitFor(() => expect(api.callsOf('MarkMessageRead')).toEqual([{ recipientID: '5', read: true }]));
  });

  it('does not mark a read message again, and can mark it unread', async () => {
    const user = userEvent.setup();
    const api = render({ InboxEntry: entry('2026-11-03T10:00:00Z'), MarkMessageRead: markRead });
    const actions = await screen.findByRole('group', { name: 'Message actions' });
    await user.click(within(actions).getByRole('button', { name: 'Mark as unread' }));
    expect(api.callsOf('MarkMessageRead')).toEqual([{ recipientID: '5', read: false }]);
  });

  it('replies to the sender account with a "Re:" subject, linked to the message it answers', async () => {
    const user = userEvent.setup();
    const api = render({
      InboxEntry: entry('2026-11-03T10:00:00Z'),
      SendMessage: ({ subject }) => ({ data: { sendMessage: { __typename: 'Message', id: 'm6', subject } } }),
    });
    await user.click(await screen.findByRole('button', { name: 'Reply' }));
    const dialog = screen.getByRole('dialog', { name: 'Reply' });
    expect(dialog).toHaveTextContent('To: Acme');
    expect(within(dialog).getByRole('textbox', { name: 'Subject' })).toHaveValue('Re: Need more calls');
    await user.type(within(dialog).getByRole('textbox', { name: 'Message' }), 'Sure, see the Gold plan.');
    await user.click(within(dialog).getByRole('button', { name: 'Send' }));
    expect(await screen.findByText('Reply sent to “Acme”')).toBeInTheDocument();
    expect(api.callsOf('SendMessage')).toEqual([
      { accountID: 'a1', subject: 'Re: Need more calls', body: 'Sure, see the Gold plan.', replyToID: 'm5' },
    ]);
  });

  it("is not found for an entry of a developer account's inbox", async () => {
    render({ InboxEntry: entry(null, 'a1') });
    expect(await screen.findByRole('heading', { level: 1, name: 'Not found' })).toBeInTheDocument();
  });
});
