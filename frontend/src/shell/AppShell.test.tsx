import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { Provider } from 'urql';
import { describe, expect, it } from 'vitest';

import { AuthProvider } from '../auth/AuthProvider';
import { NotificationsProvider } from '../components/Notifications';
import { signedInSession } from '../test/fakes';
import { fakeGraphQL } from '../test/graphql';
import { AppShell } from './AppShell';

function Where() {
  const location = useLocation();
  return <p data-testid="where">{location.pathname}</p>;
}

const unread = (count: number) => ({ data: { viewer: { __typename: 'Viewer', unreadNotificationCount: count } } });

async function renderShell(path: string, unreadCount = 0) {
  const { session } = await signedInSession();
  const api = fakeGraphQL({ UnreadNotifications: unread(unreadCount) });
  render(
    <Provider value={api.client}>
      <AuthProvider session={session} restoreOnMount={false}>
        <NotificationsProvider>
          <MemoryRouter initialEntries={[path]}>
            <Routes>
              <Route path="/login" element={<p>Login screen</p>} />
              <Route element={<AppShell displayName="Ada Admin" />}>
                <Route path="*" element={<Where />} />
              </Route>
            </Routes>
          </MemoryRouter>
        </NotificationsProvider>
      </AuthProvider>
    </Provider>,
  );
  return { session };
}

describe('AppShell', () => {
  it('shows the unread notification count and opens the feed from it', async () => {
    const user = userEvent.setup();
    await renderShell('/audience/accounts', 3);
    const badge = await screen.findByRole('button', { name: 'Notifications: 3 unread' });
    await user.click(badge);
    expect(screen.getByTestId('where')).toHaveTextContent('/dashboard/notifications');
  });

  it('has no side navigation on the dashboard', async () => {
    await renderShell('/dashboard');
    expect(screen.getByRole('button', { name: /context:\s*dashboard/i })).toBeInTheDocument();
    expect(screen.queryByRole('navigation', { name: /navigation$/i })).not.toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Skip to content' })).toHaveAttribute('href', '#portico-main');
  });

  it('switches context from the masthead selector', async () => {
    const user = userEvent.setup();
    await renderShell('/dashboard');

    await user.click(screen.getByRole('button', { name: /context:\s*dashboard/i }));
    await user.click(screen.getByRole('menuitem', { name: /^audience/i }));

    expect(screen.getByTestId('where')).toHaveTextContent('/audience/accounts');
    const nav = screen.getByRole('navigation', { name: 'Audience navigation' });
    for (const group of ['Accounts', 'Applications', 'Billing', 'Messages']) {
      expect(within(nav).getByRole('button', { name: group })).toBeInTheDocument();
    }
    expect(within(nav).getAllByRole('link', { name: 'Listing' })[0]).toHaveAttribute('aria-current', 'page');
  });

  it('can be driven with the keyboard', async () => {
    const user = userEvent.setup();
    await renderShell('/dashboard');
    const toggle = screen.getByRole('button', { name: /context:\s*dashboard/i });
    toggle.focus();

    await user.keyboard('{Enter}');
    const backends = await screen.findByRole('menuitem', { name: /^backends/i });
    backends.focus();
    await user.keyboard('{Enter}');

    expect(screen.getByTestId('where')).toHaveTextContent('/backends');
  });

  it('shows the product navigation inside a product and marks the current screen', async () => {
    const user = userEvent.setup();
    await renderShell('/products/42/integration/mapping-rules');

    const nav = screen.getByRole('navigation', { name: 'Products navigation' });
    expect(within(nav).getByRole('link', { name: 'Mapping Rules' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getByRole('link', { name: 'Overview' })).not.toHaveAttribute('aria-current');

    await user.click(within(nav).getByRole('link', { name: 'Application Plans' }));

    expect(screen.getByTestId('where')).toHaveTextContent('/products/42/applications/plans');
    expect(within(nav).getByRole('link', { name: 'Application Plans' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getByRole('link', { name: 'Listing' })).not.toHaveAttribute('aria-current');
  });

  it('shows the Account Settings navigation', async () => {
    await renderShell('/settings/personal/tokens');
    const nav = screen.getByRole('navigation', { name: 'Account Settings navigation' });
    expect(within(nav).getByRole('link', { name: 'Tokens' })).toHaveAttribute('aria-current', 'page');
    expect(within(nav).getByRole('link', { name: 'Listing' })).toHaveAttribute('href', '/settings/users');
  });

  it('logs out from the user menu', async () => {
    const user = userEvent.setup();
    const { session } = await renderShell('/dashboard');

    await user.click(screen.getByRole('button', { name: 'Ada Admin' }));
    await user.click(screen.getByRole('menuitem', { name: 'Log out' }));

    expect(await screen.findByText('Login screen')).toBeInTheDocument();
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'loggedOut' });
  });
});
