import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it, vi } from 'vitest';

import { apiError, fakeGraphQL, renderScreen, type Handler } from '../../test/graphql';
import { TenantDetailView } from './TenantDetailView';

const number = new Intl.NumberFormat();

const tenant = (state: string, providerEvents: string[]) => ({
  __typename: 'Tenant',
  id: '5',
  orgName: 'Beta Corp',
  adminDomain: 'beta-corp-admin.portico.test',
  developerDomain: 'beta-corp.portico.test',
  fromEmail: 'no-reply@beta.test',
  supportEmail: null,
  state,
  stateChangedAt: '2026-11-02T09:30:00Z',
  createdAt: '2026-10-01T10:00:00Z',
  providerEvents,
  providerStats: { __typename: 'ProviderStats', accounts: 1234, applications: 56, users: 2, pendingInvitations: 1, hitsLast30Days: 1234567 },
  providerUsers: [
    { __typename: 'ProviderUser', id: 'u1', username: 'beta-admin', email: 'ops@beta.test', role: 'ADMIN', state: 'ACTIVE', lastLoginAt: '2026-11-03T08:00:00Z' },
    { __typename: 'ProviderUser', id: 'u2', username: 'kim', email: 'kim@beta.test', role: 'MEMBER', state: 'PENDING', lastLoginAt: null },
  ],
});

const approved = ['REJECT', 'SUSPEND', 'SCHEDULE_FOR_DELETION'];
const suspended = ['RESUME', 'SCHEDULE_FOR_DELETION'];

const render = (state: string, events: string[], extra: Record<string, Handler> = {}) => {
  const api = fakeGraphQL({ ProviderDetail: { data: { node: tenant(state, events) } }, ...extra });
  renderScreen(<TenantDetailView />, { client: api.client, path: '/tenants/5', route: '/tenants/:tenantId' });
  return api;
};

/** The labels of the buttons in the page header's action group. */
async function actionLabels() {
  const group = await screen.findByRole('group', { name: 'Tenant actions' });
  return within(group)
    .getAllByRole('button')
    .map((button) => button.textContent);
}

/** The description list as term → text. */
const details = () => {
  const terms = screen.getAllByRole('term').map((term) => term.textContent);
  const descriptions = screen.getAllByRole('definition');
  return Object.fromEntries(terms.map((term, index) => [term, descriptions[index]]));
};

/** The big number shown above a Usage label. */
const figure = (label: string) => screen.getByText(label).previousElementSibling?.textContent;

