import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';

import { apiError, connection, fakeGraphQL, renderScreen, tenantCurrency } from '../../test/graphql';
import { PlanPricingRules } from './PlanPricingRules';

const metrics = {
  data: {
    metrics: connection('Metric', [
      { id: 'm1', friendlyName: 'Hits', systemName: 'hits', parentID: null, backend: null },
      { id: 'm2', friendlyName: 'Get echo', systemName: 'get_echo', parentID: 'm1', backend: null },
    ]),
  },
};

describe('PlanPricingRules', () => {
  it('checks the range and the 4 decimal places, then maps an API error to its field', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      TenantCurrency: tenantCurrency('EUR'),
      PlanPricingRules: { data: { pricingRules: connection('PricingRule', []) } },
      MetricChoices: metrics,
      CreatePricingRule: apiError('VALIDATION', 'min: the range overlaps the pricing rule from 1 to 100', 'input.min'),
    });
    renderScreen(<PlanPricingRules planId="p1" productId="x1" />, { client: api.client });

    expect(await screen.findByText('No pricing rules')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Add pricing rule' }));
    const dialog = screen.getByRole('dialog', { name: /New pricing rule/ });
    await within(dialog).findByRole('option', { name: /Get echo/ });

    await user.clear(within(dialog).getByRole('textbox', { name: 'From (unit)' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'From (unit)' }), '50');
    await user.type(within(dialog).getByRole('textbox', { name: 'To (unit)' }), '10');
    await user.type(within(dialog).getByRole('textbox', { name: 'Cost per unit (EUR)' }), '0.12345');
    await user.click(within(dialog).getByRole('button', { name: 'Add pricing rule' }));
    expect(within(dialog).getByText('Must not be less than From.')).toBeInTheDocument();
    expect(within(dialog).getByText('Use at most 4 decimal places.')).toBeInTheDocument();
    expect(api.callsOf('CreatePricingRule')).toEqual([]);

    await user.clear(within(dialog).getByRole('textbox', { name: 'To (unit)' }));
    await user.clear(within(dialog).getByRole('textbox', { name: 'Cost per unit (EUR)' }));
    await user.type(within(dialog).getByRole('textbox', { name: 'Cost per unit (EUR)' }), '0.1234');
    await user.selectOptions(within(dialog).getByRole('combobox', { name: 'Metric or method' }), 'm2');
    await user.click(within(dialog).getByRole('button', { name: 'Add pricing rule' }));

    expect(await within(dialog).findByText('The range overlaps the pricing rule from 1 to 100')).toBeInTheDocument();
    expect(within(dialog).getByRole('textbox', { name: 'From (unit)' })).toHaveAttribute('aria-invalid', 'true');
    expect(api.callsOf('CreatePricingRule')).toEqual([
      { input: { min: 50, costPerUnit: '0.1234', planID: 'p1', metricID: 'm2' } },
    ]);
  });

  it('shows open-ended ranges and deletes after confirmation', async () => {
    const user = userEvent.setup();
    const api = fakeGraphQL({
      TenantCurrency: tenantCurrency('EUR'),
      PlanPricingRules: {
        data: {
          pricingRules: connection('PricingRule', [
            { id: 'r1', min: 1, max: null, costPerUnit: '0.0125', metric: { __typename: 'Metric', id: 'm1', friendlyName: 'Hits', systemName: 'hits', parentID: null } },
          ]),
        },
      },
      DeletePricingRule: { data: { deletePricingRule: { __typename: 'DeletePayload', deletedID: 'r1' } } },
    });
    renderScreen(<PlanPricingRules planId="p1" productId="x1" />, { client: api.client });

    expect(await screen.findByText('∞')).toBeInTheDocument();
    // The price per unit is shown with the tenant's currency, with its four decimals.
    expect(screen.getByText('€0.0125')).toBeInTheDocument();
    await user.click(screen.getByRole('button', { name: 'Actions for Hits from 1' }));
    await user.click(screen.getByRole('menuitem', { name: 'Delete' }));
    const dialog = screen.getByRole('dialog', { name: /Delete pricing rule\?/ });
    await user.click(within(dialog).getByRole('button', { name: 'Delete' }));
    expect(await screen.findByText('Deleted a pricing rule on Hits')).toBeInTheDocument();
    expect(api.callsOf('DeletePricingRule')).toEqual([{ id: 'r1' }]);
  });
});
