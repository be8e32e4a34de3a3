// @ts-check
/**
 * End-to-end checks of the Admin Portal against a running Portico server.
 *
 *   PORTICO_E2E_URL=http://127.0.0.1:8080 PORTICO_E2E_LOGIN=admin \
 *   PORTICO_E2E_PASSWORD=… npm run e2e
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { accessibilityViolations, config, describeViolations, launch, screenshot, signIn } from './browser.mjs';

/** Screens to visit after signing in, with the heading each one shows. */
const screens = [
  { path: '/audience/accounts', heading: 'Accounts' },
  { path: '/audience/applications', heading: 'Applications' },
  { path: '/products', heading: 'Products' },
  { path: '/backends', heading: 'Backends' },
  { path: '/settings/personal/tokens', heading: 'Tokens' },
  { path: '/settings/users', heading: 'Users' },
];

const viewports = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

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

  for (const { path, heading } of screens) {
    it(`renders ${path} without accessibility violations`, async () => {
      await page.setViewportSize(viewports[0]);
      await page.goto(`${config().baseURL}${path}`);
      await page.getByRole('heading', { level: 1, name: heading }).waitFor();
      await page.waitForLoadState('networkidle');
      await screenshot(page, path.slice(1).replaceAll('/', '-'));
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
