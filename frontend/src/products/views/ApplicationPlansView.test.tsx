import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, connection, fakeGraphQL, renderScreen } from '../../test/graphql';
import { ApplicationPlansView } from './ApplicationPlansView';

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
  applications: { __typename: 'ApplicationConnection', totalCount: 0 },
  ...extra,
});

const plans = [plan('p1', 'Basic', { isDefault: true }), plan('p2', 'Pro', { state: 'HIDDEN' })];

function render(extra = {}) {
  const api = fakeGraphQL({
    NodeName: { data: { node: { __typename: 'Product', id: 'x1', name: 'Echo' } } },
    ApplicationPlans: { data: { plans: connection('Plan', plans) } },
    PlanChoices: { data: { plans: connection('Plan', plans) } },
    ...extra,
  });
  renderScreen(<ApplicationPlansView />, { client: api.client, path: '/products/x1/applications/plans', route: '/products/:productId/applications/plans' });
  return api;
}

describe('ApplicationPlansView', () => {
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
});
