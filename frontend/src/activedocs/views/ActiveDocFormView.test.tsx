import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, connection, expectLocation, fakeGraphQL, renderScreen } from '../../test/graphql';
import { ActiveDocFormView } from './ActiveDocFormView';

const products = { data: { products: connection('Product', [{ id: 'p1', name: 'Echo' }]) } };
const spec = '{"openapi":"3.0.3","info":{"title":"Echo","version":"1"},"paths":{}}';

describe('ActiveDocFormView', () => {
  it('creates a document for the product it was opened from', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      ActiveDocProducts: products,
      CreateActiveDoc: { data: { createActiveDoc: { __typename: 'ActiveDoc', id: 'd7', name: 'Echo API' } } },
    });
    renderScreen(<ActiveDocFormView />, { client: api.client, path: '/products/active-docs/new?product=p1' });

    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Echo API');
    expect(screen.getByRole('textbox', { name: 'System name' })).toHaveValue('echo_api');
    expect(await screen.findByRole('option', { name: 'Echo' })).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: 'Product' })).toHaveValue('p1');
    await user.click(screen.getByRole('textbox', { name: 'OpenAPI document text' }));
    await user.paste(spec);
    await user.click(screen.getByRole('button', { name: 'Create ActiveDoc' }));

    await expectLocation('/products/active-docs/d7');
    expect(api.callsOf('CreateActiveDoc')).toEqual([
      {
        input: { name: 'Echo API', systemName: 'echo_api', body: spec, productID: 'p1', published: false, skipSwaggerValidations: false },
      },
    ]);
  });

  it('shows why the API refused the document next to it', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      ActiveDocProducts: products,
      CreateActiveDoc: apiError('VALIDATION', "body: is not a valid OpenAPI 3.0.3 document: line 1: $: missing property 'info'", 'input.body'),
    });
    renderScreen(<ActiveDocFormView />, { client: api.client, path: '/products/active-docs/new' });

    await user.type(screen.getByRole('textbox', { name: 'Name' }), 'Broken');
    await user.click(screen.getByRole('textbox', { name: 'OpenAPI document text' }));
    await user.paste('{"openapi":"3.0.3"}');
    await user.click(screen.getByRole('button', { name: 'Create ActiveDoc' }));

    expect(await screen.findByText(/Is not a valid OpenAPI 3\.0\.3 document: line 1/)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Create ActiveDoc' })).toBeInTheDocument();
  });

  it('asks for a name and a document before sending anything', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ ActiveDocProducts: products });
    renderScreen(<ActiveDocFormView />, { client: api.client, path: '/products/active-docs/new' });
    await user.click(screen.getByRole('button', { name: 'Create ActiveDoc' }));
    expect(screen.getByRole('textbox', { name: 'Name' })).toHaveAttribute('aria-invalid', 'true');
    expect(api.callsOf('CreateActiveDoc')).toEqual([]);
  });
});
