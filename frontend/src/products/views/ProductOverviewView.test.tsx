import { screen } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import type { ProductState } from '../../gql/graphql';
import { fakeGraphQL, renderScreen } from '../../test/graphql';
import { ProductOverviewView } from './ProductOverviewView';

function renderProduct(state: ProductState, serving: number) {
  const api = fakeGraphQL({
    ProductOverview: {
      data: {
        node: {
          __typename: 'Product',
          id: 'x1',
          name: 'Echo',
          systemName: 'echo',
          description: null,
          state,
          authentication: 'USER_KEY',
          referrerFiltersRequired: false,
          rateLimitHeaders: false,
          planChangePermission: 'REQUEST',
          createdAt: '2026-01-01T00:00:00Z',
          updatedAt: '2026-01-01T00:00:00Z',
          serviceTokens: [],
          applications: { __typename: 'ApplicationConnection', totalCount: 3 },
          serving: { __typename: 'ApplicationConnection', totalCount: serving },
          backendUsages: { __typename: 'BackendUsageConnection', totalCount: 1 },
        },
      },
    },
  });
  renderScreen(<ProductOverviewView />, { client: api.client, path: '/products/x1', route: '/products/:productId' });
}

describe('ProductOverviewView', () => {
  it('explains an incomplete product and what completes it, with a warning while it serves no traffic', async () => {
    renderProduct('INCOMPLETE', 0);
    expect(await screen.findByText(/no gateway configuration was promoted to production/)).toBeInTheDocument();
    expect(screen.getByText(/Promote a gateway configuration to production and the product becomes Published\./)).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the configuration' })).toHaveAttribute('href', '/products/x1/integration/configuration');
    expect(screen.getByText('Incomplete').closest('.pf-v6-c-label')).toHaveClass('pf-m-warning');
  });

  it('shows no warning for an incomplete product that already serves traffic', async () => {
    renderProduct('INCOMPLETE', 2);
    expect(await screen.findByText(/already send traffic through a gateway/)).toBeInTheDocument();
    expect(screen.getByText('Incomplete').closest('.pf-v6-c-label')).not.toHaveClass('pf-m-warning');
  });

  it('says what a published product means, with nothing left to do', async () => {
    renderProduct('PUBLISHED', 2);
    expect(await screen.findByText(/configured for production and live/)).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Go to the configuration' })).toBeNull();
  });
});
