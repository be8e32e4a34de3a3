import { screen, within } from '@testing-library/react';
import { describe, expect, it } from 'vitest';

import { connection, fakeGraphQL, renderScreen, tenantCurrency } from '../../test/graphql';
import { PlanDetailView } from './PlanDetailView';

const route = '/products/:productId/applications/plans/:planId';

const mobile = {
  __typename: 'Application',
  id: 'app1',
  name: 'Mobile',
  account: { __typename: 'Account', id: 'a1', orgName: 'Acme' },
};

function plan(extra: object = {}) {
  return {
    __typename: 'Plan',
    id: 'p1',
    name: 'Pro',
    systemName: 'pro',
    description: null,
    kind: 'APPLICATION',
    state: 'PUBLISHED',
    isDefault: false,
    approvalRequired: false,
    setupFee: '0',
    costPerMonth: '49.0000',
    trialPeriodDays: 0,
    createdAt: '2026-11-01T00:00:00Z',
    productID: 'x1',
    originalID: null,
    original: null,
    features: [],
    applications: connection('Application', []),
    ...extra,
  };
}

const customPro = plan({
  id: 'p9',
  name: 'Pro (custom)',
  systemName: 'pro_custom_app1',
  state: 'HIDDEN',
  originalID: 'p1',
  original: { __typename: 'Plan', id: 'p1', name: 'Pro' },
  applications: connection('Application', [mobile]),
});

const admin = { __typename: 'User', id: 'u1', role: 'ADMIN', sections: [] };
const plansOnlyMember = { __typename: 'User', id: 'u2', role: 'MEMBER', sections: ['PLANS'] };

function render(node: object, viewer: object = admin) {
  const api = fakeGraphQL({
    TenantCurrency: tenantCurrency('EUR'),
    ViewerSections: { data: { viewer: { __typename: 'Viewer', user: viewer } } },
    PlanDetail: { data: { node } },
    NodeName: { data: { node: { __typename: 'Product', id: 'x1', name: 'Echo' } } },
    PlanLimits: { data: { usageLimits: connection('UsageLimit', []) } },
    PlanPricingRules: { data: { pricingRules: connection('PricingRule', []) } },
    ProductFeatures: { data: { features: connection('Feature', []) } },
  });
  renderScreen(<PlanDetailView />, { client: api.client, path: `/products/x1/applications/plans/${(node as { id: string }).id}`, route });
  return api;
}

describe('PlanDetailView', () => {
  it('says whose custom plan it is and which plan it was customized from, with links to both', async () => {
    const api = render(customPro);

    const heading = await screen.findByRole('heading', { name: /Custom plan of Mobile — customized from Pro/ });
    const notice = heading.closest('.pf-v6-c-alert') as HTMLElement;
    expect(within(notice).getByRole('link', { name: 'Mobile' })).toHaveAttribute('href', '/audience/applications/app1');
    expect(within(notice).getByRole('link', { name: 'Pro' })).toHaveAttribute('href', '/products/x1/applications/plans/p1');
    expect(within(notice).getByRole('link', { name: 'Acme' })).toHaveAttribute('href', '/audience/accounts/a1');
    expect(notice).toHaveTextContent('it is deleted when the application moves to another plan');
    expect(screen.getByRole('heading', { level: 1, name: 'Pro (custom)' })).toBeInTheDocument();
    expect(api.callsOf('PlanDetail')).toEqual([{ id: 'p9', withApplications: true }]);
  });

  it('shows an ordinary plan without the notice', async () => {
    render(plan({ applications: connection('Application', [mobile], 3) }));

    expect(await screen.findByRole('heading', { level: 1, name: 'Pro' })).toBeInTheDocument();
    expect(screen.getByText(/3 applications/)).toBeInTheDocument();
    expect(screen.queryByText(/Custom plan/)).not.toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Hide' })).toBeInTheDocument();
  });

  it('shows the plan to a member who may not read applications, without asking for them', async () => {
    const { applications: _hidden, ...withoutApplications } = customPro;
    const api = render(withoutApplications, plansOnlyMember);

    expect(await screen.findByRole('heading', { level: 1, name: 'Pro (custom)' })).toBeInTheDocument();
    expect(api.callsOf('PlanDetail')).toEqual([{ id: 'p9', withApplications: false }]);
    expect(screen.getByRole('heading', { name: /Custom plan — customized from Pro/ })).toBeInTheDocument();
    expect(screen.getByText(/It belongs to one application/)).toBeInTheDocument();
    expect(screen.queryByText(/applications?$/)).not.toBeInTheDocument();
  });
});
