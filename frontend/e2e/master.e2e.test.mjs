// @ts-check
/**
 * The master portal: the master signs in on the master domain, creates a
 * tenant, opens it, impersonates its admin in a new tab (the banner says so,
 * the tenant's audit log names the master, logging out ends it), and
 * suspends it. Every screen is checked with axe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { checkPage, config, dismissToasts, launch, screenshot } from './browser.mjs';

const run = Date.now().toString(36);
const orgName = `Delta ${run}`;
const adminUsername = `delta_${run}`;
const adminPassword = `Delta-${run}-passw0rd`;

/** The address of the server under another name: *.localhost reaches the loopback in Chromium. */
function on(/** @type {string} */ host) {
  const url = new URL(config().baseURL);
  url.hostname = host;
  return url.origin;
}

describe('Master portal', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {import('playwright-core').Page} */
  let tenantTab;

  before(async () => {
    browser = await launch();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(15_000);
  });

  after(async () => {
    await browser?.close();
  });

  it('signs the master in on the master domain and lists the tenants', async () => {
    const master = on('master.localhost');
    await page.goto(`${master}/dashboard`);
    await page.waitForURL(/\/login/);
    await page.getByLabel('Email or username').fill('master');
    await page.getByLabel('Password').fill(config().password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/dashboard$/);
    await page.getByRole('button', { name: /Context/ }).click();
    await page.getByRole('menuitem', { name: /Tenants/ }).click();
    await page.waitForURL(/\/tenants$/);
    await page.getByRole('heading', { level: 1, name: 'Tenants' }).waitFor();
    // The default tenant that make run starts with is one of them.
    await page.getByRole('row').nth(1).waitFor();
    await checkPage(page, 'the tenants list');
  });

  it('creates a tenant and shows its admin portal and token once', async () => {
    await page.getByRole('button', { name: 'Create tenant' }).first().click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('textbox', { name: 'Organization name' }).fill(orgName);
    await dialog.getByRole('textbox', { name: 'Admin username' }).fill(adminUsername);
    await dialog.getByRole('textbox', { name: 'Admin email' }).fill(`${adminUsername}@example.com`);
    await dialog.getByLabel('Admin password').fill(adminPassword);
    await dialog.getByRole('button', { name: 'Create tenant' }).click();
    await dialog.getByRole('heading', { name: `${orgName} was created` }).waitFor();
    await dialog.getByRole('link', { name: new RegExp(`delta-${run}-admin\\.localhost`) }).waitFor();
    await dialog.getByText('it is not shown again').waitFor();
    await screenshot(page, 'master-tenant-created');
    await dialog.getByRole('button', { name: 'Open tenant' }).click();
    await page.getByRole('heading', { level: 1, name: orgName }).waitFor();
    await page.getByText('Approved').first().waitFor();
    await page.getByRole('row', { name: new RegExp(adminUsername) }).getByText('Admin').waitFor();
    await checkPage(page, 'a tenant');
    await screenshot(page, 'master-tenant');
  });

  it('impersonates the tenant admin in a new tab, with the banner and the audit entry', async () => {
    const [tab] = await Promise.all([
      page.context().waitForEvent('page'),
      page.getByRole('button', { name: 'Impersonate admin' }).click(),
    ]);
    tenantTab = tab;
    tenantTab.setDefaultTimeout(15_000);
    await tenantTab.waitForURL(new RegExp(`^http://delta-${run}-admin\\.localhost:\\d+/dashboard`));
    const banner = tenantTab.getByRole('status', { name: 'Impersonation' });
    await banner.getByText('impersonated by').waitFor();
    assert.match(await banner.innerText(), new RegExp(`${adminUsername}[\\s\\S]*impersonated by[\\s\\S]*master`));
    await tenantTab.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await checkPage(tenantTab, 'the dashboard while impersonating');
    await screenshot(tenantTab, 'master-impersonation');

    await tenantTab.goto(`${new URL(tenantTab.url()).origin}/settings/audit`);
    await tenantTab.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    const entry = tenantTab.getByRole('row', { name: /Impersonated/ });
    await entry.waitFor();
    assert.match(await entry.innerText(), /master/);
    await banner.waitFor();
    await checkPage(tenantTab, 'the audit log while impersonating');
  });

  it('ends the impersonation by logging out', async () => {
    await tenantTab.getByRole('button', { name: 'End impersonation' }).click();
    await tenantTab.waitForURL(/\/login/);
    await tenantTab.goto(`${new URL(tenantTab.url()).origin}/dashboard`);
    await tenantTab.waitForURL(/\/login/);
    await tenantTab.close();
  });

  it('suspends the tenant', async () => {
    await page.bringToFront();
    // The toast about the impersonation tab lies over the actions.
    await dismissToasts(page);
    await page.getByRole('group', { name: 'Tenant actions' }).getByRole('button', { name: 'Suspend' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByText('Its team cannot sign in').waitFor();
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await page.getByText(`${orgName} was suspended`).waitFor();
    await page.getByRole('group', { name: 'Tenant actions' }).getByRole('button', { name: 'Resume' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Impersonate admin' }).count(), 0, 'a suspended tenant offers impersonation');
    await checkPage(page, 'a suspended tenant');

    // Its admin cannot sign in any more.
    const response = await fetch(`${config().baseURL}/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ login: adminUsername, password: adminPassword, tenant: `delta-${run}-admin.localhost` }),
    });
    assert.equal(response.status, 403);

    await page.getByRole('link', { name: 'Tenants' }).click();
    await page.getByRole('row', { name: new RegExp(orgName) }).getByText('Suspended').waitFor();
    await screenshot(page, 'master-tenants');
  });
});
