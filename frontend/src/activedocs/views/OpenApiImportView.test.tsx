import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, fakeGraphQL, renderScreen } from '../../test/graphql';
import { OpenApiImportView } from './OpenApiImportView';

const spec = 'openapi: 3.1.0\ninfo: {title: Pets, version: "1"}\npaths: {}\n';

const items = (action: 'CREATE' | 'REUSE') => [
  { __typename: 'OpenApiImportItem', kind: 'METHOD', action, name: 'listPets', detail: 'List pets' },
  { __typename: 'OpenApiImportItem', kind: 'MAPPING_RULE', action, name: 'GET /pets$', detail: 'listPets' },
  { __typename: 'OpenApiImportItem', kind: 'ACTIVE_DOC', action: 'CREATE', name: 'api', detail: 'Pets' },
];

function answer(dryRun: boolean) {
  return {
    data: {
      importOpenApi: {
        __typename: 'OpenApiImportResult',
        dryRun,
        version: '3.1.0',
        title: 'Pets',
        product: { __typename: 'Product', id: 'p1', name: 'Echo' },
        activeDoc: dryRun ? null : { __typename: 'ActiveDoc', id: 'd9', name: 'Pets' },
        items: items('CREATE'),
      },
    },
  };
}

const nodeName = { data: { node: { __typename: 'Product', id: 'p1', name: 'Echo' } } };

function render(handlers: Parameters<typeof fakeGraphQL>[0]) {
  const api = fakeGraphQL({ NodeName: nodeName, ...handlers });
  renderScreen(<OpenApiImportView />, { client: api.client, path: '/products/p1/integration/import', route: '/products/:productId/integration/import' });
  return api;
}

async function paste(user: ReturnType<typeof userEvent.setup>) {
  const text = screen.getByRole('textbox', { name: 'OpenAPI document text' });
  await user.click(text);
  await user.paste(spec);
}

describe('OpenApiImportView', () => {
  it('previews with a dry run, then imports and links to the ActiveDoc', async () => {
    const user = userEvent.setup();
    const api = render({ ImportOpenApi: (variables) => answer((variables.input as { dryRun: boolean }).dryRun) });

    await paste(user);
    await user.click(screen.getByRole('checkbox', { name: /Publish the ActiveDoc/ }));
    await user.click(screen.getByRole('button', { name: 'Preview' }));

    const preview = await screen.findByRole('grid', { name: 'What the import will do' });
    expect(within(preview).getAllByRole('row')).toHaveLength(4);
    expect(within(preview).getByText('GET /pets$')).toBeInTheDocument();
    expect(screen.getByText(/Pets \(OpenAPI 3\.1\.0\): 3 to create/)).toBeInTheDocument();
    expect(api.callsOf('ImportOpenApi')).toEqual([
      { input: { productID: 'p1', body: spec, dryRun: true, publish: true, prefixMatching: false } },
    ]);

    await user.click(screen.getByRole('button', { name: 'Import' }));
    expect(await screen.findByRole('link', { name: /View the ActiveDoc “Pets”/ })).toHaveAttribute('href', '/products/active-docs/d9');
    expect(api.callsOf('ImportOpenApi')[1]).toEqual({ input: { productID: 'p1', body: spec, dryRun: false, publish: true, prefixMatching: false } });
  });

  it('shows why a document is refused and stays on the first step', async () => {
    const user = userEvent.setup();
    const message = "body: is not a valid OpenAPI 3.1.0 document: line 2: $.info: missing property 'title'";
    render({ ImportOpenApi: apiError('VALIDATION', message, 'input.body') });

    await paste(user);
    await user.click(screen.getByRole('button', { name: 'Preview' }));

    expect(await screen.findByText(message)).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Preview' })).toBeInTheDocument();
    expect(screen.queryByRole('button', { name: 'Import' })).not.toBeInTheDocument();
  });

  it('asks for a document before sending anything', async () => {
    const user = userEvent.setup();
    const api = render({});
    await user.click(screen.getByRole('button', { name: 'Preview' }));
    expect(await screen.findByText('Upload or paste an OpenAPI document.')).toBeInTheDocument();
    expect(api.callsOf('ImportOpenApi')).toEqual([]);
  });
});
