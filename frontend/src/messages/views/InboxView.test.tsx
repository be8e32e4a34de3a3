import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, connection, fakeGraphQL, renderScreen } from '../../test/graphql';
import { InboxView } from './InboxView';

const jane = { __typename: 'User', id: 'u1', username: 'jane', firstName: 'Jane', lastName: 'Doe' };

const entry = (
  id: string,
  subject: string,
  readAt: string | null,
  sender: { id: string; orgName: string } | null,
  person: typeof jane | null = null,
) => ({
  id,
  readAt,
  createdAt: '2026-11-02T10:00:00Z',
  message: {
    __typename: 'Message',
    id: `m${id}`,
    subject,
    senderAccount: sender ? { __typename: 'Account', ...sender } : null,
    senderUser: person,
  },
});

const inbox = {
  data: {
    messageRecipients: connection('MessageRecipient', [
      entry('1', 'Need more calls', null, { id: 'a1', orgName: 'Acme' }, jane),
      entry('2', 'Thanks', '2026-11-03T10:00:00Z', { id: 'a2', orgName: 'Globex' }),
    ]),
  },
};

describe('InboxView', () => {
  it('lists what developers sent, unread messages first to the eye', async () => {
    const api = fakeGraphQL({ Inbox: inbox });
    renderScreen(<InboxView />, { client: api.client });

    const table = await screen.findByRole('grid', { name: 'Inbox' });
    const unread = (await within(table).findByRole('link', { name: 'Need more calls' })).closest('tr')!;
    const read = within(table).getByRole('link', { name: 'Thanks' }).closest('tr')!;
    expect(within(unread).getByText('Unread')).toBeInTheDocument();
    expect(within(unread).getByText('Need more calls').tagName).toBe('STRONG');
    expect(within(unread).getByRole('link', { name: 'Acme' })).toHaveAttribute('href', '/audience/accounts/a1');
    // The person who wrote, of their account; only the account once the person's user is gone.
    expect(within(unread).getByText(/Jane Doe \(jane\) of/).tagName).toBe('STRONG');
    expect(within(unread).getByText(/Jane Doe \(jane\) of/)).toHaveTextContent('Jane Doe (jane) of Acme');
    expect(within(read).getByRole('link', { name: 'Globex' }).parentElement).toHaveTextContent(/^Globex$/);
    expect(within(table).getByRole('link', { name: 'Need more calls' })).toHaveAttribute('href', '/audience/messages/inbox/1');
    expect(within(read).queryByText('Unread')).not.toBeInTheDocument();
    // Only the provider's inbox: entries without a receiving account.
    expect(api.callsOf('Inbox')[0]).toMatchObject({ where: { accountIDIsNil: true }, first: 20 });
  });

  it('marks a message read or unread from its row', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      Inbox: inbox,
      MarkMessageRead: ({ recipientID, read }) => ({
        data: { markMessageRead: { __typename: 'MessageRecipient', id: recipientID, readAt: read ? '2026-11-04T10:00:00Z' : null } },
      }),
    });
    renderScreen(<InboxView />, { client: api.client });

    await user.click(await screen.findByRole('button', { name: 'Actions for Need more calls' }));
    await user.click(screen.getByRole('menuitem', { name: 'Mark as read' }));
    await user.click(screen.getByRole('button', { name: 'Actions for Thanks' }));
    await user.click(screen.getByRole('menuitem', { name: 'Mark as unread' }));
    expect(api.callsOf('MarkMessageRead')).toEqual([
      { recipientID: '1', read: true },
      { recipientID: '2', read: false },
    ]);
  });

  it('filters unread messages, with an empty state of its own', async () => {
    const api = fakeGraphQL({ Inbox: { data: { messageRecipients: connection('MessageRecipient', []) } } });
    const { unmount } = renderScreen(<InboxView />, { client: api.client });
    expect(await screen.findByText('No messages yet')).toBeInTheDocument();
    unmount();

    renderScreen(<InboxView />, { client: api.client, path: '/?read=unread' });
    expect(await screen.findByText('No unread messages')).toBeInTheDocument();
    expect(api.callsOf('Inbox').at(-1)).toMatchObject({ where: { accountIDIsNil: true, readAtIsNil: true } });
  });

  it('shows an error state when the inbox cannot be loaded', async () => {
    const api = fakeGraphQL({ Inbox: apiError('INTERNAL', 'boom') });
    renderScreen(<InboxView />, { client: api.client });
    expect(await screen.findByText('Something went wrong')).toBeInTheDocument();
  });
});
