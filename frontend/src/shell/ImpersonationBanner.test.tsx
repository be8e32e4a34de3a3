import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes } from 'react-router';
import { describe, expect, it } from 'vitest';

import { AuthProvider } from '../auth/AuthProvider';
import { NotificationsProvider } from '../components/Notifications';
import { fakeAuthApi, signedInSession } from '../test/fakes';
import { ImpersonationBanner } from './ImpersonationBanner';

async function renderBanner(props: { impersonator: string; displayName?: string | null }, api = fakeAuthApi()) {
  const signedIn = await signedInSession(api);
  render(
    <AuthProvider session={signedIn.session} restoreOnMount={false}>
      <NotificationsProvider>
        <MemoryRouter initialEntries={['/products/4']}>
          <Routes>
            <Route path="/login" element={<p>Login screen</p>} />
            <Route
              path="*"
              element={
                <>
                  <ImpersonationBanner {...props} />
                  <p>Product screen</p>
                </>
              }
            />
          </Routes>
        </MemoryRouter>
      </NotificationsProvider>
    </AuthProvider>,
  );
  return signedIn;
}

describe('ImpersonationBanner', () => {
  it('names the admin being acted as and the master user behind it', async () => {
    await renderBanner({ impersonator: 'master-ops', displayName: 'Ada Admin' });

    const banner = screen.getByRole('status', { name: 'Impersonation' });
    expect(banner).toHaveTextContent(
      'You are acting as Ada Admin, impersonated by master-ops of the master account. The audit log records every change with your name.',
    );
    expect(within(banner).getByText('Ada Admin').tagName).toBe('STRONG');
    expect(within(banner).getByText('master-ops').tagName).toBe('STRONG');
    expect(within(banner).getByRole('button', { name: 'End impersonation' })).toBeInTheDocument();
  });

  it('still reads as a sentence when the admin has no display name', async () => {
    await renderBanner({ impersonator: 'master-ops', displayName: null });
    expect(screen.getByRole('status', { name: 'Impersonation' })).toHaveTextContent('You are acting as this admin, impersonated by master-ops');
  });

  it('ends the impersonation by logging out and goes to the login page', async () => {
    const user = userEvent.setup();
    const { session, api } = await renderBanner({ impersonator: 'master-ops', displayName: 'Ada Admin' });
    expect(api.logout).not.toHaveBeenCalled();

    await user.click(screen.getByRole('button', { name: 'End impersonation' }));

    expect(await screen.findByText('Login screen')).toBeInTheDocument();
    expect(screen.queryByText('Product screen')).not.toBeInTheDocument();
    expect(screen.queryByRole('status', { name: 'Impersonation' })).not.toBeInTheDocument();
    expect(api.logout).toHaveBeenCalledTimes(1);
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'loggedOut' });
  });

  it('says when the server could not end the session, and leaves the browser signed out anyway', async () => {
    const user = userEvent.setup();
    const api = fakeAuthApi({ logout: () => Promise.reject(new Error('network down')) });
    const { session } = await renderBanner({ impersonator: 'master-ops', displayName: 'Ada Admin' }, api);

    await user.click(screen.getByRole('button', { name: 'End impersonation' }));

    expect(await screen.findByText('Login screen')).toBeInTheDocument();
    expect(screen.getByText('Could not end the session on the server')).toBeInTheDocument();
    expect(screen.getByText('You are logged out of this browser.')).toBeInTheDocument();
    expect(session.getState()).toEqual({ status: 'signedOut', reason: 'loggedOut' });
  });
});
