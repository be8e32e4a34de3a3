import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, expectLocation, fakeGraphQL, renderScreen } from '../../test/graphql';
import { ProductNewView } from './ProductNewView';

describe('ProductNewView', () => {
  it('derives the system name from the name until it is edited', async () => {
    const user = userEvent.setup();
    const { client } = fakeGraphQL({});
    renderScreen(<ProductNewView />, { client });

    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Orders API v2');
    expect(screen.getByRole('textbox', { name: 'System name' })).toHaveValue('orders_api_v2');

    await user.clear(screen.getByRole('textbox', { name: 'System name' }));
    await user.type(screen.getByRole('textbox', { name: 'System name' }), 'orders');
    await user.type(screen.getByRole('textbox', { name: 'Name' }), '!');
    expect(screen.getByRole('textbox', { name: 'System name' })).toHaveValue('orders');
  });

  it('checks the fields before sending anything', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({});
    renderScreen(<ProductNewView />, { client: api.client });

    await user.click(screen.getByRole('button', { name: 'Create product' }));

    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveAccessibleDescription(/^Enter a name\./);
    expect(screen.getByRole('textbox', { name: 'System name' })).toHaveAttribute('aria-invalid', 'true');
    expect(api.calls).toEqual([]);
  });

  it('shows an API validation error next to the field it names', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      CreateProduct: apiError('CONFLICT', 'system_name: is already taken', 'input.systemName'),
    });
    renderScreen(<ProductNewView />, { client: api.client });

    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Echo');
    await user.click(screen.getByRole('radio', { name: 'App ID and App Key pair' }));
    await user.click(screen.getByRole('button', { name: 'Create product' }));

    expect(await screen.findByText('Is already taken')).toBeInTheDocument();
    expect(screen.getByRole('textbox', { name: 'System name' })).toHaveAccessibleDescription(/^Is already taken/);
    expect(api.callsOf('CreateProduct')).toEqual([
      { input: { name: 'Echo', systemName: 'echo', authentication: 'APP_ID' } },
    ]);
    expect(screen.queryByRole('heading', { name: /could not create/i })).not.toBeInTheDocument();
  });

  it('reports errors without a field as a toast', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ CreateProduct: apiError('FORBIDDEN', 'nope') });
    renderScreen(<ProductNewView />, { client: api.client });

    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Echo');
    await user.click(screen.getByRole('button', { name: 'Create product' }));

    expect(await screen.findByText('Could not create the product')).toBeInTheDocument();
    expect(screen.getByText('You do not have permission to do this.')).toBeInTheDocument();
  });

  it('opens the new product', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      CreateProduct: { data: { createProduct: { __typename: 'Product', id: '42', name: 'Echo', systemName: 'echo' } } },
    });
    renderScreen(<ProductNewView />, { client: api.client });

    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Echo');
    await user.keyboard('{Enter}');

    await expectLocation('/products/42');
  });
});
