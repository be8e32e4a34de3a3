import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, fakeGraphQL, renderScreen, type Answer } from '../../test/graphql';
import { UsageRulesView } from './UsageRulesView';

const tenant = (rules: Partial<Record<string, boolean | string>> = {}, updatedAt = '2026-11-01T10:00:00Z') => ({
  __typename: 'Tenant',
  id: 't1',
  updatedAt,
  signupsEnabled: true,
  accountApprovalRequired: false,
  strongPasswords: false,
  developerDetailsEditable: true,
  accountPlansUIVisible: false,
  servicePlansUIVisible: false,
  changeAccountPlanPermission: 'REQUEST',
  changeServicePlanPermission: 'REQUEST',
  ...rules,
});

const rules = (values: Partial<Record<string, boolean>> = {}): Answer => ({
  data: { viewer: { __typename: 'Viewer', tenant: tenant(values) } },
});

describe('UsageRulesView', () => {
  it('shows the saved rules and saves the changed ones with updateTenant', async () => {
    const user = userEvent.setup();
    let saved = rules();
    const api = fakeGraphQL({
      UsageRules: () => saved,
      UpdateUsageRules: ({ input }) => {
        const values = input as Record<string, boolean | string>;
        saved = { data: { viewer: { __typename: 'Viewer', tenant: tenant(values, '2026-11-02T10:00:00Z') } } };
        return { data: { updateTenant: tenant(values, '2026-11-02T10:00:00Z') } };
      },
    });
    renderScreen(<UsageRulesView />, { client: api.client });

    expect(await screen.findByRole('radio', { name: /Developers may sign up themselves/ })).toBeChecked();
    expect(screen.getByRole('checkbox', { name: /Account approval required/ })).not.toBeChecked();
    expect(screen.getByRole('checkbox', { name: /Developers may edit their own details/ })).toBeChecked();
    const save = screen.getByRole('button', { name: 'Save' });
    expect(save).toBeDisabled();

    await user.click(screen.getByRole('radio', { name: /By invitation only/ }));
    await user.click(screen.getByRole('checkbox', { name: /Account approval required/ }));
    await user.click(screen.getByRole('checkbox', { name: /Strong passwords/ }));
    await user.click(screen.getByRole('checkbox', { name: /Account plans/ }));
    const accountPlanChanges = screen.getByRole('combobox', { name: 'Account plan changes' });
    expect(accountPlanChanges).toHaveValue('REQUEST');
    expect(screen.getAllByText(/A request notifies your team with a link to the account/)).toHaveLength(2);
    await user.selectOptions(accountPlanChanges, 'DIRECT');
    await user.selectOptions(screen.getByRole('combobox', { name: 'Service plan changes' }), 'REQUEST_CREDIT_CARD');
    await user.click(save);

    expect(await screen.findByText('Usage rules saved')).toBeInTheDocument();
    expect(api.callsOf('UpdateUsageRules')).toEqual([
      {
        input: {
          signupsEnabled: false,
          accountApprovalRequired: true,
          strongPasswords: true,
          developerDetailsEditable: true,
          accountPlansUIVisible: true,
          servicePlansUIVisible: false,
          changeAccountPlanPermission: 'DIRECT',
          changeServicePlanPermission: 'REQUEST_CREDIT_CARD',
        },
      },
    ]);
    // The form starts again from what was saved.
    expect(await screen.findByRole('button', { name: 'Save' })).toBeDisabled();
    expect(screen.getByRole('radio', { name: /By invitation only/ })).toBeChecked();
    expect(screen.getByRole('combobox', { name: 'Account plan changes' })).toHaveValue('DIRECT');
  });

  it('discards unsaved changes', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({ UsageRules: rules({ strongPasswords: true }) });
    renderScreen(<UsageRulesView />, { client: api.client });

    const strong = await screen.findByRole('checkbox', { name: /Strong passwords/ });
    await user.click(strong);
    expect(strong).not.toBeChecked();
    await user.click(screen.getByRole('button', { name: 'Discard changes' }));
    expect(strong).toBeChecked();
    expect(screen.getByRole('button', { name: 'Save' })).toBeDisabled();
  });

  it('shows a refused rule beside its field, and other refusals as a toast', async () => {
    const user = userEvent.setup();
    let answer = apiError('VALIDATION', 'strong_passwords: cannot be changed on this plan', 'input.strongPasswords');
    const api = fakeGraphQL({ UsageRules: rules(), UpdateUsageRules: () => answer });
    renderScreen(<UsageRulesView />, { client: api.client });

    await user.click(await screen.findByRole('checkbox', { name: /Strong passwords/ }));
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Cannot be changed on this plan')).toBeInTheDocument();
    expect(screen.getByRole('checkbox', { name: /Strong passwords/ })).toHaveAttribute('aria-invalid', 'true');

    answer = apiError('FORBIDDEN', 'settings are read-only for you');
    await user.click(screen.getByRole('button', { name: 'Save' }));
    expect(await screen.findByText('Could not save the usage rules')).toBeInTheDocument();
    expect(screen.getByText('You do not have permission to do this.')).toBeInTheDocument();
  });

  it('shows an error state when the rules cannot be loaded', async () => {
    const api = fakeGraphQL({ UsageRules: apiError('INTERNAL', 'boom') });
    renderScreen(<UsageRulesView />, { client: api.client });
    expect(await screen.findByText('Something went wrong')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Try again' })).toBeInTheDocument();
  });
});
