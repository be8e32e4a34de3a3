import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, connection, fakeGraphQL, renderScreen, type Answer, type Handler } from '../../test/graphql';
import { ApplicationListView } from './ApplicationListView';
import { contractEventsOf } from '../../test/stateEvents';

const echo = { id: 'x1', name: 'Echo' };
const orders = { id: 'x2', name: 'Orders' };
const app = (id: string, name: string, state: string, product: { id: string; name: string }, account = { id: 'a1', orgName: 'Acme' }) => ({
  id,
  name,
  state,
  permittedEvents: contractEventsOf[state],
  createdAt: '2026-11-01T00:00:00Z',
  account: { __typename: 'Account', ...account },
  product: { __typename: 'Product', ...product },
  plan: { __typename: 'Plan', id: 'p1', name: 'Basic' },
});

const bulk = (items: { id: string; ok: boolean; message?: string }[]) => ({
  __typename: 'BulkResult',
  succeeded: items.filter((item) => item.ok).length,
  failed: items.filter((item) => !item.ok).length,
  items: items.map((item) => ({ __typename: 'BulkItemResult', code: item.ok ? null : 'CONFLICT', message: null, ...item })),
});

/** The listing's API; ids in `deleted` drop out of the list once it is fetched again. */
function api(extra: Record<string, Handler> = {}, waiting = 0, deleted: Set<string> = new Set()) {
  return fakeGraphQL({
    PlanChangeRequestList: { data: { planChangeRequests: connection('PlanChangeRequest', [], waiting) } },
    ApplicationPlanFilter: { data: { plans: connection('Plan', []) } },
    ApplicationList: () => ({
      data: {
        applications: connection(
          'Application',
          [
            app('app1', 'Mobile', 'PENDING', echo),
            app('app2', 'Web', 'LIVE', echo, { id: 'a2', orgName: 'Globex' }),
            app('app3', 'Batch', 'PENDING', orders),
          ].filter((application) => !deleted.has(application.id)),
        ),
      },
    }),
    ...extra,
  });
}

async function select(user: ReturnType<typeof userEvent.setup>, ...names: string[]) {
  await screen.findByRole('link', { name: 'Mobile' });
  for (const name of names) await user.click(screen.getByRole('checkbox', { name: `Select ${name}` }));
}

