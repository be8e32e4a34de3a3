import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, fakeGraphQL, renderScreen } from '../../test/graphql';
import { ProductIntegrationErrorsView } from './ProductIntegrationErrorsView';

const productNode = { data: { node: { __typename: 'Product', id: '7', name: 'Echo API' } } };
const entry = (id: string, code: string, message: string) => ({
  node: { __typename: 'IntegrationError', id, code, message, occurredAt: '2026-12-04T10:00:00Z' },
});
const log = (entries: ReturnType<typeof entry>[], totalCount = entries.length) => ({
  data: { integrationErrors: { __typename: 'IntegrationErrorConnection', totalCount, edges: entries } },
});
const route = { path: '/products/7/analytics/integration-errors', route: '/products/:productId/analytics/integration-errors' };

describe('integration errors screen', () => {
  it('lists the newest errors and clears them all after confirming', async () => {
    const user = userEvent.setup();
    let stored = [entry('2', 'metric_invalid', 'metric "nope" is invalid'), entry('1', 'user_key_invalid', 'user key "x" is invalid')];
    const fake = fakeGraphQL({
      NodeName: productNode,
      IntegrationErrors: () => log(stored),
      ClearIntegrationErrors: () => {
        const n = stored.length;
        stored = [];
        return { data: { clearIntegrationErrors: n } };
      },
    });
    renderScreen(<ProductIntegrationErrorsView />, { client: fake.client, ...route });

    const table = await screen.findByRole('grid', { name: 'Integration errors' });
    expect(within(table).getAllByRole('row').slice(1).map((row) => within(row).getAllByRole('cell')[1].textContent)).toEqual([
      'metric_invalid',
      'user_key_invalid',
    ]);
    expect(screen.getByText('2 errors.')).toBeInTheDocument();
    expect(fake.callsOf('IntegrationErrors')[0]).toEqual({ productID: '7', first: 100 });

    await user.click(screen.getByRole('button', { name: 'Clear all' }));
    const dialog = await screen.findByRole('dialog', { name: /Clear every integration error\?/ });
    await user.click(within(dialog).getByRole('button', { name: 'Clear all' }));
    expect(await screen.findByText('No integration errors')).toBeInTheDocument();
    expect(fake.callsOf('ClearIntegrationErrors')).toEqual([{ productID: '7' }]);
    expect(await screen.findByText('Cleared 2 integration errors')).toBeInTheDocument();
  });

  it('says how many are not shown, and why a clear failed', async () => {
    const user = userEvent.setup();
    const fake = fakeGraphQL({
      NodeName: productNode,
      IntegrationErrors: log([entry('9', 'metric_invalid', 'metric "nope" is invalid')], 250),
      ClearIntegrationErrors: apiError('FORBIDDEN', 'this area is not among your permissions'),
    });
    renderScreen(<ProductIntegrationErrorsView />, { client: fake.client, ...route });

    expect(await screen.findByText('The newest 1 of 250 errors.')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Clear all' }));
    await user.click(within(await screen.findByRole('dialog')).getByRole('button', { name: 'Clear all' }));
    expect(await screen.findByText('Could not clear the integration errors')).toBeInTheDocument();
    expect(screen.getByRole('grid', { name: 'Integration errors' })).toBeInTheDocument();
  });
});
