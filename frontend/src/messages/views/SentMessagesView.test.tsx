import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { connection, fakeGraphQL, renderScreen } from '../../test/graphql';
import { SentMessagesView } from './SentMessagesView';

const recipient = (id: string, orgName: string | null) => ({
  id: `r${id}`,
  account: orgName ? { __typename: 'Account', id, orgName } : null,
});

describe('SentMessagesView', () => {
  it('lists sent messages with the first recipients, how many there are and how many read them', async () => {
    const api = fakeGraphQL({
      SentMessages: {
        data: {
          messages: connection('Message', [
            {
              id: 'm1',
              subject: 'Maintenance',
              createdAt: '2026-11-02T10:00:00Z',
              readCount: 17,
              // Only the first names come; the total counts every recipient.
              recipients: connection('MessageRecipient', [recipient('1', 'Acme'), recipient('2', 'Globex'), recipient('3', null)], 250),
            },
            {
              id: 'm2',
              subject: 'Welcome',
              createdAt: '2026-11-01T10:00:00Z',
              readCount: 0,
              recipients: connection('MessageRecipient', [recipient('1', 'Acme'), recipient('2', 'Globex')]),
            },
          ]),
        },
      },
    });
    renderScreen(<SentMessagesView />, { client: api.client });
    const table = await screen.findByRole('grid', { name: 'Sent messages' });
    const row = (await within(table).findByRole('link', { name: 'Maintenance' })).closest('tr')!;
    expect(within(table).getByRole('link', { name: 'Maintenance' })).toHaveAttribute('href', '/audience/messages/sent/m1');
    expect(row).toHaveTextContent('Acme, Globex, Deleted account and 247 more');
    expect(row).toHaveTextContent('250');
    expect(row).toHaveTextContent('17 of 250');
    const second = within(table).getByRole('link', { name: 'Welcome' }).closest('tr')!;
    expect(second).toHaveTextContent('Acme, Globex');
    expect(second).not.toHaveTextContent('more');
    expect(second).toHaveTextContent('0 of 2');
    expect(api.callsOf('SentMessages')[0]).toMatchObject({ where: { direction: 'TO_ACCOUNTS' } });
  });

  it('has an empty state that leads to compose', async () => {
    const api = fakeGraphQL({ SentMessages: { data: { messages: connection('Message', []) } } });
    renderScreen(<SentMessagesView />, { client: api.client });
    expect(await screen.findByText('No messages sent yet')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Compose message' })).toHaveLength(2);
  });
});
