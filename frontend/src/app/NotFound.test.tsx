import { render, screen } from '@testing-library/react';
import type { ComponentType } from 'react';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';

import AccountsSection from '../accounts';
import ActiveDocsSection from '../activedocs';
import ApplicationsSection from '../applications';
import BackendsSection from '../backends';
import BillingSection from '../billing';
import DashboardSection from '../dashboard';
import MessagesSection from '../messages';
import ProductsSection from '../products';
import SettingsSection from '../settings';
import SubscriptionsSection from '../subscriptions';

// Each section as AppRoutes mounts it, and an address inside it that names no screen.
const sections: [string, ComponentType, string, string][] = [
  ['accounts', AccountsSection, '/audience/accounts', '/audience/accounts/1/nothing-here'],
  ['applications', ApplicationsSection, '/audience/applications', '/audience/applications/nothing/here/either'],
  ['subscriptions', SubscriptionsSection, '/audience/subscriptions', '/audience/subscriptions/nope/nope'],
  ['billing', BillingSection, '/audience/billing', '/audience/billing/invoices/nope/nope'],
  ['messages', MessagesSection, '/audience/messages', '/audience/messages/nope/nope/nope'],
  ['dashboard', DashboardSection, '/dashboard', '/dashboard/nope'],
  ['products', ProductsSection, '/products', '/products/1/analytics/nope'],
  ['active docs', ActiveDocsSection, '/products/active-docs', '/products/active-docs/1/nope/nope'],
  ['backends', BackendsSection, '/backends', '/backends/1/nope/nope'],
  ['settings', SettingsSection, '/settings', '/settings/nope/nope/nope'],
];

describe('unknown addresses', () => {
  it.each(sections)('inside %s show "Page not found" with a way back', (_, Section, mount, path) => {
    render(
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path={`${mount}/*`} element={<Section />} />
        </Routes>
      </MemoryRouter>,
    );
    expect(screen.getByRole('heading', { name: 'Page not found', level: 1 })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Go to the dashboard' })).toHaveAttribute('href', '/dashboard');
  });
});