describe('ApplicationListView', () => {
  it('accepts the pending applications among the selected ones after confirmation, and lists every outcome', async () => {
    const user = userEvent.setup();
    const fake = api({ BulkChangeApplicationState: { data: { bulkChangeApplicationState: bulk([{ id: 'app1', ok: true }]) } } });
    renderScreen(<ApplicationListView />, { client: fake.client });

    await select(user, 'Mobile', 'Web');
    const bar = screen.getByRole('group', { name: 'Bulk actions' });
    expect(within(bar).getByText('2 selected')).toBeInTheDocument();
    expect(within(bar).getByRole('button', { name: 'Resume' })).toHaveAttribute('aria-disabled', 'true');

    await user.click(within(bar).getByRole('button', { name: 'Accept' }));
    const dialog = screen.getByRole('dialog', { name: /Accept 1 application\?/ });
    expect(dialog).toHaveTextContent('1 selected application that cannot be accepted in its state will be skipped.');
    expect(fake.callsOf('BulkChangeApplicationState')).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Accept' }));

    const results = await screen.findByRole('dialog', { name: /Accept applications/ });
    expect(within(results).getByRole('status')).toHaveTextContent('1 of 2 done, 1 skipped.');
    expect(within(results).getByText('Mobile').closest('li')).toHaveTextContent('Mobile: accepted');
    expect(within(results).getByText('Web').closest('li')).toHaveTextContent('Web: skipped, it is live');
    expect(fake.callsOf('BulkChangeApplicationState')).toEqual([{ ids: ['app1'], event: 'ACCEPT' }]);

    await user.click(within(results).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('group', { name: 'Bulk actions' })).not.toBeInTheDocument();
  });

  it('asks before rejecting, which deletes, and shows what failed once the rejected rows are gone', async () => {
    const user = userEvent.setup();
    const deleted = new Set<string>();
    const fake = api(
      {
        BulkChangeApplicationState: () => {
          deleted.add('app1');
          return {
            data: { bulkChangeApplicationState: bulk([{ id: 'app1', ok: true }, { id: 'app3', ok: false, message: 'cannot reject an application that is live' }]) },
          };
        },
      },
      0,
      deleted,
    );
    renderScreen(<ApplicationListView />, { client: fake.client });

    await select(user, 'Mobile', 'Batch');
    await user.click(screen.getByRole('button', { name: 'Reject' }));
    const dialog = screen.getByRole('dialog', { name: /Reject 2 applications\?/ });
    expect(dialog).toHaveTextContent('2 pending applications will be refused and deleted, credentials included. This cannot be undone.');
    await user.click(within(dialog).getByRole('button', { name: 'Reject' }));

    const results = await screen.findByRole('dialog', { name: /Reject applications/ });
    expect(within(results).getByRole('status')).toHaveTextContent('1 of 2 done, 1 failed.');
    expect(results).toHaveTextContent('Batch: cannot reject an application that is live');
    expect(fake.callsOf('BulkChangeApplicationState')).toEqual([{ ids: ['app1', 'app3'], event: 'REJECT' }]);
    await waitFor(() => expect(screen.queryByRole('link', { name: 'Mobile' })).not.toBeInTheDocument());
    expect(screen.getByRole('dialog', { name: /Reject applications/ })).toHaveTextContent('Mobile: rejected and deleted');
    await user.click(within(results).getByRole('button', { name: 'Done' }));
    expect(screen.queryByRole('group', { name: 'Bulk actions' })).not.toBeInTheDocument();
  });

  it('changes the plan of applications of one product only', async () => {
    const user = userEvent.setup();
    const fake = api({
      ContractPlanChoices: ({ productId, kind }) => ({
        data: {
          plans: connection(
            'Plan',
            productId === 'x1' && kind === 'APPLICATION'
              ? [
                  { id: 'p1', name: 'Basic', isDefault: true, approvalRequired: false },
                  { id: 'p2', name: 'Pro', isDefault: false, approvalRequired: false },
                ]
              : [],
          ),
        },
      }),
      BulkChangeApplicationPlan: { data: { bulkChangeApplicationPlan: bulk([{ id: 'app1', ok: true }, { id: 'app2', ok: true }]) } },
    });
    renderScreen(<ApplicationListView />, { client: fake.client });

    await select(user, 'Mobile', 'Batch');
    const change = screen.getByRole('button', { name: 'Change plan' });
    expect(change).toHaveAttribute('aria-disabled', 'true');
    await user.hover(change);
    expect(await screen.findByText('The selected applications belong to 2 products. Select applications of one product to change their plan.')).toBeInTheDocument();
    await user.click(change);
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();

    await user.click(screen.getByRole('checkbox', { name: 'Select Batch' }));
    await user.click(screen.getByRole('checkbox', { name: 'Select Web' }));
    await user.click(screen.getByRole('button', { name: 'Change plan' }));
    const dialog = screen.getByRole('dialog', { name: /Change plan of 2 applications/ });
    expect(dialog).toHaveTextContent('Plans of Echo.');
    const plan = within(dialog).getByRole('combobox', { name: 'New application plan' });
    await within(plan).findByRole('option', { name: 'Pro' });
    await user.click(within(dialog).getByRole('button', { name: 'Change plan' }));
    expect(within(dialog).getByText('Choose an application plan.')).toBeInTheDocument();
    await user.selectOptions(plan, 'p2');
    await user.click(within(dialog).getByRole('button', { name: 'Change plan' }));

    const results = await screen.findByRole('dialog', { name: /Change plan to “Pro”/ });
    expect(results).toHaveTextContent('Mobile: now on “Pro”');
    expect(fake.callsOf('BulkChangeApplicationPlan')).toEqual([{ ids: ['app1', 'app2'], planId: 'p2' }]);
  });

  it('writes once to the owners of the selected applications', async () => {
    const user = userEvent.setup();
    let answer: Answer = apiError('VALIDATION', 'subject is longer than 255 characters', 'subject');
    const fake = api({ BulkMessageApplicationOwners: () => answer as Answer });
    renderScreen(<ApplicationListView />, { client: fake.client });

    await select(user, 'Mobile', 'Web', 'Batch');
    await user.click(screen.getByRole('button', { name: 'Send message' }));
    const dialog = screen.getByRole('dialog', { name: 'Send message to application owners' });
    expect(dialog).toHaveTextContent('To: the owners of 3 applications (2 accounts, once each)');
    await user.type(within(dialog).getByRole('textbox', { name: 'Subject' }), 'Maintenance');
    await user.type(within(dialog).getByRole('textbox', { name: 'Message' }), 'Tonight at 22:00.');
    await user.click(within(dialog).getByRole('button', { name: 'Send' }));
    expect(await within(dialog).findByText(/is longer than 255 characters/i)).toBeInTheDocument();

    answer = {
      data: {
        bulkMessageApplicationOwners: {
          __typename: 'BulkMessageResult',
          result: bulk([{ id: 'app1', ok: true }, { id: 'app2', ok: true }, { id: 'app3', ok: true }]),
        },
      },
    };
    await user.click(within(dialog).getByRole('button', { name: 'Send' }));
    const results = await screen.findByRole('dialog', { name: /Message to application owners/ });
    expect(within(results).getByRole('status')).toHaveTextContent('3 of 3 done.');
    expect(fake.callsOf('BulkMessageApplicationOwners')[1]).toEqual({ ids: ['app1', 'app2', 'app3'], subject: 'Maintenance', body: 'Tonight at 22:00.' });
  });

  it('points to plan change requests waiting for a decision', async () => {
    renderScreen(<ApplicationListView />, { client: api({}, 2).client });
    expect(await screen.findByRole('heading', { name: /2 plan change requests waiting for a decision/ })).toBeInTheDocument();
    expect(screen.getByRole('link', { name: 'Review plan change requests' })).toHaveAttribute('href', '/audience/applications/plan-change-requests');
  });
});
