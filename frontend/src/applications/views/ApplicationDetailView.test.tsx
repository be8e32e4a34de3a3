import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, connection, expectLocation, fakeGraphQL, renderScreen, type Handler } from '../../test/graphql';
import { ApplicationDetailView } from './ApplicationDetailView';
import { coreFields, recordField } from '../../test/recordFields';

const route = '/audience/applications/:applicationId';
const basic = { __typename: 'Plan', id: 'p1', name: 'Basic', state: 'PUBLISHED', originalID: null, original: null };
const pro = { __typename: 'Plan', id: 'p2', name: 'Pro', state: 'PUBLISHED', originalID: null, original: null };
const customPro = {
  __typename: 'Plan',
  id: 'p9',
  name: 'Pro (custom)',
  state: 'HIDDEN',
  originalID: 'p2',
  original: { __typename: 'Plan', id: 'p2', name: 'Pro' },
};

function application(plan: object, state = 'LIVE') {
  return {
    __typename: 'Application',
    id: 'app1',
    name: 'Mobile',
    description: null,
    state,
    createdAt: '2026-11-01T00:00:00Z',
    updatedAt: '2026-11-01T00:00:00Z',
    acceptedAt: null,
    trialEndsAt: null,
    firstTrafficAt: null,
    fields: [...coreFields.application('Mobile', null), recordField('purpose', 'Purpose', { choices: ['test', 'production'], value: 'test' })],
    userKey: 'abcdef0123456789',
    appID: null,
    appKeys: null,
    referrerFilters: null,
    account: { __typename: 'Account', id: 'a1', orgName: 'Acme' },
    product: { __typename: 'Product', id: 'x1', name: 'Echo', authentication: 'USER_KEY', referrerFiltersRequired: false },
    plan,
  };
}

const request = (state: string, extra: object = {}) => ({
  id: 'r1',
  state,
  createdAt: '2026-11-02T10:00:00Z',
  resolvedAt: state === 'PENDING' ? null : '2026-11-03T10:00:00Z',
  requestedBy: { __typename: 'User', id: '42', username: 'dana', firstName: 'Dana', lastName: 'Dev' },
  resolvedBy: state === 'PENDING' ? null : { __typename: 'User', id: '7', username: 'sam', firstName: null, lastName: null },
  application: { __typename: 'Application', id: 'app1', name: 'Mobile' },
  account: { __typename: 'Account', id: 'a1', orgName: 'Acme' },
  fromPlan: { __typename: 'Plan', id: 'p1', name: 'Basic' },
  toPlan: { __typename: 'Plan', id: 'p2', name: 'Pro' },
  ...extra,
});

/** The application's page, whose application answers with `plan` until a mutation changes it. */
function api(start: { plan: object; state?: string }, extra: Record<string, Handler> = {}, requests: object[] = []) {
  const current = { plan: start.plan };
  const fake = fakeGraphQL({
    ApplicationDetail: () => ({ data: { node: application(current.plan, start.state) } }),
    PlanChangeRequestList: { data: { planChangeRequests: connection('PlanChangeRequest', requests) } },
    ContractPlanChoices: {
      data: {
        plans: connection('Plan', [
          { id: 'p1', name: 'Basic', isDefault: true, approvalRequired: false },
          { id: 'p2', name: 'Pro', isDefault: false, approvalRequired: false },
        ]),
      },
    },
    ...extra,
  });
  return { ...fake, current };
}

const planAnswer = (field: string, plan: object) => ({ data: { [field]: { __typename: 'Application', id: 'app1', plan } } });

