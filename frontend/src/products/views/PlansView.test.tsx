import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, connection, expectLocation, fakeGraphQL, renderScreen, tenantCurrency } from '../../test/graphql';
import { PlansView } from './PlansView';

const plan = (id: string, name: string, extra: object = {}) => ({
  id,
  name,
  systemName: name.toLowerCase(),
  state: 'PUBLISHED',
  isDefault: false,
  approvalRequired: false,
  setupFee: '0',
  costPerMonth: '0',
  trialPeriodDays: 0,
  kind: 'APPLICATION',
  applications: { __typename: 'ApplicationConnection', totalCount: 0 },
  subscriptions: { __typename: 'ServiceSubscriptionConnection', totalCount: 0 },
  accounts: { __typename: 'AccountConnection', totalCount: 0 },
  ...extra,
});

const plans = [plan('p1', 'Basic', { isDefault: true }), plan('p2', 'Pro', { state: 'HIDDEN', setupFee: '25', costPerMonth: '1234.5' })];

function render(extra = {}) {
  const api = fakeGraphQL({
    TenantCurrency: tenantCurrency('EUR'),
    NodeName: { data: { node: { __typename: 'Product', id: 'x1', name: 'Echo' } } },
    Plans: { data: { plans: connection('Plan', plans) } },
    PlanChoices: { data: { plans: connection('Plan', plans) } },
    ...extra,
  });
  renderScreen(<PlansView kind="APPLICATION" />, { client: api.client, path: '/products/x1/applications/plans', route: '/products/:productId/applications/plans' });
  return api;
}

