import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, connection, expectLocation, fakeGraphQL, renderScreen, type Handler } from '../../test/graphql';
import { SentMessageView } from './SentMessageView';

const recipient = (id: string, orgName: string, readAt: string | null) => ({
  id: `r${id}`,
  readAt,
  accountID: `a${id}`,
  account: { __typename: 'Account', id: `a${id}`, orgName },
});

/** A message to 45 accounts; each page of the answer holds the recipients asked for. */
const sentMessage: Handler = (variables) => {
  const all = Array.from({ length: 45 }, (_, i) => recipient(String(i + 1), `Org ${i + 1}`, i === 0 ? '2026-11-03T10:00:00Z' : null));
  const start = variables.after ? 20 : 0;
  const page = connection('MessageRecipient', all.slice(start, start + Number(variables.first ?? 20)), all.length);
  page.pageInfo = { __typename: 'PageInfo', startCursor: `c${start}`, endCursor: `c${start + 19}` };
  return {
    data: {
      node: {
        __typename: 'Message',
        id: 'm1',
        subject: 'Re: Need more calls',
        body: 'See the Gold plan.',
        createdAt: '2026-11-02T10:00:00Z',
        direction: 'TO_ACCOUNTS',
        readCount: 12,
        senderAccount: null,
        senderUser: { __typename: 'User', id: 'u1', username: 'jane', firstName: 'Jane', lastName: 'Doe' },
        replyTo: {
          __typename: 'Message',
          id: 'm0',
          subject: 'Need more calls',
          recipients: connection('MessageRecipient', [{ id: 'r0' }]),
        },
        recipients: page,
      },
    },
  };
};

const render = (handlers: Record<string, Handler>) => {
  const api = fakeGraphQL(handlers);
  renderScreen(<SentMessageView />, { client: api.client, path: '/audience/messages/sent/m1', route: '/audience/messages/sent/:messageId' });
  return api;
};

describe('SentMessageView', () => {
  it('shows the message, who sent it, and counts of its recipients and readers', async () => {
    const api = render({ SentMessage: sentMessage });

    expect(await screen.findByRole('heading', { level: 1, name: 'Re: Need more calls' })).toBeInTheDocument();
    expect(screen.getByText('See the Gold plan.')).toBeInTheDocument();
    expect(screen.getByText('Jane Doe (jane)')).toBeInTheDocument();
    expect(screen.getByText('12 of 45')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Need more calls' })).toHaveAttribute('href', '/audience/messages/inbox/r0');
    const recipients = screen.getByRole('grid', { name: 'Recipients' });
    expect(within(recipients).getByRole('link', { name: 'Org 1' }).closest('tr')).toHaveTextContent('Read');
    expect(within(recipients).getByRole('link', { name: 'Org 2' }).closest('tr')).toHaveTextContent('Unread');
    expect(api.callsOf('SentMessage')[0]).toMatchObject({ id: 'm1', first: 20 });
  });

  it('pages the recipients instead of loading them all', async () => {
    const user = userEvent.setup();
    const api = render({ SentMessage: sentMessage });
    const recipients = await screen.findByRole('grid', { name: 'Recipients' });
    expect(within(recipients).getAllByRole('link')).toHaveLength(20);
    expect(within(recipients).queryByRole('link', { name: 'Org 21' })).not.toBeInTheDocument();

    await user.click(screen.getAllByRole('button', { name: /next page/i })[0]);
    expect(await within(screen.getByRole('grid', { name: 'Recipients' })).findByRole('link', { name: 'Org 21' })).toBeInTheDocument();
    expect(api.callsOf('SentMessage').at(-1)).toMatchObject({ id: 'm1', first: 20, after: 'c19' });
  });

  it('loads every recipient account only to write to them again', async () => {
    const user = userEvent.setup();
    const api = render({
      SentMessage: sentMessage,
      SentMessageAccounts: {
        data: {
          node: {
            __typename: 'Message',
            id: 'm1',
            recipients: connection('MessageRecipient', [
              { id: 'r1', accountID: 'a1' },
              { id: 'r2', accountID: 'a2' },
            ]),
          },
        },
      },
    });
    await screen.findByRole('heading', { level: 1, name: 'Re: Need more calls' });
    expect(api.callsOf('SentMessageAccounts')).toHaveLength(0);

    await user.click(screen.getByRole('button', { name: 'Write to the same accounts' }));
    await expectLocation('/audience/messages/new?to=a1&to=a2');
    expect(api.callsOf('SentMessageAccounts')).toEqual([{ id: 'm1' }]);
  });

  it('says so when the recipient accounts cannot be loaded', async () => {
    const user = userEvent.setup();
    render({ SentMessage: sentMessage, SentMessageAccounts: apiError('INTERNAL', 'boom') });
    await user.click(await screen.findByRole('button', { name: 'Write to the same accounts' }));
    await waitFor(() => expect(screen.getByText('Could not load the recipients')).toBeInTheDocument());
    expect(screen.getByTestId('location')).toHaveTextContent('/audience/messages/sent/m1');
  });
});