describe('TenantDetailView', () => {
  it('shows the domains, emails and state of the tenant', async () => {
    const api = render('APPROVED', approved);

    expect(await screen.findByRole('heading', { name: 'Beta Corp', level: 1 })).toBeInTheDocument();
    const shown = details();
    expect(shown.State).toHaveTextContent('Approved');
    const { protocol, port } = window.location;
    expect(within(shown['Admin domain']).getByRole('link', { name: 'beta-corp-admin.portico.test' })).toHaveAttribute(
      'href',
      `${protocol}//beta-corp-admin.portico.test${port ? `:${port}` : ''}`,
    );
    expect(shown['Developer domain']).toHaveTextContent('beta-corp.portico.test');
    expect(shown['From email']).toHaveTextContent('no-reply@beta.test');
    expect(shown['Support email']).toHaveTextContent('—');
    expect(shown['State changed']).not.toHaveTextContent('—');
    expect(screen.getByRole('link', { name: 'Tenants' })).toHaveAttribute('href', '/tenants');
    expect(api.callsOf('ProviderDetail')).toEqual([{ id: '5' }]);
  });

  it('shows what the tenant holds and its team', async () => {
    render('APPROVED', approved);

    expect(await screen.findByRole('heading', { name: 'Usage' })).toBeInTheDocument();
    expect(figure('Developer accounts')).toBe(number.format(1234));
    expect(figure('Applications')).toBe('56');
    expect(figure('Team users')).toBe('2');
    expect(figure('Pending invitations')).toBe('1');
    expect(figure('Hits, last 30 days')).toBe(number.format(1234567));

    expect(screen.getByRole('heading', { name: 'Team (2)' })).toBeInTheDocument();
    const team = screen.getByRole('grid', { name: 'Team users' });
    const rows = within(team)
      .getAllByRole('row')
      .slice(1)
      .map((row) => within(row).getAllByRole('cell').map((cell) => cell.textContent));
    expect(rows.map((cells) => cells.slice(0, 4))).toEqual([
      ['beta-admin', 'ops@beta.test', 'Admin', 'Active'],
      ['kim', 'kim@beta.test', 'Member', 'Pending'],
    ]);
    expect(rows[0][4]).not.toBe('—');
    expect(rows[1][4]).toBe('—');
  });

  it.each([
    ['APPROVED', approved, ['Impersonate admin', 'Suspend', 'Reject', 'Schedule deletion', 'Edit']],
    ['SUSPENDED', suspended, ['Resume', 'Schedule deletion', 'Edit']],
    ['PENDING', ['APPROVE', 'REJECT', 'SUSPEND', 'SCHEDULE_FOR_DELETION'], ['Approve', 'Suspend', 'Reject', 'Schedule deletion', 'Edit']],
    ['SCHEDULED_FOR_DELETION', ['RESUME'], ['Resume']],
  ])('offers from %s only the changes the server permits', async (state, events, expected) => {
    render(state, events);
    expect(await actionLabels()).toEqual(expected);
  });

  it('renders what the server sends rather than deciding from the state', async () => {
    render('APPROVED', []);
    expect(await actionLabels()).toEqual(['Impersonate admin', 'Edit']);
  });

  it('warns when the tenant is scheduled for deletion', async () => {
    render('SCHEDULED_FOR_DELETION', ['RESUME']);
    expect(await screen.findByText('This tenant is scheduled for deletion')).toBeInTheDocument();
    expect(screen.getByText(/Resume it to keep it\./)).toBeInTheDocument();
  });

  it('asks before suspending, then suspends and offers what the new state allows', async () => {
    const user = userEvent.setup();
    let current = tenant('APPROVED', approved);
    const api = render('APPROVED', approved, {
      ProviderDetail: () => ({ data: { node: current } }),
      ChangeProviderState: () => {
        current = tenant('SUSPENDED', suspended);
        return {
          data: {
            changeProviderState: { __typename: 'Tenant', id: '5', state: 'SUSPENDED', stateChangedAt: '2026-11-04T10:00:00Z', providerEvents: suspended },
          },
        };
      },
    });
    const group = await screen.findByRole('group', { name: 'Tenant actions' });

    await user.click(within(group).getByRole('button', { name: 'Suspend' }));
    const dialog = screen.getByRole('dialog', { name: /Suspend Beta Corp\?/ });
    expect(dialog).toHaveTextContent('Its team cannot sign in and its gateways are denied until it is resumed. Its data is kept.');
    expect(api.callsOf('ChangeProviderState')).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Suspend' }));

    expect(await screen.findByText('Beta Corp was suspended')).toBeInTheDocument();
    expect(api.callsOf('ChangeProviderState')).toEqual([{ id: '5', event: 'SUSPEND' }]);
    expect(screen.queryByRole('dialog', { name: /Suspend Beta Corp\?/ })).not.toBeInTheDocument();
    await waitFor(async () => expect(await actionLabels()).toEqual(['Resume', 'Schedule deletion', 'Edit']));
    expect(details().State).toHaveTextContent('Suspended');
  });

  it('changes nothing when the confirmation is cancelled', async () => {
    const user = userEvent.setup();
    const api = render('APPROVED', approved);
    const group = await screen.findByRole('group', { name: 'Tenant actions' });

    await user.click(within(group).getByRole('button', { name: 'Schedule deletion' }));
    const dialog = screen.getByRole('dialog', { name: /Schedule deletion Beta Corp\?/ });
    expect(dialog).toHaveTextContent(/15 days from now every row of it is deleted/);
    await user.click(within(dialog).getByRole('button', { name: 'Cancel' }));

    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.callsOf('ChangeProviderState')).toEqual([]);
  });

  it('resumes at once, without asking', async () => {
    const user = userEvent.setup();
    const api = render('SUSPENDED', suspended, {
      ChangeProviderState: {
        data: { changeProviderState: { __typename: 'Tenant', id: '5', state: 'APPROVED', stateChangedAt: '2026-11-04T10:00:00Z', providerEvents: approved } },
      },
    });
    const group = await screen.findByRole('group', { name: 'Tenant actions' });

    await user.click(within(group).getByRole('button', { name: 'Resume' }));

    expect(await screen.findByText('Beta Corp was resumed')).toBeInTheDocument();
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
    expect(api.callsOf('ChangeProviderState')).toEqual([{ id: '5', event: 'RESUME' }]);
  });

  it('says why a change was refused', async () => {
    const user = userEvent.setup();
    render('APPROVED', approved, { ChangeProviderState: apiError('CONFLICT', 'the tenant is already rejected') });
    const group = await screen.findByRole('group', { name: 'Tenant actions' });

    await user.click(within(group).getByRole('button', { name: 'Reject' }));
    await user.click(within(screen.getByRole('dialog', { name: /Reject Beta Corp\?/ })).getByRole('button', { name: 'Reject' }));

    expect(await screen.findByText('Could not reject Beta Corp')).toBeInTheDocument();
    expect(screen.getByText('the tenant is already rejected')).toBeInTheDocument();
    expect(screen.queryByText('Beta Corp was rejected')).not.toBeInTheDocument();
  });

  it("opens the tenant's admin portal as its admin in a new tab", async () => {
    const user = userEvent.setup();
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    const url = 'http://beta-corp-admin.portico.test/impersonate#token=one-time';
    const api = render('APPROVED', approved, {
      ImpersonateProvider: {
        data: { impersonateProvider: { __typename: 'Impersonation', url, username: 'beta-admin', expiresAt: '2026-11-04T11:00:00Z' } },
      },
    });
    const group = await screen.findByRole('group', { name: 'Tenant actions' });

    await user.click(within(group).getByRole('button', { name: 'Impersonate admin' }));

    expect(await screen.findByText('Beta Corp’s admin portal opens as beta-admin in a new tab')).toBeInTheDocument();
    expect(screen.getByText(/records every change you make there under your name/)).toBeInTheDocument();
    // The link again, for a browser that blocked the tab.
    expect(screen.getByRole('link', { name: 'open it here' })).toHaveAttribute('href', url);
    expect(open).toHaveBeenCalledTimes(1);
    expect(open).toHaveBeenCalledWith(url, '_blank', 'noopener');
    expect(api.callsOf('ImpersonateProvider')).toEqual([{ id: '5' }]);
  });

  it('opens nothing when impersonation is refused', async () => {
    const user = userEvent.setup();
    const open = vi.spyOn(window, 'open').mockReturnValue(null);
    render('APPROVED', approved, { ImpersonateProvider: apiError('FORBIDDEN', 'no admin to impersonate') });
    const group = await screen.findByRole('group', { name: 'Tenant actions' });

    await user.click(within(group).getByRole('button', { name: 'Impersonate admin' }));

    expect(await screen.findByText('Could not impersonate Beta Corp')).toBeInTheDocument();
    expect(screen.getByText('You do not have permission to do this.')).toBeInTheDocument();
    expect(open).not.toHaveBeenCalled();
  });

  it('says when there is no such tenant', async () => {
    render('APPROVED', approved, { ProviderDetail: { data: { node: null } } });
    expect(await screen.findByRole('heading', { name: 'Not found', level: 1 })).toBeInTheDocument();
    expect(screen.queryByRole('group', { name: 'Tenant actions' })).not.toBeInTheDocument();
  });
});
