import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, connection, expectLocation, fakeGraphQL, renderScreen, type Answer } from '../../test/graphql';
import { TenantListView } from './TenantListView';

const number = new Intl.NumberFormat();

const tenant = (id: string, orgName: string, state: string, stats: { accounts: number; applications: number; hitsLast30Days: number }) => ({
  id,
  orgName,
  adminDomain: `${orgName.toLowerCase().replaceAll(' ', '-')}-admin.portico.test`,
  state,
  createdAt: '2026-10-01T10:00:00Z',
  providerStats: { __typename: 'ProviderStats', ...stats },
});

const providers = (items: ReturnType<typeof tenant>[]): Answer => ({ data: { providers: connection('Tenant', items) } });

const list = providers([
  tenant('5', 'Beta Corp', 'APPROVED', { accounts: 1234, applications: 56, hitsLast30Days: 1234567 }),
  tenant('6', 'Gamma', 'SUSPENDED', { accounts: 0, applications: 0, hitsLast30Days: 0 }),
  tenant('7', 'Delta', 'SCHEDULED_FOR_DELETION', { accounts: 3, applications: 2, hitsLast30Days: 12 }),
]);

/** The text of every cell of the table's rows, by row. */
const rows = () =>
  within(screen.getByRole('grid', { name: 'Tenants' }))
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));

/** The search box, whatever it says it searches by. */
const searchBox = () => screen.getByRole('textbox', { name: /^Search by/ });

const render = (api: ReturnType<typeof fakeGraphQL>, path = '/tenants') => renderScreen(<TenantListView />, { client: api.client, path, route: '/tenants' });

describe('TenantListView', () => {
  it('lists the tenants with their domain, state and counts', async () => {
    const api = fakeGraphQL({ ProviderList: list });
    render(api);

    const beta = await screen.findByRole('link', { name: 'Beta Corp' });
    expect(beta).toHaveAttribute('href', '/tenants/5');
    expect(screen.getByRole('link', { name: 'Gamma' })).toHaveAttribute('href', '/tenants/6');
    expect(rows().map((cells) => cells.slice(0, 6))).toEqual([
      ['Beta Corp', 'beta-corp-admin.portico.test', 'Approved', number.format(1234), '56', number.format(1234567)],
      ['Gamma', 'gamma-admin.portico.test', 'Suspended', '0', '0', '0'],
      ['Delta', 'delta-admin.portico.test', 'Scheduled for deletion', '3', '2', '12'],
    ]);
    // Large counts are grouped for reading, not shown as raw digits.
    expect(screen.queryByText('1234567')).not.toBeInTheDocument();
    expect(api.callsOf('ProviderList')).toEqual([{ first: 20, query: null, state: null }]);
  });

  it('opens a tenant from its name', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ ProviderList: list });
    render(api);

    await user.click(await screen.findByRole('link', { name: 'Beta Corp' }));
    await expectLocation('/tenants/5');
  });

  it('keeps the search in the address and asks the API for it', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      ProviderList: ({ query }) => (query === 'beta' ? providers([tenant('5', 'Beta Corp', 'APPROVED', { accounts: 1, applications: 1, hitsLast30Days: 1 })]) : list),
    });
    render(api);

    await screen.findByRole('link', { name: 'Gamma' });
    await user.type(searchBox(), 'beta');

    await expectLocation('/tenants?q=beta');
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Gamma' })).not.toBeInTheDocument());
    expect(screen.getByRole('link', { name: 'Beta Corp' })).toBeInTheDocument();
    expect(api.callsOf('ProviderList').at(-1)).toEqual({ first: 20, query: 'beta', state: null });
  });

  it('keeps the state filter in the address and asks the API for that state', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      ProviderList: ({ state }) => (state === 'SUSPENDED' ? providers([tenant('6', 'Gamma', 'SUSPENDED', { accounts: 0, applications: 0, hitsLast30Days: 0 })]) : list),
    });
    render(api, '/tenants?page=2&after=c19');

    await screen.findByRole('link', { name: 'Beta Corp' });
    await user.click(screen.getByRole('button', { name: 'State: Any' }));
    expect(screen.getAllByRole('option').map((option) => option.textContent)).toEqual([
      'Any',
      'Approved',
      'Pending',
      'Rejected',
      'Suspended',
      'Scheduled for deletion',
    ]);
    await user.click(screen.getByRole('option', { name: 'Suspended' }));

    // A new filter starts again from the first page.
    await expectLocation('/tenants?state=SUSPENDED');
    expect(screen.getByRole('button', { name: 'State: Suspended' })).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Beta Corp' })).not.toBeInTheDocument());
    expect(api.callsOf('ProviderList').at(-1)).toEqual({ first: 20, query: null, state: 'SUSPENDED' });
  });

  it('reads both filters from the address', async () => {
    const api = fakeGraphQL({ ProviderList: providers([]) });
    render(api, '/tenants?q=zzz&state=PENDING');

    expect(await screen.findByRole('heading', { name: 'No tenants match' })).toBeInTheDocument();
    expect(searchBox()).toHaveValue('zzz');
    expect(screen.getByRole('button', { name: 'State: Pending' })).toBeInTheDocument();
    expect(api.callsOf('ProviderList')).toEqual([{ first: 20, query: 'zzz', state: 'PENDING' }]);
  });

  it('shows a designed empty state with a way to create the first tenant', async () => {
    const api = fakeGraphQL({ ProviderList: providers([]) });
    render(api);

    expect(await screen.findByRole('heading', { name: 'No tenants yet' })).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'No tenants match' })).not.toBeInTheDocument();
    // One button in the page header, one in the empty state.
    expect(screen.getAllByRole('button', { name: 'Create tenant' })).toHaveLength(2);
  });

  it('shows "No tenants match" when only the filter leaves nothing', async () => {
    const api = fakeGraphQL({ ProviderList: providers([]) });
    render(api, '/tenants?state=REJECTED');

    expect(await screen.findByRole('heading', { name: 'No tenants match' })).toBeInTheDocument();
    expect(screen.getByText('Change the search or the state filter.')).toBeInTheDocument();
    expect(screen.queryByRole('heading', { name: 'No tenants yet' })).not.toBeInTheDocument();
  });

  it('opens the create dialog from "Create tenant"', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ ProviderList: list });
    render(api);

    await screen.findByRole('link', { name: 'Beta Corp' });
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Create tenant' }));

    const dialog = screen.getByRole('dialog', { name: 'Create tenant' });
    expect(within(dialog).getByRole('textbox', { name: 'Organization name' })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.callsOf('CreateProvider')).toEqual([]);
  });

  it('shows an error state with a retry when the list cannot be loaded', async () => {
    const api = fakeGraphQL({ ProviderList: apiError('INTERNAL', 'boom') });
    render(api);

    expect(await screen.findByText('Something went wrong')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
    expect(screen.queryByText('boom')).not.toBeInTheDocument();
  });
});
