import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { expectLocation, fakeGraphQL, renderScreen } from '../../test/graphql';
import { SentMessageView } from './SentMessageView';

describe('SentMessageView', () => {
  it('shows the message, who received it and who read it', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      SentMessage: {
        data: {
          node: {
            __typename: 'Message',
            id: 'm1',
            subject: 'Re: Need more calls',
            body: 'See the Gold plan.',
            createdAt: '2026-11-02T10:00:00Z',
            direction: 'TO_ACCOUNTS',
            replyTo: {
              __typename: 'Message',
              id: 'm0',
              subject: 'Need more calls',
              recipients: [{ __typename: 'MessageRecipient', id: 'r0', accountID: null }],
            },
            recipients: [
              { __typename: 'MessageRecipient', id: 'r1', readAt: '2026-11-03T10:00:00Z', accountID: 'a1', account: { __typename: 'Account', id: 'a1', orgName: 'Acme' } },
              { __typename: 'MessageRecipient', id: 'r2', readAt: null, accountID: 'a2', account: { __typename: 'Account', id: 'a2', orgName: 'Globex' } },
            ],
          },
        },
      },
    });
    renderScreen(<SentMessageView />, { client: api.client, path: '/audience/messages/sent/m1', route: '/audience/messages/sent/:messageId' });

    expect(await screen.findByRole('heading', { level: 1, name: 'Re: Need more calls' })).toBeInTheDocument();
    expect(screen.getByText('See the Gold plan.')).toBeInTheDocument();
    expect(screen.getByText('1 of 2')).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Need more calls' })).toHaveAttribute('href', '/audience/messages/inbox/r0');
    const recipients = screen.getByRole('grid', { name: 'Recipients' });
    expect(within(recipients).getByRole('link', { name: 'Globex' }).closest('tr')).toHaveTextContent('Unread');

    await user.click(screen.getByRole('button', { name: 'Write to the same accounts' }));
    await expectLocation('/audience/messages/new?to=a1&to=a2');
  });
});
