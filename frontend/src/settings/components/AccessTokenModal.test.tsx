import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { fakeGraphQL, renderScreen } from '../../test/graphql';
import { AccessTokenModal } from './AccessTokenModal';

describe('AccessTokenModal', () => {
  it('requires a scope, then shows the value once', async () => {
    const user = userEvent.setup();
    const onClose = vi.fn();
    const api = fakeGraphQL({
      CreateAccessToken: {
        data: {
          createAccessToken: {
            __typename: 'CreateAccessTokenPayload',
            value: 'secret-token-value',
            accessToken: {
              __typename: 'AccessToken',
              id: 't1',
              name: 'CI',
              scopes: ['FINANCE', 'STATS'],
              permission: 'RW',
              createdAt: '2026-11-01T00:00:00Z',
              expiresAt: null,
              lastUsedAt: null,
            },
          },
        },
      },
    });
    renderScreen(<AccessTokenModal onClose={onClose} />, { client: api.client });

    const dialog = screen.getByRole('dialog', { name: /New access token/ });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'CI');
    await user.click(within(dialog).getByRole('button', { name: 'Create token' }));
    expect(within(dialog).getByText('Choose at least one API.')).toBeInTheDocument();

    await user.click(within(dialog).getByRole('checkbox', { name: 'Billing API' }));
    await user.click(within(dialog).getByRole('checkbox', { name: 'Analytics API' }));
    await user.click(within(dialog).getByRole('radio', { name: /Read & write/ }));
    await user.click(within(dialog).getByRole('button', { name: 'Create token' }));

    const shown = await screen.findByRole('dialog', { name: /Access token “CI” created/ });
    expect(within(shown).getByRole('textbox', { name: 'Access token value' })).toHaveValue('secret-token-value');
    expect(within(shown).getByText(/cannot be shown again/)).toBeInTheDocument();
    expect(api.callsOf('CreateAccessToken')).toEqual([{ input: { name: 'CI', scopes: ['STATS', 'FINANCE'], permission: 'RW' } }]);

    await user.click(within(shown).getByRole('button', { name: 'I have copied the token' }));
    expect(onClose).toHaveBeenCalled();
  });
});
