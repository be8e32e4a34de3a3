import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, fakeGraphQL, renderScreen } from '../../test/graphql';
import { CredentialsCard } from './CredentialsCard';

const appIdApp = (keys: string[]) => ({
  id: 'a1',
  userKey: null,
  appID: 'f00dcafe',
  appKeys: keys,
  product: { authentication: 'APP_ID' as const },
});

describe('CredentialsCard', () => {
  it('shows the user key with a copy button and regenerates it only after confirmation', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      RegenerateUserKey: { data: { regenerateUserKey: { __typename: 'Application', id: 'a1', userKey: 'new-key-123' } } },
    });
    renderScreen(
      <CredentialsCard application={{ id: 'a1', userKey: 'old-key-123', appID: null, appKeys: null, product: { authentication: 'USER_KEY' } }} />,
      { client: api.client },
    );

    expect(screen.getByRole('textbox', { name: 'User key' })).toHaveValue('old-key-123');
    expect(screen.getByRole('button', { name: 'Copy' })).toBeInTheDocument();

    await user.click(screen.getByRole('button', { name: 'Regenerate' }));
    const dialog = screen.getByRole('dialog', { name: /Regenerate user key\?/ });
    expect(api.callsOf('RegenerateUserKey')).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Regenerate' }));
    expect(await screen.findByText('Regenerated the user key')).toBeInTheDocument();
    expect(api.callsOf('RegenerateUserKey')).toEqual([{ id: 'a1' }]);
  });

  it('lists app keys and checks a custom key before sending it', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      AddApplicationKey: { data: { addApplicationKey: { __typename: 'Application', id: 'a1', appKeys: ['key-one-1', 'my-key-2'] } } },
    });
    renderScreen(<CredentialsCard application={appIdApp(['key-one-1'])} />, { client: api.client });

    expect(screen.getByRole('textbox', { name: 'Application ID' })).toHaveValue('f00dcafe');
    expect(screen.getByRole('textbox', { name: 'Application key 1' })).toHaveValue('key-one-1');

    await user.type(screen.getByRole('textbox', { name: 'Custom key' }), 'bad key');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(screen.getByText("Must be 5 to 256 characters of letters, digits and '-'.")).toBeInTheDocument();

    await user.clear(screen.getByRole('textbox', { name: 'Custom key' }));
    await user.type(screen.getByRole('textbox', { name: 'Custom key' }), 'key-one-1');
    await user.click(screen.getByRole('button', { name: 'Add' }));
    expect(screen.getByText('The application already has this key.')).toBeInTheDocument();
    expect(api.callsOf('AddApplicationKey')).toEqual([]);

    await user.clear(screen.getByRole('textbox', { name: 'Custom key' }));
    await user.type(screen.getByRole('textbox', { name: 'Custom key' }), 'my-key-2{Enter}');
    expect(await screen.findByText('Added the key')).toBeInTheDocument();
    expect(api.callsOf('AddApplicationKey')).toEqual([{ id: 'a1', key: 'my-key-2' }]);
  });

  it('stops adding keys at five', () => {
    const api = fakeGraphQL({});
    renderScreen(<CredentialsCard application={appIdApp(['k-0001', 'k-0002', 'k-0003', 'k-0004', 'k-0005'])} />, { client: api.client });

    expect(screen.getByRole('button', { name: 'Add random key' })).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByRole('textbox', { name: 'Custom key' })).toBeDisabled();
    expect(screen.getByText(/at most 5 keys/)).toBeInTheDocument();
  });

  it('asks before deleting a key and says when it is the last one', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ RemoveApplicationKey: apiError('NOT_FOUND', 'the application has no such key') });
    renderScreen(<CredentialsCard application={appIdApp(['only-key-1'])} />, { client: api.client });

    await user.click(screen.getByRole('button', { name: /Delete key/ }));
    const dialog = screen.getByRole('dialog', { name: /Delete key\?/ });
    expect(dialog).toHaveTextContent("It is the application's only key.");
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Could not delete the key')).toBeInTheDocument();
    expect(api.callsOf('RemoveApplicationKey')).toEqual([{ id: 'a1', key: 'only-key-1' }]);
  });

  it('speaks of client IDs and secrets for OpenID Connect', () => {
    const api = fakeGraphQL({});
    renderScreen(<CredentialsCard application={{ ...appIdApp([]), product: { authentication: 'OIDC' } }} />, { client: api.client });
    expect(screen.getByRole('textbox', { name: 'Client ID' })).toHaveValue('f00dcafe');
    expect(screen.getByRole('button', { name: 'Add random client secret' })).toBeInTheDocument();
  });
});
