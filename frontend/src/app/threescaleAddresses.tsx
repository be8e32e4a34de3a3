import { Route } from 'react-router';

import { accountUrl, accountsPath, newAccountPath } from '../accounts/urls';
import { applicationUrl, applicationsPath } from '../applications/urls';
import { invoicesPath } from '../billing/urls';
import { dashboardPath } from '../dashboard/urls';
import { productUrl, productsPath } from '../products/urls';
import { dataExportPath } from '../settings/urls';
import { Moved } from './Moved';

/**
 * Addresses of the 3scale Admin Portal, as bookmarks, old emails and the Analytics API's
 * `link` fields carry them, and the screen each one is here.
 */
const threescaleAddresses: [string, (id: string) => string][] = [
  ['p/admin/dashboard', () => dashboardPath],
  ['buyers/accounts', () => accountsPath],
  ['buyers/accounts/new', () => newAccountPath],
  ['buyers/accounts/:id', accountUrl],
  ['buyers/applications', () => applicationsPath],
  ['p/admin/applications/:id', applicationUrl],
  ['apiconfig/services', () => productsPath],
  ['apiconfig/services/:id', productUrl],
  ['finance/invoices', () => invoicesPath],
  ['p/admin/account/data_exports/new', () => dataExportPath],
];

/** Routes that send each 3scale Admin Portal address to its screen here. */
export function threescaleRoutes() {
  return threescaleAddresses.map(([path, to]) => <Route key={path} path={path} element={<Moved to={to} />} />);
}
