import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { connection, expectLocation, fakeGraphQL, renderScreen, type Answer } from '../../test/graphql';
import { AuditLogView } from './AuditLogView';

const viewer = (role: 'ADMIN' | 'MEMBER', master = false): Answer => ({
  data: {
    viewer: {
      __typename: 'Viewer',
      user: { __typename: 'User', id: 'u1', role },
      tenant: { __typename: 'Tenant', id: master ? 't0' : 't1', master },
    },
  },
});

const entry = (id: string, fields: Partial<Record<string, unknown>>) => ({
  id,
  createdAt: '2026-12-05T17:26:40.123456Z',
  actor: 'admin',
  actorUserID: 68719476737,
  actorTenant: null,
  impersonator: null,
  action: 'UPDATE',
  objectType: 'User',
  objectID: 68719476738,
  fields: ['first_name', 'email'],
  clientIP: '203.0.113.7',
  ...fields,
});

const entries = (items: ReturnType<typeof entry>[]): Answer => ({ data: { auditEntries: connection('AuditEntry', items) } });

const log = entries([
  entry('a1', { action: 'CREATE', objectType: 'AccessToken', objectID: 7, fields: ['name', 'scopes', 'permission'] }),
  entry('a2', { fields: ['password'] }),
  entry('a3', { impersonator: 'master', objectType: 'SSOIntegration', objectID: 103079215105, fields: ['client_secret'] }),
  entry('a4', { actor: 'master', actorTenant: 'master', objectType: 'Tenant', objectID: 60129542146, fields: ['org_name'] }),
  entry('a5', { actor: 'system', actorUserID: null, action: 'DELETE', objectType: 'PaymentGateway', objectID: 9, fields: null, clientIP: null }),
]);

/** The text of each cell of the table's rows, by row. */
const rows = () =>
  within(screen.getByRole('grid', { name: 'Audit log' }))
    .getAllByRole('row')
    .slice(1)
    .map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));

const render = (api: ReturnType<typeof fakeGraphQL>, path = '/settings/audit') =>
  renderScreen(<AuditLogView />, { client: api.client, path, route: '/settings/audit' });

describe('AuditLogView', () => {
  it('says who changed what, when and from where, in words', async () => {
    const api = fakeGraphQL({ AuditLogViewer: viewer('ADMIN'), AuditEntries: log });
    render(api);

    await screen.findByText('Access token #7');
    const table = rows();
    expect(table.map((cells) => cells.slice(1))).toEqual([
      ['admin', 'Created', 'Access token #7', 'name, scopes, permission', '203.0.113.7'],
      ['admin', 'Updated', 'User #68719476738', 'password', '203.0.113.7'],
      ['admin (impersonated by master)', 'Updated', 'SSO integration #103079215105', 'client secret', '203.0.113.7'],
      ['master Master account', 'Updated', 'Tenant #60129542146', 'org name', '203.0.113.7'],
      ['System', 'Deleted', 'Payment gateway #9', '—', '—'],
    ]);
    expect(screen.getAllByText('Master account')).toHaveLength(1);
    expect(screen.getByText(/kept for a year and record the names of the fields changed, never their values/)).toBeInTheDocument();
    // No tenant filter for a tenant's own admins.
    expect(screen.queryByRole('button', { name: /^Tenant:/ })).not.toBeInTheDocument();
  });

  it('shows the local time and, on hover, the exact moment of a change', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ AuditLogViewer: viewer('ADMIN'), AuditEntries: entries([entry('a1', {})]) });
    render(api);

    await screen.findByText('User #68719476738');
    const when = within(screen.getAllByRole('row')[1]).getAllByRole('cell')[0];
    const time = when.querySelector('time');
    expect(time).toHaveAttribute('datetime', '2026-12-05T17:26:40.123456Z');
    expect(time?.textContent).toBe(new Date('2026-12-05T17:26:40.123456Z').toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' }));
    await user.hover(time as HTMLElement);
    expect(await screen.findByRole('tooltip')).toHaveTextContent('(2026-12-05T17:26:40.123456Z)');
  });

  it('keeps the type filter in the address and asks the API for that type only', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ AuditLogViewer: viewer('ADMIN'), AuditEntries: log });
    render(api, '/settings/audit?page=2&after=c19');

    await screen.findByText('Access token #7');
    await user.click(screen.getByRole('button', { name: 'Type: Any' }));
    await user.click(screen.getByRole('option', { name: 'Access token' }));

    await expectLocation('/settings/audit?type=AccessToken');
    expect(screen.getByRole('button', { name: 'Type: Access token' })).toBeInTheDocument();
    expect(api.callsOf('AuditEntries').at(-1)).toEqual({ first: 20, objectType: 'AccessToken' });
  });

  it('reads the type filter from the address', async () => {
    const api = fakeGraphQL({ AuditLogViewer: viewer('ADMIN'), AuditEntries: entries([]) });
    render(api, '/settings/audit?type=BillingSettings');

    expect(await screen.findByRole('heading', { name: 'No changes match' })).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Type: Billing settings' })).toBeInTheDocument();
    expect(api.callsOf('AuditEntries')).toEqual([{ first: 20, objectType: 'BillingSettings' }]);
  });

  it('says when nothing was recorded yet', async () => {
    const api = fakeGraphQL({ AuditLogViewer: viewer('ADMIN'), AuditEntries: entries([]) });
    render(api);

    expect(await screen.findByRole('heading', { name: 'No changes recorded yet' })).toBeInTheDocument();
    expect(api.callsOf('AuditEntries')).toEqual([{ first: 20 }]);
  });

  it('tells a member that only admins read it, without asking the API for the log', async () => {
    const api = fakeGraphQL({ AuditLogViewer: viewer('MEMBER') });
    render(api);

    expect(await screen.findByText('Only admins of this Portico account can read the audit log.')).toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Not permitted' })).toBeInTheDocument();
    expect(api.callsOf('AuditEntries')).toEqual([]);
  });

  it("lets a master user read one tenant's changes", async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      AuditLogViewer: viewer('ADMIN', true),
      AuditEntries: log,
      AuditTenants: { data: { providers: connection('Tenant', [{ id: 't7', orgName: 'Beta Corp' }]) } },
    });
    render(api);

    await screen.findByText('Access token #7');
    expect(screen.getByText(/Choose a tenant to see only its changes/)).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Tenant: Any' }));
    expect(screen.getByRole('option', { name: 'Master account' })).toBeInTheDocument();
    await user.click(screen.getByRole('option', { name: 'Beta Corp' }));

    await expectLocation('/settings/audit?tenant=t7');
    expect(api.callsOf('AuditEntries').at(-1)).toEqual({ first: 20, tenantID: 't7' });
  });
});
