// @ts-check
/**
 * End-to-end checks of the Admin Portal against a running Portico server.
 *
 *   PORTICO_E2E_URL=http://127.0.0.1:8080 PORTICO_E2E_LOGIN=admin \
 *   PORTICO_E2E_PASSWORD=… npm run e2e
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { accessibilityViolations, config, describeViolations, graphql, launch, screenshot, signIn, viewports } from './browser.mjs';

/** A suffix that keeps what this run creates apart from earlier runs' data. */
const run = Date.now().toString(36);

/** What this file creates through GraphQL before visiting the screens, and what the installation starts with. */
const data = {
  orgName: `Admin screens ${run}`,
  applicationName: `Admin screens app ${run}`,
  backendName: `Admin screens backend ${run}`,
  backendSystemName: `admin_screens_${run}`,
  backendEndpoint: `https://admin-screens-${run}.internal`,
  tokenName: `Admin screens token ${run}`,
  apiProductId: '',
  accountPlanName: '',
  adminEmail: '',
};

/**
 * Creates an account with an application on the bootstrapped product "API"
 * (plan Basic), a backend and a read-only access token, and reads what the
 * screens should show of the installation itself.
 */
async function createData() {
  const installed = await graphql(`{
    viewer { user { email } }
    products(where: { systemName: "api" }) { edges { node { id plans(where: { systemName: "basic" }) { edges { node { id } } } } } }
  }`);
  data.adminEmail = installed.viewer.user.email;
  const api = installed.products.edges[0].node;
  data.apiProductId = api.id;
  const account = await graphql(
    `mutation ($org: String!) { createAccount(input: { orgName: $org }) { id plan { name } } }`,
    { org: data.orgName },
  );
  data.accountPlanName = account.createAccount.plan?.name ?? '—';
  await graphql(
    `mutation ($app: String!, $account: ID!, $product: ID!, $plan: ID!, $backend: CreateBackendInput!, $token: CreateAccessTokenInput!) {
      createApplication(input: { name: $app, accountID: $account, productID: $product, planID: $plan }) { id }
      createBackend(input: $backend) { id }
      createAccessToken(input: $token) { accessToken { id } }
    }`,
    {
      app: data.applicationName,
      account: account.createAccount.id,
      product: api.id,
      plan: api.plans.edges[0].node.id,
      backend: { name: data.backendName, systemName: data.backendSystemName, privateEndpoint: data.backendEndpoint },
      token: { name: data.tokenName, scopes: ['ACCOUNT_MANAGEMENT'], permission: 'RO' },
    },
  );
}

/**
 * Screens to visit after signing in: the heading each one shows, the table
 * that is what the screen is for, and rows (cell text by column title) that
 * table must show.
 * @type {{ path: () => string; heading: string; table: string; rows: () => Record<string, string>[] }[]}
 */
const screens = [
  {
    path: () => '/audience/accounts',
    heading: 'Accounts',
    table: 'Accounts',
    rows: () => [{ 'Group/Org.': data.orgName, Admin: '—', Plan: data.accountPlanName, Apps: '1', State: 'Approved' }],
  },
  {
    path: () => '/audience/applications',
    heading: 'Applications',
    table: 'Applications',
    rows: () => [{ Name: data.applicationName, Account: data.orgName, Product: 'API', Plan: 'Basic', State: 'Live' }],
  },
  {
    path: () => '/products',
    heading: 'Products',
    table: 'Products',
    rows: () => [{ Name: 'API', 'System name': 'api' }],
  },
  {
    path: () => `/products/${data.apiProductId}/applications/plans`,
    heading: 'Application Plans',
    table: 'Application plans',
    rows: () => [
      { Name: 'Basic Default', Applications: '1', State: 'Published' },
      { Name: 'Unlimited', Applications: '0', State: 'Published' },
    ],
  },
  {
    path: () => '/backends',
    heading: 'Backends',
    table: 'Backends',
    rows: () => [
      { Name: data.backendName, 'System name': data.backendSystemName, 'Private endpoint': data.backendEndpoint, 'Used by products': '0' },
    ],
  },
  {
    path: () => '/settings/personal/tokens',
    heading: 'Tokens',
    table: 'Access tokens',
    rows: () => [{ Name: data.tokenName, Permission: 'Read only', Expires: 'Never' }],
  },
  {
    path: () => '/settings/users',
    heading: 'Users',
    table: 'Users',
    rows: () => [{ Username: 'admin', Email: data.adminEmail, Role: 'Admin', State: 'Active' }],
  },
];

