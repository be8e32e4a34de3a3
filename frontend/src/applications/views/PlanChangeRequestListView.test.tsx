import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, connection, fakeGraphQL, renderScreen } from '../../test/graphql';
import { PlanChangeRequestListView } from './PlanChangeRequestListView';

const dana = { __typename: 'User', id: '42', username: 'dana', firstName: null, lastName: null };
const sam = { __typename: 'User', id: '7', username: 'sam', firstName: 'Sam', lastName: 'Admin' };

const request = (id: string, application: string, state: string, requestedBy: object | null = dana) => ({
  id,
  state,
  createdAt: '2026-11-02T10:00:00Z',
  resolvedAt: state === 'PENDING' ? null : '2026-11-03T10:00:00Z',
  requestedBy,
  resolvedBy: state === 'PENDING' ? null : sam,
  application: { __typename: 'Application', id: `app-${id}`, name: application },
  account: { __typename: 'Account', id: 'a1', orgName: 'Acme' },
  fromPlan: { __typename: 'Plan', id: 'p1', name: 'Basic' },
  toPlan: { __typename: 'Plan', id: 'p2', name: 'Pro' },
});

const handlers = {
  PlanChangeRequestList: ({ where }: Record<string, unknown>) => ({
    data: {
      planChangeRequests: connection(
        'PlanChangeRequest',
        [request('r1', 'Mobile', 'PENDING'), request('r2', 'Web', 'APPLIED', null)].filter(
          (item) => !(where as { state?: string }).state || item.state === (where as { state?: string }).state,
        ),
      ),
    },
  }),
};

describe('PlanChangeRequestListView', () => {
  it('lists requests with their application, account, plans, requester and resolver, linking to the application page', async () => {
    const api = fakeGraphQL(handlers);
    renderScreen(<PlanChangeRequestListView />, { client: api.client });

    const table = await screen.findByRole('grid', { name: 'Plan change requests' });
    const mobile = within(table).getByRole('link', { name: 'Mobile' }).closest('tr') as HTMLElement;
    expect(within(mobile).getByRole('link', { name: 'Mobile' })).toHaveAttribute('href', '/audience/applications/app-r1?planChangeRequest=r1');
    expect(within(mobile).getByRole('link', { name: 'Acme' })).toHaveAttribute('href', '/audience/accounts/a1');
    expect(mobile).toHaveTextContent(/Basic\s*→\s*to\s*Pro/);
    expect(within(mobile).getByText('dana')).toBeInTheDocument();
    expect(within(mobile).getByText('Pending')).toBeInTheDocument();
    const web = within(table).getByRole('link', { name: 'Web' }).closest('tr') as HTMLElement;
    expect(within(web).queryByRole('button')).not.toBeInTheDocument();
    expect(within(web).getByText('Applied')).toBeInTheDocument();
    expect(web).toHaveTextContent(', by Sam Admin (sam)');
    // The requester who was deleted since is a dash; the names come with the requests.
    expect(web).toHaveTextContent('—');
    expect(api.calls.map((call) => call.operationName)).toEqual(['PlanChangeRequestList']);
  });

  it('filters by state', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL(handlers);
    renderScreen(<PlanChangeRequestListView />, { client: api.client });

    await screen.findByRole('link', { name: 'Web' });
    await user.click(screen.getByRole('button', { name: 'State: Any' }));
    await user.click(screen.getByRole('option', { name: 'Pending' }));
    await screen.findByRole('button', { name: 'State: Pending' });
    expect(api.callsOf('PlanChangeRequestList').at(-1)).toMatchObject({ where: { state: 'PENDING' } });
    expect(await screen.findByRole('link', { name: 'Mobile' })).toBeInTheDocument();
    expect(screen.queryByRole('link', { name: 'Web' })).not.toBeInTheDocument();
  });

  it('dismisses a request after confirmation and reports a refusal', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ ...handlers, DismissPlanChangeRequest: apiError('CONFLICT', 'the plan change request was already applied') });
    renderScreen(<PlanChangeRequestListView />, { client: api.client });

    await user.click(await screen.findByRole('button', { name: 'Dismiss the plan change of Mobile' }));
    const dialog = screen.getByRole('dialog', { name: /Dismiss plan change\?/ });
    expect(dialog).toHaveTextContent('Acme is told by message and email that the change to “Pro” was declined.');
    await user.click(within(dialog).getByRole('button', { name: 'Dismiss' }));
    expect(await screen.findByText('Could not dismiss the plan change of “Mobile”')).toBeInTheDocument();
    expect(screen.getByText('the plan change request was already applied')).toBeInTheDocument();
    expect(api.callsOf('DismissPlanChangeRequest')).toEqual([{ id: 'r1' }]);
  });

  it('says when there is nothing to decide', async () => {
    const api = fakeGraphQL({ PlanChangeRequestList: { data: { planChangeRequests: connection('PlanChangeRequest', []) } } });
    renderScreen(<PlanChangeRequestListView />, { client: api.client });
    expect(await screen.findByRole('heading', { name: 'No plan change requests' })).toBeInTheDocument();
  });
});
