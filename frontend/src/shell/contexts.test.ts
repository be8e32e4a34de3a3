import { describe, expect, it } from 'vitest';

import { contextsFor, locate, portalContexts, sideNavigation } from './navigation';

const ids = (master: boolean) => contextsFor(master).map((context) => context.id);

describe('contextsFor', () => {
  it('offers the Tenants context to users of the master account, after the others', () => {
    expect(ids(true)).toEqual(['dashboard', 'audience', 'products', 'backends', 'settings', 'tenants']);
    expect(contextsFor(true).at(-1)).toMatchObject({ id: 'tenants', label: 'Tenants', to: '/tenants' });
  });

  it('offers no Tenants context to anyone else', () => {
    expect(ids(false)).toEqual(['dashboard', 'audience', 'products', 'backends', 'settings']);
    expect(ids(false)).not.toContain('tenants');
  });

  it('leaves the shared list of contexts as it was', () => {
    contextsFor(true);
    expect(portalContexts.map((context) => context.id)).not.toContain('tenants');
  });
});

describe('locate', () => {
  it.each(['/tenants', '/tenants/5', '/tenants/5/anything'])('places %s in the Tenants context', (path) => {
    expect(locate(path)).toEqual({ context: 'tenants' });
  });

  it('does not mistake a path that merely starts with the same letters', () => {
    expect(locate('/tenantsfoo').context).toBe('dashboard');
  });

  it('gives the Tenants context no side navigation', () => {
    expect(sideNavigation(locate('/tenants/5'))).toBeNull();
  });
});
