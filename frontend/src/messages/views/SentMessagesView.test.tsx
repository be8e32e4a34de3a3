import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { connection, fakeGraphQL, renderScreen } from '../../test/graphql';
import { SentMessagesView } from './SentMessagesView';

const recipient = (id: string, orgName: string, readAt: string | null) => ({
  __typename: 'MessageRecipient',
  id: `r${id}`,
  readAt,
  account: { __typename: 'Account', id, orgName },
});

describe('SentMessagesView', () => {
  it('lists sent messages with their recipients and how many read them', async () => {
    const api = fakeGraphQL({
      SentMessages: {
        data: {
          messages: connection('Message', [
            {
              id: 'm1',
              subject: 'Maintenance',
              createdAt: '2026-11-02T10:00:00Z',
              recipients: [
                recipient('1', 'Acme', '2026-11-03T10:00:00Z'),
                recipient('2', 'Globex', null),
                recipient('3', 'Initech', null),
                recipient('4', 'Umbrella', null),
              ],
            },
          ]),
        },
      },
    });
    renderScreen(<SentMessagesView />, { client: api.client });
    const table = await screen.findByRole('grid', { name: 'Sent messages' });
    const row = (await within(table).findByRole('link', { name: 'Maintenance' })).closest('tr')!;
    expect(within(table).getByRole('link', { name: 'Maintenance' })).toHaveAttribute('href', '/audience/messages/sent/m1');
    expect(row).toHaveTextContent('Acme, Globex, Initech and 1 more');
    expect(row).toHaveTextContent('1 of 4');
    expect(api.callsOf('SentMessages')[0]).toMatchObject({ where: { direction: 'TO_ACCOUNTS' } });
  });

  it('has an empty state that leads to compose', async () => {
    const api = fakeGraphQL({ SentMessages: { data: { messages: connection('Message', []) } } });
    renderScreen(<SentMessagesView />, { client: api.client });
    expect(await screen.findByText('No messages sent yet')).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Compose message' })).toHaveLength(2);
  });
});
