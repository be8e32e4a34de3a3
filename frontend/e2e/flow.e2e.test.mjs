// @ts-check
/**
 * The whole provider journey through the Admin Portal, against a running
 * Portico server: a product with a metric, a method, a mapping rule and a
 * plan with a limit and a pricing rule; a developer account with an
 * application; its credentials used on the decision plane; the application
 * suspended from its page and refused from then on.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { checkPage, config, graphql, launch, screenshot, signIn, viewports } from './browser.mjs';

const run = Date.now().toString(36);
const productName = `Echo ${run}`;
const orgName = `Developer ${run}`;
/**
 * Calls authrep until it answers `want` (the decision plane mirrors changes
 * asynchronously) and returns the last status; 404 means it is not mounted.
 * @param {string} url
 * @param {number} want
 */
async function authrep(url, want) {
  let status = 0;
  let body = '';
  for (let attempt = 0; attempt < 40; attempt++) {
    const response = await fetch(url);
    status = response.status;
    body = await response.text();
    if (status === want || status === 404) break;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
  return { status, body };
}

describe('Provider journey', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {string[]} */
  const pageErrors = [];
  const state = { productId: '', serviceToken: '', planUrl: '', accountUrl: '', applicationId: '', userKey: '' };

  before(async () => {
    browser = await launch();
    const context = await browser.newContext({ viewport: viewports[0] });
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: config().baseURL });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page);
  });

  after(async () => {
    await browser?.close();
  });

  it('creates a product with a derived system name', async () => {
    await page.goto(`${config().baseURL}/products`);
    await page.getByRole('button', { name: 'Create product' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Create Product' }).waitFor();
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.getByText('Enter a name.').waitFor();
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(productName);
    assert.equal(await page.getByRole('textbox', { name: 'System name', exact: true }).inputValue(), `echo_${run}`);
    await checkPage(page, 'the new product form');
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.getByRole('heading', { level: 1, name: productName }).waitFor();
    state.productId = decodeURIComponent(new URL(page.url()).pathname.split('/')[2]);
    state.serviceToken = await page.getByRole('textbox', { name: 'Service token' }).inputValue();
    assert.match(state.serviceToken, /^[0-9a-f]{16,}$/);
    await checkPage(page, 'the product overview');
  });

  it('refuses a system name that is already taken, next to the field', async () => {
    await page.goto(`${config().baseURL}/products/new`);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`${productName} again`);
    await page.getByRole('textbox', { name: 'System name', exact: true }).fill(`echo_${run}`);
    await page.getByRole('button', { name: 'Create product' }).click();
    await page.getByText(/already taken/i).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'System name', exact: true }).getAttribute('aria-invalid'), 'true');
  });

  it('adds a metric and a method, shown as a tree', async () => {
    await page.goto(`${config().baseURL}/products/${state.productId}/integration/methods-metrics`);
    await page.getByRole('heading', { level: 1, name: 'Methods & Metrics' }).waitFor();
    await page.getByRole('button', { name: 'Add a metric' }).click();
    const metricDialog = page.getByRole('dialog', { name: 'New metric' });
    await metricDialog.getByRole('textbox', { name: 'Friendly name', exact: true }).fill('Bytes out');
    await metricDialog.getByRole('textbox', { name: 'Unit', exact: true }).fill('byte');
    await metricDialog.getByRole('button', { name: 'Add metric' }).click();
    await metricDialog.waitFor({ state: 'detached' });

    await page.getByRole('button', { name: 'Add a method' }).click();
    const methodDialog = page.getByRole('dialog', { name: 'New method' });
    await methodDialog.getByRole('textbox', { name: 'Friendly name', exact: true }).fill('Get echo');
    assert.equal(await methodDialog.getByRole('textbox', { name: 'System name', exact: true }).inputValue(), 'get_echo');
    await methodDialog.getByRole('button', { name: 'Add method' }).click();
    await methodDialog.waitFor({ state: 'detached' });

    const tree = page.getByRole('treegrid', { name: 'Methods and metrics' });
    await tree.getByRole('row', { name: /Get echo/ }).waitFor();
    assert.equal(await tree.getByRole('row', { name: /Get echo/ }).getAttribute('aria-level'), '2');
    assert.equal(await tree.getByRole('row', { name: /Bytes out/ }).getAttribute('aria-level'), '1');
    await checkPage(page, 'Methods & Metrics');
    await screenshot(page, 'methods-metrics', { dismissToasts: true });
  });

  it('adds a mapping rule and marks its method as mapped', async () => {
    await page.goto(`${config().baseURL}/products/${state.productId}/integration/mapping-rules`);
    await page.getByRole('button', { name: 'Add mapping rule' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New mapping rule' });
    await dialog.getByRole('textbox', { name: 'Pattern', exact: true }).fill('echo');
    await dialog.getByRole('button', { name: 'Add mapping rule' }).click();
    await dialog.getByText("Must start with '/'.").waitFor();
    await dialog.getByRole('textbox', { name: 'Pattern', exact: true }).fill('/echo');
    const metricSelect = dialog.getByRole('combobox', { name: 'Method or metric to increment', exact: true });
    const value = await metricSelect.locator('option', { hasText: 'Get echo' }).getAttribute('value');
    await metricSelect.selectOption(value ?? '');
    await dialog.getByRole('button', { name: 'Add mapping rule' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('grid', { name: 'Mapping rules' }).getByRole('gridcell', { name: '/echo', exact: true }).waitFor();
    await checkPage(page, 'Mapping Rules');

    await page.goto(`${config().baseURL}/products/${state.productId}/integration/methods-metrics`);
    const row = page.getByRole('treegrid', { name: 'Methods and metrics' }).getByRole('row', { name: /Get echo/ });
    await row.getByText('Mapped').waitFor();
  });

  it('creates a backend and mounts it on the product under a path', async () => {
    await page.goto(`${config().baseURL}/backends/new`);
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`Echo service ${run}`);
    await page.getByRole('textbox', { name: 'Private base URL', exact: true }).fill('not a url');
    await page.getByRole('button', { name: 'Create backend' }).click();
    await page.getByText('Enter a full URL, e.g. https://orders.internal:8443.').waitFor();
    await page.getByRole('textbox', { name: 'Private base URL', exact: true }).fill('https://echo.internal:8443');
    await checkPage(page, 'the new backend form');
    await page.getByRole('button', { name: 'Create backend' }).click();
    await page.getByRole('heading', { level: 1, name: `Echo service ${run}` }).waitFor();

    await page.goto(`${config().baseURL}/products/${state.productId}/integration/backends`);
    await page.getByRole('button', { name: 'Add backend' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Add a backend' });
    await dialog.getByRole('combobox', { name: 'Backend', exact: true }).fill(`service ${run}`);
    await page.getByRole('option', { name: new RegExp(`Echo service ${run}`) }).click();
    await dialog.getByRole('textbox', { name: 'Public path', exact: true }).fill('/v1');
    await dialog.getByRole('button', { name: 'Add to product' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('grid', { name: 'Backends used by this product' }).getByRole('gridcell', { name: '/v1', exact: true }).waitFor();
    await checkPage(page, 'the product backends');
  });

  it('creates a published plan with a limit and a pricing rule', async () => {
    await page.goto(`${config().baseURL}/products/${state.productId}/applications/plans`);
    await page.getByRole('heading', { level: 1, name: 'Application Plans' }).waitFor();
    await page.getByRole('button', { name: 'Create application plan' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New application plan' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Basic');
    await dialog.getByRole('button', { name: 'Create plan' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('link', { name: 'Basic' }).click();
    await page.getByRole('heading', { level: 1, name: 'Basic' }).waitFor();
    state.planUrl = page.url();

    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByRole('button', { name: 'Hide' }).waitFor();

    await page.getByRole('button', { name: 'Add limit' }).click();
    const limit = page.getByRole('dialog', { name: 'New usage limit' });
    await limit.getByRole('combobox', { name: 'Period', exact: true }).selectOption('DAY');
    await limit.getByRole('textbox', { name: 'Max. value', exact: true }).fill('1000');
    await limit.getByRole('button', { name: 'Add limit' }).click();
    await limit.waitFor({ state: 'detached' });
    await page.getByRole('grid', { name: 'Usage limits' }).getByRole('gridcell', { name: '1,000', exact: true }).waitFor();

    await page.getByRole('button', { name: 'Add pricing rule' }).click();
    const pricing = page.getByRole('dialog', { name: 'New pricing rule' });
    await pricing.getByRole('textbox', { name: /^Cost per unit/ }).fill('0.00125');
    await pricing.getByRole('button', { name: 'Add pricing rule' }).click();
    await pricing.getByText('Use at most 4 decimal places.').waitFor();
    await pricing.getByRole('textbox', { name: /^Cost per unit/ }).fill('0.0125');
    await pricing.getByRole('button', { name: 'Add pricing rule' }).click();
    await pricing.waitFor({ state: 'detached' });
    await page.getByRole('grid', { name: 'Pricing rules' }).getByRole('gridcell', { name: /0\.0125/ }).waitFor();

    await page.getByRole('textbox', { name: /^Setup fee/ }).fill('10.50');
    await page.getByRole('button', { name: 'Update plan' }).click();
    await page.getByText('Saved application plan “Basic”').waitFor();
    await checkPage(page, 'the plan page');
    await screenshot(page, 'plan-page', { dismissToasts: true });
  });

  it('creates a developer account with an admin user', async () => {
    await page.goto(`${config().baseURL}/audience/accounts`);
    await page.getByRole('button', { name: 'Create account' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Create Account' }).waitFor();
    await page.getByRole('textbox', { name: 'Organization/Group name', exact: true }).fill(orgName);
    await page.getByRole('textbox', { name: 'Username', exact: true }).fill(`dev${run}`);
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(`dev${run}@example.com`);
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('short');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByText('Use at least 8 characters.').waitFor();
    await page.getByRole('textbox', { name: 'Password', exact: true }).fill('Developer-pass-1');
    await checkPage(page, 'the new account form');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: orgName }).waitFor();
    state.accountUrl = page.url();
    await page.getByRole('grid', { name: 'Users' }).getByRole('gridcell', { name: `dev${run}`, exact: true }).waitFor();
    await checkPage(page, 'the account page');
    await screenshot(page, 'account-page', { dismissToasts: true });
  });

  it('creates a developer account whose admin is invited by email', async () => {
    const invited = `Invited ${run}`;
    const email = `owner-${run}@example.com`;
    await page.goto(`${config().baseURL}/audience/accounts/new`);
    await page.getByRole('textbox', { name: 'Organization/Group name', exact: true }).fill(invited);
    await page.getByRole('radio', { name: 'Invite the admin by email' }).check();
    await page.getByRole('textbox', { name: 'Username', exact: true }).waitFor({ state: 'detached' });
    await page.getByRole('textbox', { name: 'Email', exact: true }).fill(email);
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: invited }).waitFor();
    await page.getByText(`Invitation sent to ${email}`).waitFor();
    await page.getByRole('grid', { name: 'Invitations' }).getByRole('gridcell', { name: email, exact: true }).waitFor();
    await checkPage(page, 'the invited account page');
    await page.goto(state.accountUrl);
    await page.getByRole('heading', { level: 1, name: orgName }).waitFor();
  });

  it('creates an application and reads its user key from the page', async () => {
    await page.getByRole('button', { name: 'Create application' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create Application' }).waitFor();
    await page.waitForFunction((name) => {
      const input = /** @type {HTMLInputElement | null} */ (document.querySelector('#application-account'));
      return input?.value === name;
    }, orgName);
    const product = page.getByRole('combobox', { name: 'Product', exact: true });
    const value = await product.locator('option', { hasText: productName }).getAttribute('value');
    await product.selectOption(value ?? '');
    await page.getByRole('combobox', { name: 'Application plan', exact: true }).locator('option', { hasText: 'Basic' }).waitFor({ state: 'attached' });
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill('Echo client');
    await checkPage(page, 'the new application form');
    await page.getByRole('button', { name: 'Create application' }).click();
    await page.getByRole('heading', { level: 1, name: 'Echo client' }).waitFor();
    state.applicationId = decodeURIComponent(new URL(page.url()).pathname.split('/')[3]);

    const key = page.getByRole('textbox', { name: 'User key' });
    state.userKey = await key.inputValue();
    assert.match(state.userKey, /^[0-9A-Za-z-]{5,256}$/);
    await page.getByRole('button', { name: 'Copy', exact: true }).first().click();
    // Headless Chromium may refuse clipboard reads; when it allows them, the copy holds the key.
    const copied = await page.evaluate(() => navigator.clipboard.readText().catch(() => null));
    if (copied) assert.equal(copied, state.userKey);
    await checkPage(page, 'the application page');
    await screenshot(page, 'application-page', { dismissToasts: true });
  });

  it('authorizes the live application on the decision plane', async () => {
    const url = `${config().baseURL}/transactions/authrep.xml?service_id=${encodeURIComponent(state.productId)}&user_key=${encodeURIComponent(state.userKey)}&usage%5Bhits%5D=1&service_token=${encodeURIComponent(state.serviceToken)}`;
    const { status, body } = await authrep(url, 200);
    if (status === 404) {
      const data = await graphql('query($id: ID!) { node(id: $id) { ... on Application { state } } }', { id: state.applicationId });
      assert.equal(data.node.state, 'LIVE');
    } else {
      assert.equal(status, 200, body);
    }
  });

  it('suspends the application from its page, after which it is refused', async () => {
    await page.getByRole('group', { name: 'Application actions' }).getByRole('button', { name: 'Suspend' }).click();
    const dialog = page.getByRole('dialog', { name: 'Suspend application?' });
    await dialog.getByRole('button', { name: 'Suspend' }).click();
    await page.getByRole('button', { name: 'Resume' }).waitFor();
    await page.locator('.pf-v6-c-description-list').getByText('Suspended', { exact: true }).waitFor();

    const url = `${config().baseURL}/transactions/authrep.xml?service_id=${encodeURIComponent(state.productId)}&user_key=${encodeURIComponent(state.userKey)}&usage%5Bhits%5D=1&service_token=${encodeURIComponent(state.serviceToken)}`;
    const { status, body } = await authrep(url, 409);
    if (status === 404) {
      const data = await graphql('query($id: ID!) { node(id: $id) { ... on Application { state } } }', { id: state.applicationId });
      assert.equal(data.node.state, 'SUSPENDED');
    } else {
      assert.equal(status, 409, body);
    }
  });

  it('approves and suspends accounts in bulk, reporting each one', async () => {
    await page.goto(`${config().baseURL}/audience/accounts?q=${encodeURIComponent(orgName)}`);
    const table = page.getByRole('grid', { name: 'Accounts' });
    await table.getByRole('link', { name: orgName }).waitFor();
    await screenshot(page, 'accounts-list', { dismissToasts: true });
    await checkPage(page, 'the accounts list');
    await table.getByRole('checkbox', { name: `Select ${orgName}` }).check();
    await page.getByRole('button', { name: 'Approve selected' }).click();
    await page.getByRole('dialog', { name: /Approve 1 account/ }).getByRole('button', { name: 'Approve' }).click();
    const results = page.getByRole('dialog', { name: 'Approve accounts' });
    await results.getByText(/skipped, an account that is approved/).waitFor();
    await results.getByRole('button', { name: 'Done' }).click();

    await table.getByRole('checkbox', { name: `Select ${orgName}` }).check();
    await page.getByRole('button', { name: 'Suspend selected' }).click();
    await page.getByRole('dialog', { name: /Suspend 1 account/ }).getByRole('button', { name: 'Suspend' }).click();
    const suspended = page.getByRole('dialog', { name: 'Suspend accounts' });
    await suspended.getByText(`${orgName}: suspended`).waitFor();
    await suspended.getByRole('button', { name: 'Done' }).click();
    await table.getByText('Suspended').waitFor();
  });

  it('offers only the allowed state actions on the account page', async () => {
    await page.goto(state.accountUrl);
    const actions = page.getByRole('group', { name: 'Account actions' });
    await actions.getByRole('button', { name: 'Resume' }).waitFor();
    assert.equal(await actions.getByRole('button', { name: 'Approve' }).count(), 0);
    assert.equal(await actions.getByRole('button', { name: 'Suspend' }).count(), 0);
    await actions.getByRole('button', { name: 'Resume' }).click();
    await actions.getByRole('button', { name: 'Suspend' }).waitFor();
  });

  it('creates an access token, shows its value once, and deletes it', async () => {
    await page.goto(`${config().baseURL}/settings/personal/tokens`);
    await page.getByRole('button', { name: 'Add access token' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'New access token' });
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(`e2e ${run}`);
    await dialog.getByRole('button', { name: 'Create token' }).click();
    await dialog.getByText('Choose at least one API.').waitFor();
    await dialog.getByRole('checkbox', { name: 'Account Management API', exact: true }).check();
    await dialog.getByRole('radio', { name: 'Read & write', exact: true }).check();
    await checkPage(page, 'the new access token dialog');
    await dialog.getByRole('button', { name: 'Create token' }).click();
    const shown = page.getByRole('dialog', { name: `Access token “e2e ${run}” created` });
    const value = await shown.getByRole('textbox', { name: 'Access token value' }).inputValue();
    assert.ok(value.length >= 20, 'the token value is shown');
    await shown.getByRole('button', { name: 'I have copied the token' }).click();
    const row = page.getByRole('row', { name: new RegExp(`e2e ${run}`) });
    await row.waitFor();
    await page.getByRole('button', { name: `Actions for e2e ${run}` }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete access token?' }).getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached' });
  });

  it('shows the audience and the APIs on the dashboard', async () => {
    await page.goto(`${config().baseURL}/dashboard`);
    await page.getByRole('link', { name: orgName }).waitFor();
    await page.getByRole('grid', { name: 'Recently updated products' }).getByRole('link', { name: productName }).waitFor();
    // The product's hits of the last 30 days, which lead to its traffic.
    await page
      .getByRole('grid', { name: 'Hits per product, last 30 days' })
      .getByRole('link', { name: productName })
      .waitFor();
    await checkPage(page, 'the dashboard');
    for (const viewport of viewports) {
      await page.setViewportSize(viewport);
      await screenshot(page, `dashboard-with-data-${viewport.width}x${viewport.height}`, { dismissToasts: true });
    }
    await page.setViewportSize(viewports[0]);
  });

  it('raised no uncaught errors in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
