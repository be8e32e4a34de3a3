import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { connection, fakeGraphQL, renderScreen } from '../../test/graphql';
import { ActiveDocListView, ProductActiveDocsView } from './ActiveDocListView';

const docs = [
  { id: 'd1', name: 'Pets', systemName: 'pets', published: true, updatedAt: '2026-12-01T10:00:00Z', product: { __typename: 'Product', id: 'p1', name: 'Echo' } },
  { id: 'd2', name: 'Notes', systemName: 'notes', published: false, updatedAt: '2026-12-02T10:00:00Z', product: null },
];

describe('ActiveDocListView', () => {
  it('lists every document with its product and state, and publishes a hidden one', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      ActiveDocList: { data: { activeDocs: connection('ActiveDoc', docs) } },
      PublishActiveDoc: { data: { publishActiveDoc: { __typename: 'ActiveDoc', id: 'd2', published: true } } },
    });
    renderScreen(<ActiveDocListView />, { client: api.client });

    const table = await screen.findByRole('grid', { name: 'ActiveDocs' });
    const notes = within(table).getByRole('row', { name: /Notes/ });
    expect(within(notes).getByText('Hidden')).toBeInTheDocument();
    expect(within(within(table).getByRole('row', { name: /Pets/ })).getByRole('link', { name: 'Echo' })).toHaveAttribute('href', '/products/p1');
    expect(api.callsOf('ActiveDocList')[0]).not.toHaveProperty('where');

    await user.click(within(notes).getByRole('button', { name: /actions/i }));
    await user.click(screen.getByRole('menuitem', { name: 'Publish' }));
    expect(await screen.findByText('Published “Notes”')).toBeInTheDocument();
    expect(api.callsOf('PublishActiveDoc')).toEqual([{ id: 'd2' }]);
  });

  it("lists one product's documents, with the import at hand", async () => {
    const api = fakeGraphQL({
      NodeName: { data: { node: { __typename: 'Product', id: 'p1', name: 'Echo' } } },
      ActiveDocList: { data: { activeDocs: connection('ActiveDoc', docs.slice(0, 1)) } },
    });
    renderScreen(<ProductActiveDocsView />, { client: api.client, path: '/products/p1/active-docs', route: '/products/:productId/active-docs' });

    expect(await screen.findByRole('link', { name: 'Pets' })).toHaveAttribute('href', '/products/active-docs/d1');
    expect(api.callsOf('ActiveDocList')[0]).toMatchObject({ where: { hasProductWith: [{ id: 'p1' }] } });
    expect(screen.getByRole('button', { name: 'Import from OpenAPI' })).toBeInTheDocument();
  });
});
