import { describe, expect, it } from 'vitest';

import { locate, sideNavigation, type NavEntry } from './navigation';

const labels = (entries: NavEntry[] | null) =>
  (entries ?? []).flatMap((entry) => (entry.kind === 'group' ? [entry.label, ...entry.items.map((item) => item.label)] : [entry.label]));

describe('sideNavigation', () => {
  it('offers account plans and service plans only when the tenant shows them', () => {
    const audience = locate('/audience/accounts');
    const product = locate('/products/4');
    expect(labels(sideNavigation(audience, { accountPlans: false, servicePlans: false }))).not.toContain('Account Plans');
    expect(labels(sideNavigation(product, { accountPlans: false, servicePlans: false }))).not.toContain('Service Plans');
    expect(labels(sideNavigation(audience, { accountPlans: true, servicePlans: false }))).toContain('Account Plans');
    expect(labels(sideNavigation(product, { accountPlans: false, servicePlans: true }))).toContain('Service Plans');
  });

  it('offers the audit log to admins only', () => {
    const settings = locate('/settings/audit');
    expect(labels(sideNavigation(settings, undefined, { isAdmin: true }))).toContain('Audit log');
    expect(labels(sideNavigation(settings, undefined, { isAdmin: false }))).not.toContain('Audit log');
    expect(labels(sideNavigation(settings))).not.toContain('Audit log');
  });

  it('offers Export to admins and to members with developer accounts or billing', () => {
    const settings = locate('/settings/export');
    expect(labels(sideNavigation(settings, undefined, { isAdmin: true }))).toContain('Export');
    expect(labels(sideNavigation(settings, undefined, { isAdmin: false, sections: ['PARTNERS'] }))).toContain('Export');
    expect(labels(sideNavigation(settings, undefined, { isAdmin: false, sections: ['FINANCE'] }))).toContain('Export');
    expect(labels(sideNavigation(settings, undefined, { isAdmin: false, sections: ['PLANS', 'SETTINGS'] }))).not.toContain('Export');
    expect(labels(sideNavigation(settings))).not.toContain('Export');
  });
});
