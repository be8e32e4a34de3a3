import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, fakeGraphQL, renderScreen } from '../../test/graphql';
import { WebhooksView } from '../views/WebhooksView';
import { allWebhookEvents } from './webhookEvents';

const webhook = {
  __typename: 'Webhook',
  id: 'w1',
  url: 'https://hooks.example.com/portico',
  active: true,
  providerActions: false,
  events: ['ACCOUNT_CREATED'],
  format: 'XML',
  secretRotatedAt: '2026-03-01T10:00:00Z',
  secret: 'c0ffee',
};

const delivery = {
  __typename: 'WebhookDelivery',
  id: 'd1',
  eventID: '6f1c0000-0000-4000-8000-000000000001',
  eventType: 'account.created',
  objectID: 7,
  test: false,
  replayOfID: null,
  url: webhook.url,
  format: 'XML',
  state: 'FAILED',
  attempts: 6,
  responseStatus: 500,
  error: 'answered 500 Internal Server Error',
  latencyMs: 12,
  createdAt: '2026-03-01T10:00:00Z',
  lastAttemptAt: '2026-03-01T10:05:00Z',
  requestBody: '<event/>',
  responseBody: 'down',
};

const deliveries = (nodes: object[]) => ({
  data: {
    webhookDeliveries: {
      __typename: 'WebhookDeliveryConnection',
      totalCount: nodes.length,
      pageInfo: { __typename: 'PageInfo', startCursor: null, endCursor: null },
      edges: nodes.map((node) => ({ __typename: 'WebhookDeliveryEdge', node })),
    },
  },
});

describe('Webhooks', () => {
  it('offers the 16 switches of 3scale once each', () => {
    expect(new Set(allWebhookEvents).size).toBe(16);
  });

  it('saves the switches and shows the API’s complaint about the URL next to it', async () => {
    let saves = 0;
    const api = fakeGraphQL({
      Webhook: { data: { webhook } },
      WebhookDeliveries: deliveries([]),
      UpdateWebhook: () =>
        ++saves === 1
          ? apiError('VALIDATION', 'url: 127.0.0.1 is a loopback address, which outbound requests may not reach', 'input.url')
          : { data: { updateWebhook: { ...webhook, events: ['ACCOUNT_CREATED', 'USER_DELETED'] } } },
    });
    renderScreen(<WebhooksView />, { client: api.client, path: '/settings/webhooks' });
    await userEvent.click(await screen.findByRole('checkbox', { name: 'User deleted' }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('127.0.0.1 is a loopback address, which outbound requests may not reach')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Webhook saved')).toBeInTheDocument();
    expect(api.callsOf('UpdateWebhook')[1]).toEqual({
      input: { url: webhook.url, active: true, providerActions: false, events: ['ACCOUNT_CREATED', 'USER_DELETED'], format: 'XML' },
    });
  });

  it('lists deliveries and replays a failed one', async () => {
    const api = fakeGraphQL({
      Webhook: { data: { webhook } },
      WebhookDeliveries: deliveries([delivery]),
      ReplayWebhookDelivery: { data: { replayWebhookDelivery: { __typename: 'WebhookDelivery', id: 'd2', eventID: delivery.eventID, state: 'PENDING' } } },
    });
    renderScreen(<WebhooksView />, { client: api.client, path: '/settings/webhooks' });
    const log = await screen.findByRole('grid', { name: 'Webhook deliveries' });
    expect(await within(log).findByText('failed')).toBeInTheDocument();
    await userEvent.click(within(log).getByRole('button', { name: /Actions for account.created/ }));
    await userEvent.click(screen.getByRole('menuitem', { name: 'Replay' }));
    expect(await screen.findByText('Replaying account.created')).toBeInTheDocument();
    expect(api.callsOf('ReplayWebhookDelivery')[0]).toEqual({ id: 'd1' });
  });
});