describe('PlansView', () => {
  it('shows fees with the tenant currency and sorts on the server, in the address', async () => {
    const user = userEvent.setup();
    const api = render();

    const pro = (await screen.findByRole('link', { name: 'Pro' })).closest('tr')!;
    expect(within(pro).getByText('€25.00')).toBeInTheDocument();
    expect(within(pro).getByText('€1,234.50')).toBeInTheDocument();
    expect(api.callsOf('Plans')[0].orderBy).toEqual([
      { field: 'POSITION', direction: 'ASC' },
      { field: 'NAME', direction: 'ASC' },
    ]);

    await user.click(screen.getByRole('button', { name: 'Trial days' }));
    await expectLocation('/products/x1/applications/plans?sort=TRIAL_PERIOD_DAYS&dir=asc');
    await user.click(screen.getByRole('button', { name: 'Trial days' }));
    await expectLocation('/products/x1/applications/plans?sort=TRIAL_PERIOD_DAYS&dir=desc');
    expect(api.callsOf('Plans').at(-1)?.orderBy).toEqual([
      { field: 'TRIAL_PERIOD_DAYS', direction: 'DESC' },
      { field: 'NAME', direction: 'ASC' },
    ]);
  });

  it('sets the default plan from the selector', async () => {
    const user = userEvent.setup();
    const api = render({ SetDefaultPlan: { data: { setDefaultPlan: { __typename: 'Plan', id: 'p2', isDefault: true } } } });

    const select = await screen.findByRole('combobox', { name: 'Default plan' });
    await within(select).findByRole('option', { name: 'Pro (hidden)' });
    expect(select).toHaveValue('p1');
    await user.selectOptions(select, 'p2');
    expect(await screen.findByText('“Pro” is now the default plan')).toBeInTheDocument();
    expect(api.callsOf('SetDefaultPlan')).toEqual([{ id: 'p2' }]);
  });

  it('publishes a hidden plan and copies a plan', async () => {
    const user = userEvent.setup();
    const api = render({
      UpdatePlan: { data: { updatePlan: { __typename: 'Plan', ...plan('p2', 'Pro'), description: null, features: [] } } },
      CopyPlan: { data: { copyPlan: { __typename: 'Plan', id: 'p3', name: 'Basic (copy)', systemName: 'basic_copy', state: 'HIDDEN' } } },
    });

    await user.click(await screen.findByRole('button', { name: 'Actions for Pro' }));
    await user.click(screen.getByRole('menuitem', { name: 'Publish' }));
    expect(await screen.findByText('Published “Pro”')).toBeInTheDocument();
    expect(api.callsOf('UpdatePlan')).toEqual([{ id: 'p2', input: { state: 'PUBLISHED' } }]);

    await user.click(screen.getByRole('button', { name: 'Actions for Basic' }));
    await user.click(screen.getByRole('menuitem', { name: 'Copy' }));
    const dialog = screen.getByRole('dialog', { name: /Copy “Basic”/ });
    expect(within(dialog).getByRole('textbox', { name: 'Name' })).toHaveValue('Basic (copy)');
    expect(within(dialog).getByRole('textbox', { name: 'System name' })).toHaveValue('basic_copy');
    await user.click(within(dialog).getByRole('button', { name: 'Copy plan' }));
    expect(await screen.findByText('Copied “Basic” to “Basic (copy)”')).toBeInTheDocument();
  });

  it('deletes a plan only after confirmation and reports a refusal', async () => {
    const user = userEvent.setup();
    const api = render({ DeletePlan: apiError('CONFLICT', 'plan "Pro" has subscribers; move them to another plan first') });

    await user.click(await screen.findByRole('button', { name: 'Actions for Pro' }));
    await user.click(screen.getByRole('menuitem', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: /Delete application plan\?/ });
    expect(api.callsOf('DeletePlan')).toEqual([]);
    await user.click(within(dialog).getByRole('button', { name: 'Delete plan' }));
    expect(await screen.findByText(/has subscribers; move them to another plan first/)).toBeInTheDocument();
  });

  it('lists account plans with their accounts and creates one without a product', async () => {
    const user = userEvent.setup();
    const accountPlans = [
      plan('a1', 'Free', { kind: 'ACCOUNT', isDefault: true, accounts: { __typename: 'AccountConnection', totalCount: 3 } }),
      plan('a2', 'Partner', { kind: 'ACCOUNT', state: 'HIDDEN' }),
    ];
    const api = fakeGraphQL({
      TenantCurrency: tenantCurrency(),
      Plans: { data: { plans: connection('Plan', accountPlans) } },
      PlanChoices: { data: { plans: connection('Plan', accountPlans) } },
      CreatePlan: { data: { createPlan: { __typename: 'Plan', id: 'a3', name: 'Gold', systemName: 'gold', state: 'HIDDEN', isDefault: false } } },
    });
    renderScreen(<PlansView kind="ACCOUNT" />, { client: api.client, path: '/audience/accounts/plans', route: '/audience/accounts/plans' });

    expect(await screen.findByRole('heading', { name: 'Account Plans' })).toBeInTheDocument();
    const table = await screen.findByRole('grid', { name: 'Account plans' });
    expect(within(table).getByRole('columnheader', { name: 'Accounts' })).toBeInTheDocument();
    expect(await within(table).findByRole('link', { name: 'Free' })).toHaveAttribute('href', '/audience/accounts/plans/a1');
    expect(api.callsOf('Plans')[0]).toMatchObject({ kind: 'ACCOUNT', productId: null });

    await user.click(screen.getByRole('button', { name: 'Actions for Free' }));
    expect(screen.getByRole('menuitem', { name: 'Delete' })).toHaveAttribute('aria-disabled', 'true');
    await user.keyboard('{Escape}');

    await user.click(screen.getAllByRole('button', { name: 'Create account plan' })[0]);
    const dialog = screen.getByRole('dialog', { name: 'New account plan' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Gold');
    await user.click(within(dialog).getByRole('button', { name: 'Create plan' }));
    expect(await screen.findByText('Created account plan “Gold”')).toBeInTheDocument();
    expect(api.callsOf('CreatePlan')).toEqual([{ input: { kind: 'ACCOUNT', name: 'Gold', systemName: 'gold' } }]);
  });

  it('lists a product’s service plans with their subscriptions and creates one on the product', async () => {
    const user = userEvent.setup();
    const servicePlans = [plan('s1', 'Standard', { kind: 'SERVICE', subscriptions: { __typename: 'ServiceSubscriptionConnection', totalCount: 2 } })];
    const api = fakeGraphQL({
      TenantCurrency: tenantCurrency('EUR'),
      NodeName: { data: { node: { __typename: 'Product', id: 'x1', name: 'Echo' } } },
      Plans: { data: { plans: connection('Plan', servicePlans) } },
      PlanChoices: { data: { plans: connection('Plan', servicePlans) } },
      CreatePlan: { data: { createPlan: { __typename: 'Plan', id: 's2', name: 'Premium', systemName: 'premium', state: 'HIDDEN', isDefault: false } } },
    });
    renderScreen(<PlansView kind="SERVICE" />, {
      client: api.client,
      path: '/products/x1/subscriptions/service-plans',
      route: '/products/:productId/subscriptions/service-plans',
    });

    const table = await screen.findByRole('grid', { name: 'Service plans' });
    expect(within(table).getByRole('columnheader', { name: 'Subscriptions' })).toBeInTheDocument();
    expect(await within(table).findByRole('link', { name: 'Standard' })).toHaveAttribute('href', '/products/x1/subscriptions/service-plans/s1');
    expect(api.callsOf('Plans')[0]).toMatchObject({ kind: 'SERVICE', productId: 'x1' });

    await user.click(screen.getByRole('button', { name: 'Create service plan' }));
    const dialog = screen.getByRole('dialog', { name: 'New service plan' });
    await user.type(within(dialog).getByRole('textbox', { name: 'Name' }), 'Premium');
    await user.click(within(dialog).getByRole('button', { name: 'Create plan' }));
    expect(await screen.findByText('Created service plan “Premium”')).toBeInTheDocument();
    expect(api.callsOf('CreatePlan')).toEqual([{ input: { kind: 'SERVICE', productID: 'x1', name: 'Premium', systemName: 'premium' } }]);
  });
});
