import { render, screen } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router';
import { describe, expect, it } from 'vitest';

import { threescaleRoutes } from './threescaleAddresses';

function Here() {
  const { pathname, search } = useLocation();
  return <output>{pathname + search}</output>;
}

function landOn(address: string) {
  render(
    <MemoryRouter initialEntries={[address]}>
      <Routes>
        {threescaleRoutes()}
        <Route path="*" element={<Here />} />
      </Routes>
    </MemoryRouter>,
  );
  return screen.getByRole('status').textContent;
}

describe('3scale Admin Portal addresses', () => {
  it.each([
    ['/buyers/accounts/4294967299', '/audience/accounts/4294967299'],
    ['/buyers/accounts/new', '/audience/accounts/new'],
    ['/buyers/accounts', '/audience/accounts'],
    ['/p/admin/applications/8589934593', '/audience/applications/8589934593'],
    ['/buyers/applications', '/audience/applications'],
    ['/apiconfig/services/42949672961', '/products/42949672961'],
    ['/apiconfig/services', '/products'],
    ['/p/admin/dashboard', '/dashboard'],
    ['/finance/invoices?state=open', '/audience/billing/invoices?state=open'],
    ['/p/admin/account/data_exports/new', '/settings/export'],
  ])('%s opens %s', (address, screenHere) => {
    expect(landOn(address)).toBe(screenHere);
  });

  it('leaves addresses it does not know to the page-not-found screen', () => {
    expect(landOn('/buyers/somewhere/else')).toBe('/buyers/somewhere/else');
  });
});
