// @ts-check
/**
 * The console's own touches, against a running Portico server: a signed-out
 * load that sends no failing request and shows the branded login page, the
 * global search finding an application by its whole user key from the
 * keyboard, actions that fit a pending and an approved account, a hidden plan
 * an admin assigns, "Page not found" inside a product, the unsubscribe
 * dialog's stated effect on applications, and the dark theme following the system setting. Every screen is checked with axe in the
 * light and the dark theme at both window sizes.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { checkPage, config, graphql, launch, screenshot, signIn, useColorScheme, viewports } from './browser.mjs';

const run = Date.now().toString(36);

describe('Console', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {{ app: { id: string; name: string; userKey: string }; pending: { id: string; orgName: string } }} */
  let data;

  before(async () => {
    const product = await graphql(
      `mutation ($name: String!, $system: String!) {
        createProduct(input: { name: $name, systemName: $system, authentication: USER_KEY }) { id }
      }`,
      { name: `Search ${run}`, system: `search_${run}` },
    );
    const productId = product.createProduct.id;
    const setup = await graphql(
      `mutation ($p: ID!, $plan: String!, $org: String!, $pending: String!) {
        plan: createPlan(input: { kind: APPLICATION, productID: $p, name: $plan, systemName: $plan }) { id }
        account: createAccount(input: { orgName: $org }) { id }
        pending: createAccount(input: { orgName: $pending }) { id orgName }
      }`,
      { p: productId, plan: `basic_${run}`, org: `Keyholder ${run}`, pending: `Waiting ${run}` },
    );
    const created = await graphql(
      `mutation ($a: ID!, $p: ID!, $plan: ID!, $name: String!, $pending: ID!) {
        app: createApplication(input: { name: $name, accountID: $a, productID: $p, planID: $plan }) { id name userKey }
        makeAccountPending(id: $pending) { id }
      }`,
      { a: setup.account.id, p: productId, plan: setup.plan.id, name: `Checkout ${run}`, pending: setup.pending.id },
    );
    data = { app: created.app, pending: setup.pending };
    browser = await launch();
    page = await browser.newPage({ viewport: viewports[0] });
    page.setDefaultTimeout(15_000);
  });

  after(async () => {
    await browser?.close();
  });

  it('loads signed out without a failing request and shows the branded login page', async () => {
    const context = await browser.newContext({ viewport: viewports[0] });
    const fresh = await context.newPage();
    /** @type {string[]} */
    const problems = [];
    fresh.on('console', (message) => {
      if (message.type() === 'error') problems.push(`console: ${message.text()}`);
    });
    fresh.on('response', (response) => {
      if (response.status() >= 400) problems.push(`${response.status()} ${response.url()}`);
    });
    await fresh.goto(`${config().baseURL}/dashboard`);
    await fresh.waitForURL(/\/login/);
    await fresh.getByRole('heading', { name: 'Sign in to Portico' }).waitFor();
    await fresh.waitForLoadState('networkidle');
    assert.deepEqual(problems, []);
    assert.ok(await fresh.getByRole('img', { name: 'Portico' }).isVisible(), 'the login page shows the Portico brand');
    await checkPage(fresh, 'the login page');
    await screenshot(fresh, 'login');
    await useColorScheme(fresh, 'dark');
    await screenshot(fresh, 'login-dark');
    await context.close();
  });

  it('finds an application by its whole user key from the keyboard', async () => {
    await signIn(page);
    await page.keyboard.press('/');
    const box = page.getByRole('textbox', { name: /Search accounts, applications/ });
    await box.waitFor();
    await box.fill(data.app.userKey);
    const dialog = page.getByRole('dialog', { name: 'Search' });
    const hit = dialog.getByRole('link', { name: data.app.name });
    await hit.waitFor();
    assert.match(await dialog.locator('li', { hasText: data.app.name }).innerText(), /Matched by its user key/);
    await checkPage(page, 'the global search');
    await screenshot(page, 'global-search');
    await box.press('Enter');
    await page.waitForURL(new RegExp(`/audience/applications/${data.app.id}$`));
    await page.getByRole('heading', { level: 1, name: data.app.name }).waitFor();

    // Ctrl-K opens it from inside a text field too.
    await page.goto(`${config().baseURL}/audience/accounts`);
    await page.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    await page.keyboard.press('Control+k');
    await box.waitFor();
    await page.keyboard.press('Escape');
  });

  it('offers the actions that fit a pending and then an approved account', async () => {
    await page.goto(`${config().baseURL}/audience/accounts/${data.pending.id}`);
    await page.getByRole('heading', { level: 1, name: data.pending.orgName }).waitFor();
    const actions = page.getByRole('group', { name: 'Account actions' });
    /** The state-changing buttons, in order. */
    const offered = async () =>
      (await actions.getByRole('button').allTextContents()).filter((label) => !['Edit', 'Delete'].includes(label));
    assert.deepEqual(await offered(), ['Approve', 'Reject', 'Suspend']);
    await checkPage(page, 'a pending account');
    await actions.getByRole('button', { name: 'Approve' }).click();
    await page.getByRole('heading', { name: new RegExp(`“${data.pending.orgName}” was approved`) }).waitFor();
    await actions.getByRole('button', { name: 'Suspend' }).waitFor();
    assert.deepEqual(await offered(), ['Reject', 'Suspend', 'Make pending']);
    const state = await graphql(`query ($id: ID!) { node(id: $id) { ... on Account { state permittedEvents } } }`, { id: data.pending.id });
    assert.equal(state.node.state, 'APPROVED');
    assert.deepEqual(state.node.permittedEvents, ['REJECT', 'SUSPEND', 'MAKE_PENDING']);
  });

  it('offers an admin a hidden plan, marked, and assigns it', async () => {
    const product = await graphql(
      `mutation ($name: String!, $system: String!) { createProduct(input: { name: $name, systemName: $system }) { id } }`,
      { name: `Hidden ${run}`, system: `hidden_${run}` },
    );
    const p = product.createProduct.id;
    const setup = await graphql(
      `mutation ($p: ID!, $org: String!) {
        open: createPlan(input: { kind: APPLICATION, name: "Open", systemName: "open", state: PUBLISHED, productID: $p }) { id }
        secret: createPlan(input: { kind: APPLICATION, name: "Secret", systemName: "secret", productID: $p }) { id state }
        account: createAccount(input: { orgName: $org }) { id }
      }`,
      { p, org: `Insider ${run}` },
    );
    assert.equal(setup.secret.state, 'HIDDEN');
    const created = await graphql(
      `mutation ($a: ID!, $p: ID!, $plan: ID!) { createApplication(input: { name: "Insider app", accountID: $a, productID: $p, planID: $plan }) { id } }`,
      { a: setup.account.id, p, plan: setup.open.id },
    );
    const appId = created.createApplication.id;
    await page.goto(`${config().baseURL}/audience/applications/${appId}`);
    await page.getByRole('heading', { level: 1, name: 'Insider app' }).waitFor();
    const card = page.locator('.pf-v6-c-card', { has: page.getByRole('heading', { name: 'Application plan' }) });
    await card.getByRole('button', { name: 'Change plan' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change application plan' });
    const select = dialog.getByRole('combobox', { name: 'New application plan' });
    await select.locator('option', { hasText: 'Secret (hidden)' }).waitFor({ state: 'attached' });
    await select.selectOption(setup.secret.id);
    await checkPage(page, 'the change plan dialog with a hidden plan');
    await dialog.getByRole('button', { name: 'Change plan' }).click();
    await dialog.waitFor({ state: 'detached' });
    await card.getByRole('link', { name: 'Secret', exact: true }).waitFor();
    const after = await graphql(`query ($id: ID!) { node(id: $id) { ... on Application { plan { id state } } } }`, { id: appId });
    assert.deepEqual(after.node.plan, { id: setup.secret.id, state: 'HIDDEN' });
  });

  it('shows "Page not found" with a way back for an unknown address inside a product', async () => {
    const product = await graphql(
      `mutation ($name: String!, $system: String!) { createProduct(input: { name: $name, systemName: $system }) { id } }`,
      { name: `Lost ${run}`, system: `lost_${run}` },
    );
    await page.goto(`${config().baseURL}/products/${product.createProduct.id}/no-such-screen`);
    await page.getByRole('heading', { level: 1, name: 'Page not found' }).waitFor();
    await checkPage(page, 'an unknown address under a product');
    await page.getByRole('link', { name: 'Go to the dashboard' }).click();
    await page.waitForURL(/\/dashboard$/);
  });

  it('says what unsubscribing does to the applications, and does it', async () => {
    const product = await graphql(
      `mutation ($name: String!, $system: String!) { createProduct(input: { name: $name, systemName: $system }) { id name } }`,
      { name: `Leaving ${run}`, system: `leaving_${run}` },
    );
    const p = product.createProduct.id;
    const setup = await graphql(
      `mutation ($p: ID!, $org: String!) {
        service: createPlan(input: { kind: SERVICE, name: "Standard", systemName: "standard", state: PUBLISHED, productID: $p }) { id }
        app: createPlan(input: { kind: APPLICATION, name: "Basic", systemName: "basic", state: PUBLISHED, productID: $p }) { id }
        account: createAccount(input: { orgName: $org }) { id orgName }
      }`,
      { p, org: `Leaver ${run}` },
    );
    await graphql(
      `mutation ($a: ID!, $p: ID!, $service: ID!, $app: ID!) {
        sub: createServiceSubscription(input: { accountID: $a, productID: $p, planID: $service }) { id }
        one: createApplication(input: { name: "Leaving one", accountID: $a, productID: $p, planID: $app }) { id }
        two: createApplication(input: { name: "Leaving two", accountID: $a, productID: $p, planID: $app }) { id }
      }`,
      { a: setup.account.id, p, service: setup.service.id, app: setup.app.id },
    );
    await page.goto(`${config().baseURL}/audience/accounts/${setup.account.id}`);
    await page.getByRole('heading', { level: 1, name: setup.account.orgName }).waitFor();
    await page.getByRole('button', { name: `Actions for ${setup.account.orgName} · ${product.createProduct.name}` }).click();
    await page.getByRole('menuitem', { name: 'Unsubscribe' }).click();
    const dialog = page.getByRole('dialog', { name: 'Unsubscribe?' });
    await dialog
      .getByText(`is deleted, and so is every application it has on ${product.createProduct.name}, whose keys stop working at once`)
      .waitFor();
    await checkPage(page, 'the unsubscribe confirmation');
    await dialog.getByRole('button', { name: 'Unsubscribe' }).click();
    await dialog.waitFor({ state: 'detached' });
    const after = await graphql(
      `query ($a: ID!, $p: ID!) {
        serviceSubscriptions(where: { accountID: $a, productID: $p }) { totalCount }
        applications(where: { accountID: $a, productID: $p }) { totalCount }
      }`,
      { a: setup.account.id, p },
    );
    assert.deepEqual(after, { serviceSubscriptions: { totalCount: 0 }, applications: { totalCount: 0 } });
  });

  it('follows the system dark setting live', async () => {
    await page.goto(`${config().baseURL}/dashboard`);
    await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
    await useColorScheme(page, 'dark');
    await checkPage(page, 'the dashboard');
    await useColorScheme(page, 'dark');
    await screenshot(page, 'dashboard-dark');
    await useColorScheme(page, 'light');
  });
});