/**
 * The rows of the table named `label`, each as cell text by column title
 * (whitespace collapsed); none while the table is loading or absent.
 * Runs in the page.
 * @param {string} label
 * @returns {Record<string, string>[]}
 */
function tableRows(label) {
  const table = document.querySelector(`table[aria-label="${CSS.escape(label)}"]`);
  if (!table || table.getAttribute('aria-busy') === 'true') return [];
  const text = (/** @type {Element} */ cell) => (cell instanceof HTMLElement ? cell.innerText : '').replace(/\s+/g, ' ').trim();
  const titles = Array.from(table.querySelectorAll('thead th')).map(text);
  return Array.from(table.querySelectorAll('tbody tr')).map((row) =>
    Object.fromEntries(Array.from(row.querySelectorAll('td')).map((cell, i) => [titles[i] || `#${i}`, text(cell)])),
  );
}

/**
 * Waits until the table named `table` shows a row holding every cell of
 * `want`; fails listing the rows it shows otherwise.
 * @param {import('playwright-core').Page} page
 * @param {string} table
 * @param {Record<string, string>} want
 */
async function expectRow(page, table, want) {
  const matches = (/** @type {Record<string, string>} */ row) => Object.entries(want).every(([title, value]) => row[title] === value);
  const deadline = Date.now() + 15_000;
  let shown = await page.evaluate(tableRows, table);
  while (!shown.some(matches)) {
    if (Date.now() > deadline) {
      assert.fail(`table "${table}" shows no row with ${JSON.stringify(want)}; its rows: ${JSON.stringify(shown, null, 1)}`);
    }
    await page.waitForTimeout(250);
    shown = await page.evaluate(tableRows, table);
  }
}

describe('Admin Portal', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').BrowserContext} */
  let context;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {string[]} */
  const pageErrors = [];

  before(async () => {
    await createData();
    browser = await launch();
    context = await browser.newContext({ viewport: viewports[0] });
    page = await context.newPage();
    page.on('pageerror', (error) => pageErrors.push(error.message));
  });

  after(async () => {
    await browser?.close();
  });

  it('shows the login screen without accessibility violations', async () => {
    await page.goto(`${config().baseURL}/login`);
    await page.getByRole('heading', { name: 'Sign in to Portico' }).waitFor();
    await screenshot(page, 'login');
    const violations = await accessibilityViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
  });

  it('refuses wrong credentials with a message', async () => {
    await page.getByLabel('Email or username').fill(config().login);
    await page.getByLabel('Password').fill('definitely-not-the-password');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email, username or password is incorrect.').waitFor();
  });

  it('signs in, lands on the dashboard and passes the accessibility scan', async () => {
    await signIn(page);
    for (const viewport of viewports) {
      await page.setViewportSize(viewport);
      await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, `dashboard-${viewport.width}x${viewport.height}`);
      const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
      assert.ok(overflow <= 0, `the dashboard is ${overflow}px wider than a ${viewport.width}px window`);
    }
    const violations = await accessibilityViolations(page);
    assert.equal(violations.length, 0, describeViolations(violations));
  });

  it('keeps the session across a reload of a deep link', async () => {
    await page.goto(`${config().baseURL}/products`);
    await page.getByRole('heading', { level: 1, name: 'Products' }).waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Products' }).waitFor();
    assert.match(page.url(), /\/products$/);
  });

  for (const { path, heading, table, rows } of screens) {
    it(`shows ${heading} with what the installation holds, without accessibility violations`, async () => {
      await page.setViewportSize(viewports[0]);
      await page.goto(`${config().baseURL}${path()}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      for (const row of rows()) await expectRow(page, table, row);
      await page.waitForLoadState('networkidle');
      await screenshot(page, heading.toLowerCase().replaceAll(' ', '-'));
      const violations = await accessibilityViolations(page);
      assert.equal(violations.length, 0, describeViolations(violations));
    });
  }

  it('logs out from the user menu', async () => {
    await page.goto(`${config().baseURL}/dashboard`);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await page.locator('.pf-v6-c-masthead').getByRole('button').last().click();
    await page.getByRole('menuitem', { name: 'Log out' }).click();
    await page.waitForURL(/\/login$/);
    await page.goto(`${config().baseURL}/dashboard`);
    await page.waitForURL(/\/login\?next=%2Fdashboard$/);
  });

  it('raised no uncaught errors in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
