import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, fakeGraphQL, renderScreen } from '../../test/graphql';
import { ForgotPasswordView } from './ForgotPasswordView';

describe('ForgotPasswordView', () => {
  it('asks for a link and says the same whoever is named', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ RequestPasswordReset: { data: { requestPasswordReset: true } } });
    renderScreen(<ForgotPasswordView />, { client: api.client, path: '/forgot-password' });

    await user.type(screen.getByRole('textbox', { name: 'Email or username' }), ' jane@example.com ');
    await user.click(screen.getByRole('button', { name: 'Email me a link' }));

    expect(await screen.findByRole('heading', { name: 'Check your email' })).toBeInTheDocument();
    expect(screen.getByText(/If jane@example.com is a user here/)).toBeInTheDocument();
    expect(api.callsOf('RequestPasswordReset')).toEqual([{ login: 'jane@example.com' }]);
    expect(screen.getByRole('link', { name: 'Back to sign in' })).toHaveAttribute('href', '/login');
  });

  it('needs a login before calling the API', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({});
    renderScreen(<ForgotPasswordView />, { client: api.client, path: '/forgot-password' });

    await user.click(screen.getByRole('button', { name: 'Email me a link' }));

    expect(screen.getByText('Enter your email or username.')).toBeInTheDocument();
    expect(api.calls).toEqual([]);
  });

  it('shows a refusal and stays on the form', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ RequestPasswordReset: apiError('VALIDATION', 'tenant: name the tenant (its admin domain) to log into', 'tenant') });
    renderScreen(<ForgotPasswordView />, { client: api.client, path: '/forgot-password' });

    await user.type(screen.getByRole('textbox', { name: 'Email or username' }), 'jane');
    await user.click(screen.getByRole('button', { name: 'Email me a link' }));

    expect(await screen.findByText(/name the tenant/)).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'Check your email' })).not.toBeInTheDocument();
  });
});
