import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, expectLocation, fakeGraphQL, renderScreen } from '../../test/graphql';
import { SSOIntegrationEditView, SSOIntegrationNewView } from '../views/SSOIntegrationFormView';

const integration = {
  __typename: 'SSOIntegration',
  id: 's1',
  name: 'Company SSO',
  issuer: 'https://sso.example.com/realms/portico',
  clientID: 'portico',
  enabled: true,
  callbackURL: 'https://admin.example.com/auth/sso/s1/callback',
  startURL: '/auth/sso/s1/start',
};

describe('SSO integration form', () => {
  it('checks the fields, creates the integration and opens it', async () => {
    const api = fakeGraphQL({
      CreateSSOIntegration: { data: { createSSOIntegration: integration } },
    });
    renderScreen(<SSOIntegrationNewView />, { client: api.client, path: '/settings/sso/new' });
    await userEvent.click(screen.getByRole('button', { name: 'Create integration' }));
    expect(screen.getByText('Enter a name.')).toBeInTheDocument();
    expect(screen.getByText('Enter the client secret.')).toBeInTheDocument();

    await userEvent.type(screen.getByLabelText(/^Name/), 'Company SSO');
    await userEvent.type(screen.getByLabelText(/Issuer URL/), 'not a url');
    await userEvent.type(screen.getByLabelText(/Client ID/), 'portico');
    await userEvent.type(screen.getByLabelText(/Client secret/), 's3cret');
    await userEvent.click(screen.getByRole('button', { name: 'Create integration' }));
    expect(screen.getByText(/Enter a URL such as/)).toBeInTheDocument();

    await userEvent.clear(screen.getByLabelText(/Issuer URL/));
    await userEvent.type(screen.getByLabelText(/Issuer URL/), integration.issuer);
    await userEvent.click(screen.getByRole('button', { name: 'Create integration' }));
    await expectLocation('/settings/sso/s1');
    expect(api.callsOf('CreateSSOIntegration')[0]).toEqual({
      input: { name: 'Company SSO', issuer: integration.issuer, clientID: 'portico', clientSecret: 's3cret', enabled: true },
    });
  });

  it('shows the callback URL to copy and keeps the secret unless a new one is typed', async () => {
    const api = fakeGraphQL({
      SSOIntegration: { data: { node: integration } },
      UpdateSSOIntegration: { data: { updateSSOIntegration: { ...integration, enabled: false } } },
    });
    renderScreen(<SSOIntegrationEditView />, { client: api.client, path: '/settings/sso/s1', route: '/settings/sso/:integrationId' });
    expect(await screen.findByDisplayValue(integration.callbackURL)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: /Copy/ })).toBeInTheDocument();
    expect(screen.getByLabelText(/Client secret/)).toHaveValue('');

    await userEvent.click(screen.getByRole('checkbox', { name: /Enabled/ }));
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Saved SSO integration “Company SSO”')).toBeInTheDocument();
    expect(api.callsOf('UpdateSSOIntegration')[0]).toEqual({
      id: 's1',
      input: { name: 'Company SSO', issuer: integration.issuer, clientID: 'portico', enabled: false },
    });
  });

  it('puts the API’s complaint about the issuer next to the field', async () => {
    const api = fakeGraphQL({
      SSOIntegration: { data: { node: integration } },
      UpdateSSOIntegration: apiError('VALIDATION', 'issuer: could not discover the OpenID configuration', 'input.issuer'),
    });
    renderScreen(<SSOIntegrationEditView />, { client: api.client, path: '/settings/sso/s1', route: '/settings/sso/:integrationId' });
    await userEvent.click(await screen.findByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Could not discover the OpenID configuration')).toBeInTheDocument();
  });
});