describe('ApplicationDetailView', () => {
  it('edits the name, description and defined fields, sending only what changed', async () => {
    const user = userEvent.setup();
    const fake = api(
      { plan: basic },
      { UpdateApplicationFields: { data: { updateApplicationFields: { __typename: 'Application', id: 'app1', name: 'Mobile', description: 'For trying', updatedAt: '2026-11-02T00:00:00Z', fields: [] } } } },
    );
    renderScreen(<ApplicationDetailView />, { client: fake.client, path: '/audience/applications/app1', route });

    const actions = await screen.findByRole('group', { name: 'Application actions' });
    expect(screen.getByText('Purpose').closest('div')).toHaveTextContent('test');
    await user.click(within(actions).getByRole('button', { name: 'Edit' }));
    const dialog = screen.getByRole('dialog', { name: 'Edit application' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Description' }), 'For trying');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Purpose' }), 'production');
    await user.click(within(dialog).getByRole('button', { name: 'Save' }));

    expect(await screen.findByText('Saved application “Mobile”')).toBeInTheDocument();
    expect(fake.callsOf('UpdateApplicationFields')).toEqual([{ id: 'app1', fields: { description: 'For trying', purpose: 'production' } }]);
  });

  it('accepts or, after confirmation, rejects a pending application and goes back to the list', async () => {
    const user = userEvent.setup();
    const fake = api({ plan: basic, state: 'PENDING' }, { RejectApplication: { data: { rejectApplication: { __typename: 'DeletePayload', deletedID: 'app1' } } } });
    renderScreen(<ApplicationDetailView />, { client: fake.client, path: '/audience/applications/app1', route });

    const actions = await screen.findByRole('group', { name: 'Application actions' });
    expect(within(actions).getByRole('button', { name: 'Accept' })).toBeInTheDocument();
    expect(within(actions).queryByRole('button', { name: 'Suspend' })).not.toBeInTheDocument();
    await user.click(within(actions).getByRole('button', { name: 'Reject' }));
    const dialog = screen.getByRole('dialog', { name: /Reject application\?/ });
    expect(dialog).toHaveTextContent('“Mobile” is refused and deleted with its credentials');
    expect(fake.callsOf('RejectApplication')).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Reject application' }));

    await expectLocation('/audience/applications');
    expect(fake.callsOf('RejectApplication')).toEqual([{ id: 'app1' }]);
    expect(await screen.findByText('Rejected and deleted application “Mobile”')).toBeInTheDocument();
  });

  it('changes the plan to another published plan of the product', async () => {
    const user = userEvent.setup();
    const fake = api({ plan: basic }, {
      ChangeApplicationPlan: () => {
        fake.current.plan = pro;
        return planAnswer('changeApplicationPlan', pro);
      },
    });
    renderScreen(<ApplicationDetailView />, { client: fake.client, path: '/audience/applications/app1', route });

    const card = (await screen.findByRole('heading', { name: 'Application plan' })).closest('.pf-v6-c-card') as HTMLElement;
    await user.click(within(card).getByRole('button', { name: 'Change plan' }));
    const dialog = screen.getByRole('dialog', { name: /Change application plan/ });
    const select = within(dialog).getByRole('combobox', { name: 'New application plan' });
    await within(select).findByRole('option', { name: 'Pro' });
    expect(within(select).queryByRole('option', { name: /Basic/ })).not.toBeInTheDocument();
    expect(fake.callsOf('ContractPlanChoices')).toEqual([{ productId: 'x1', kind: 'APPLICATION' }]);
    await user.selectOptions(select, 'p2');
    await user.click(within(dialog).getByRole('button', { name: 'Change plan' }));

    expect(await screen.findByText('“Mobile” is now on “Pro”')).toBeInTheDocument();
    expect(fake.callsOf('ChangeApplicationPlan')).toEqual([{ id: 'app1', planId: 'p2' }]);
    expect(await within(card).findByRole('link', { name: 'Pro' })).toHaveAttribute('href', '/products/x1/applications/plans/p2');
  });

  it('customizes the plan and then shows it as custom, linked to its original, with a way to edit it', async () => {
    const user = userEvent.setup();
    const fake = api({ plan: pro }, {
      CustomizeApplicationPlan: () => {
        fake.current.plan = customPro;
        return planAnswer('customizeApplicationPlan', customPro);
      },
    });
    renderScreen(<ApplicationDetailView />, { client: fake.client, path: '/audience/applications/app1', route });

    const card = (await screen.findByRole('heading', { name: 'Application plan' })).closest('.pf-v6-c-card') as HTMLElement;
    expect(within(card).queryByText('Custom plan')).not.toBeInTheDocument();
    await user.click(within(card).getByRole('button', { name: 'Customize plan' }));

    expect(await screen.findByText('“Mobile” is on its own custom plan “Pro (custom)”')).toBeInTheDocument();
    expect(fake.callsOf('CustomizeApplicationPlan')).toEqual([{ id: 'app1' }]);
    expect(await within(card).findByText('Custom plan')).toBeInTheDocument();
    expect(within(card).getByRole('link', { name: 'Pro (custom)' })).toHaveAttribute('href', '/products/x1/applications/plans/p9');
    expect(within(card).getByRole('link', { name: 'Pro' })).toHaveAttribute('href', '/products/x1/applications/plans/p2');
    expect(within(card).queryByRole('button', { name: 'Customize plan' })).not.toBeInTheDocument();

    await user.click(within(card).getByRole('button', { name: 'Edit custom plan' }));
    await expectLocation('/products/x1/applications/plans/p9');
  });

  it('removes the customization only after saying that the custom plan is deleted', async () => {
    const user = userEvent.setup();
    const fake = api({ plan: customPro }, {
      DecustomizeApplicationPlan: () => {
        fake.current.plan = pro;
        return planAnswer('decustomizeApplicationPlan', pro);
      },
    });
    renderScreen(<ApplicationDetailView />, { client: fake.client, path: '/audience/applications/app1', route });

    await user.click(await screen.findByRole('button', { name: 'Remove customization' }));
    const dialog = screen.getByRole('dialog', { name: /Remove customization\?/ });
    expect(dialog).toHaveTextContent('“Mobile” moves back to “Pro”. Its custom plan “Pro (custom)” is deleted');
    await user.click(within(dialog).getByRole('button', { name: 'Remove customization' }));

    expect(await screen.findByText('“Mobile” is back on “Pro”')).toBeInTheDocument();
    expect(fake.callsOf('DecustomizeApplicationPlan')).toEqual([{ id: 'app1' }]);
    expect(await screen.findByRole('button', { name: 'Customize plan' })).toBeInTheDocument();
  });

  it('shows the plan change request of the link and applies it after confirmation', async () => {
    const user = userEvent.setup();
    const fake = api({ plan: basic }, {
      ApplyPlanChangeRequest: { data: { applyPlanChangeRequest: { __typename: 'PlanChangeRequest', ...request('APPLIED') } } },
    }, [request('PENDING')]);
    renderScreen(<ApplicationDetailView />, { client: fake.client, path: '/audience/applications/app1?planChangeRequest=r1', route });

    const heading = await screen.findByRole('heading', { name: /Plan change requested: Basic\s+(→\s+)?to\s+Pro/ });
    const alert = heading.closest('.pf-v6-c-alert') as HTMLElement;
    expect(within(alert).getByText(/Dana Dev \(dana\), of/)).toBeInTheDocument();
    expect(within(alert).getByRole('link', { name: 'Acme' })).toHaveAttribute('href', '/audience/accounts/a1');
    expect(fake.callsOf('PlanChangeRequestList')[0]).toEqual({ first: 10, where: { applicationID: 'app1', or: [{ state: 'PENDING' }, { id: 'r1' }] } });

    await user.click(within(alert).getByRole('button', { name: 'Apply plan change' }));
    const dialog = screen.getByRole('dialog', { name: /Apply plan change\?/ });
    expect(dialog).toHaveTextContent('“Mobile” moves to “Pro” at once');
    await user.click(within(dialog).getByRole('button', { name: 'Apply' }));
    expect(await screen.findByText('“Mobile” is now on “Pro”')).toBeInTheDocument();
    expect(fake.callsOf('ApplyPlanChangeRequest')).toEqual([{ id: 'r1' }]);
  });

  it('shows a request the link names once it was resolved, and says when it does not exist', async () => {
    const resolved = api({ plan: basic }, {}, [request('DISMISSED')]);
    const { unmount } = renderScreen(<ApplicationDetailView />, { client: resolved.client, path: '/audience/applications/app1?planChangeRequest=r1', route });
    const heading = await screen.findByRole('heading', { name: /Plan change dismissed: Basic\s+(→\s+)?to\s+Pro/ });
    const alert = heading.closest('.pf-v6-c-alert') as HTMLElement;
    expect(within(alert).queryByRole('button')).not.toBeInTheDocument();
    expect(alert).toHaveTextContent(', by sam');
    unmount();

    const missing = api({ plan: basic });
    renderScreen(<ApplicationDetailView />, { client: missing.client, path: '/audience/applications/app1?planChangeRequest=r7', route });
    expect(await screen.findByRole('heading', { name: /The plan change request in the link was not found/ })).toBeInTheDocument();
  });

  it('says when the plan change requests could not be loaded, and keeps the rest of the page', async () => {
    const fake = api({ plan: basic }, { PlanChangeRequestList: apiError('INTERNAL', 'boom') });
    renderScreen(<ApplicationDetailView />, { client: fake.client, path: '/audience/applications/app1?planChangeRequest=r1', route });
    expect(await screen.findByRole('heading', { name: /Could not load the plan change requests/ })).toBeInTheDocument();
    expect(screen.queryByText('boom')).not.toBeInTheDocument();
    expect(screen.getByRole('heading', { name: 'Application plan' })).toBeInTheDocument();
  });
});
