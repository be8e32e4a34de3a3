import { render, screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { Provider } from 'urql';
import { describe, expect, it } from 'vitest';

import { AuthError } from '../api';
import { AuthProvider } from '../AuthProvider';
import { RequireAuth } from '../RequireAuth';
import { fakeAuthApi, fakeSession, tokens } from '../../test/fakes';
import { fakeGraphQL } from '../../test/graphql';
import { LoginView } from './LoginView';

function Where() {
  const location = useLocation();
  return <p data-testid="where">{`${location.pathname}${location.search}`}</p>;
}

const noSSO = { data: { ssoLoginOptions: [] } };

async function renderAt(path: string, api = fakeAuthApi(), sso: object = noSSO) {
  const { session } = fakeSession(api);
  await session.restore();
  const { client } = fakeGraphQL({ SSOLoginOptions: sso });
  render(
    <Provider value={client}>
    <AuthProvider session={session} restoreOnMount={false}>
      <MemoryRouter initialEntries={[path]}>
        <Routes>
          <Route path="/login" element={<LoginView />} />
          <Route
            path="*"
            element={
              <RequireAuth>
                <Where />
              </RequireAuth>
            }
          />
        </Routes>
      </MemoryRouter>
    </AuthProvider>
    </Provider>,
  );
  return { session, api };
}

describe('LoginView', () => {
  it('sends a signed-out visitor to the login screen, remembering the page', async () => {
    await renderAt('/products/7/applications?page=2');
    expect(await screen.findByRole('heading', { name: 'Sign in to Portico' })).toBeInTheDocument();
    expect(screen.getByLabelText(/email or username/i)).toHaveFocus();
  });

  it('links to the forgotten password screen', async () => {
    await renderAt('/login');
    expect(await screen.findByRole('link', { name: 'Forgot your password?' })).toHaveAttribute('href', '/forgot-password');
  });

  it('asks for the missing fields before calling the server', async () => {
    const user = userEvent.setup();
    const { api } = await renderAt('/login');

    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(screen.getByText('Enter your email or username.')).toBeInTheDocument();
    expect(screen.getByText('Enter your password.')).toBeInTheDocument();
    expect(screen.getByLabelText(/email or username/i)).toHaveAttribute('aria-invalid', 'true');
    expect(api.login).not.toHaveBeenCalled();
  });

  it('shows an error on bad credentials and clears the password', async () => {
    const user = userEvent.setup();
    await renderAt('/login');

    await user.type(screen.getByLabelText(/email or username/i), 'admin');
    await user.type(screen.getByLabelText(/^password/i), 'wrong');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByText('The email, username or password is incorrect.')).toBeInTheDocument();
    expect(screen.getByLabelText(/^password/i)).toHaveValue('');
    expect(screen.getByLabelText(/^password/i)).toHaveFocus();
  });

  it('says when sign-in attempts are throttled', async () => {
    const user = userEvent.setup();
    const api = fakeAuthApi({
      login: async () => {
        throw new AuthError('throttled', 'Too many requests', { status: 429, retryAfterSeconds: 42 });
      },
    });
    await renderAt('/login', api);

    await user.type(screen.getByLabelText(/email or username/i), 'admin');
    await user.type(screen.getByLabelText(/^password/i), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByText('Too many sign-in attempts. Try again in 42 seconds.')).toBeInTheDocument();
  });

  it('returns to the remembered page after signing in', async () => {
    const user = userEvent.setup();
    const api = fakeAuthApi({ login: async () => tokens() });
    await renderAt('/products/7/applications?page=2', api);

    await user.type(await screen.findByLabelText(/email or username/i), '  admin@example.com ');
    await user.type(screen.getByLabelText(/^password/i), 'secret');
    await user.keyboard('{Enter}');

    expect(await screen.findByTestId('where')).toHaveTextContent('/products/7/applications?page=2');
    expect(api.login).toHaveBeenCalledWith('admin@example.com', 'secret');
  });

  it('ignores a next parameter that leaves the site', async () => {
    const user = userEvent.setup();
    const api = fakeAuthApi({ login: async () => tokens() });
    await renderAt('/login?next=https%3A%2F%2Fevil.example%2F', api);

    await user.type(screen.getByLabelText(/email or username/i), 'admin');
    await user.type(screen.getByLabelText(/^password/i), 'secret');
    await user.click(screen.getByRole('button', { name: 'Sign in' }));

    expect(await screen.findByTestId('where')).toHaveTextContent('/dashboard');
  });

  it('tells a user whose session ended why they are here', async () => {
    const api = fakeAuthApi({ refresh: async () => tokens() });
    const { session } = fakeSession(api);
    await session.restore();
    api.refresh.mockRejectedValueOnce(new AuthError('unauthenticated', 'expired'));
    await session.refresh();

    render(
      <Provider value={fakeGraphQL({ SSOLoginOptions: noSSO }).client}>
        <AuthProvider session={session} restoreOnMount={false}>
          <MemoryRouter initialEntries={['/login?next=/backends']}>
            <Routes>
              <Route path="/login" element={<LoginView />} />
            </Routes>
          </MemoryRouter>
        </AuthProvider>
      </Provider>,
    );

    expect(screen.getByText('Your session has ended. Sign in again to continue.')).toBeInTheDocument();
  });

  it('offers a button for every single sign-on integration, returning to the remembered page', async () => {
    await renderAt('/login?next=%2Fproducts', fakeAuthApi(), {
      data: { ssoLoginOptions: [{ __typename: 'SSOLoginOption', name: 'Company SSO', startURL: '/auth/sso/1/start' }] },
    });
    const button = await screen.findByRole('link', { name: 'Sign in with Company SSO' });
    expect(button).toHaveAttribute('href', '/auth/sso/1/start?return_to=%2Fproducts');
  });
});
