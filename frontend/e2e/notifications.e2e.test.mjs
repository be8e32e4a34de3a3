// @ts-check
/**
 * Notifications and usage alerts as an admin meets them: a signup awaiting
 * approval appears in the masthead count and on the dashboard, its link opens
 * the account with its Approve action; the email preference of that kind is
 * switched off; "Mark all read" empties the count. A product's alert levels
 * are set on its Alerts page, real authrep traffic crosses them, and the
 * alerts are read there and on Audience › Alerts. Every screen is checked
 * with axe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { checkPage, config, graphql, launch, screenshot, signIn, viewports } from './browser.mjs';

const run = Date.now().toString(36);
const org = `Pending Co ${run}`;

describe('Notifications and usage alerts', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {string[]} */
  const pageErrors = [];
  const state = { productId: '', userKey: '', serviceToken: '', accountId: '' };

  before(async () => {
    await graphql(`mutation { updateTenant(input: { accountApprovalRequired: true }) { id } }`);
    const product = await graphql(
      `mutation ($input: CreateProductInput!) { createProduct(input: $input) { id serviceTokens { value } metrics { edges { node { id systemName } } } } }`,
      { input: { name: `Alerted API ${run}`, systemName: `alerted_api_${run}` } },
    );
    state.productId = product.createProduct.id;
    state.serviceToken = product.createProduct.serviceTokens[0].value;
    const hits = product.createProduct.metrics.edges.find((/** @type {any} */ edge) => edge.node.systemName === 'hits').node.id;
    const setup = await graphql(
      `mutation ($product: ID!) {
        plan: createPlan(input: { kind: APPLICATION, name: "Small", systemName: "small", state: PUBLISHED, productID: $product }) { id }
        account: createAccount(input: { orgName: "Alerted Co ${run}" }) { id }
      }`,
      { product: state.productId },
    );
    await graphql(`mutation ($plan: ID!, $metric: ID!) { createUsageLimit(input: { planID: $plan, metricID: $metric, period: DAY, value: 10 }) { id } }`, {
      plan: setup.plan.id,
      metric: hits,
    });
    const app = await graphql(
      `mutation ($account: ID!, $product: ID!, $plan: ID!) {
        createApplication(input: { name: "alerted app ${run}", accountID: $account, productID: $product, planID: $plan }) { id userKey }
      }`,
      { account: setup.account.id, product: state.productId, plan: setup.plan.id },
    );
    state.userKey = app.createApplication.userKey;

    browser = await launch();
    page = await (await browser.newContext({ viewport: viewports[0] })).newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page);
  });

  after(async () => {
    await graphql(`mutation { updateTenant(input: { accountApprovalRequired: false }) { id } }`).catch(() => undefined);
    await browser?.close();
  });

  it('shows a signup awaiting approval in the count and the feed, and its link opens the account to approve', async () => {
    const signup = await graphql(
      `mutation ($in: SignupInput!) { signup(input: $in) { account { id state } } }`,
      { in: { orgName: org, username: `pending_${run}`, email: `pending-${run}@example.com`, password: `Pending-${run}-1` } },
    );
    assert.equal(signup.signup.account.state, 'PENDING');
    state.accountId = signup.signup.account.id;

    const { baseURL } = config();
    // The feed is written by the outbox consumer moments after the signup.
    await page.goto(`${baseURL}/dashboard`);
    await page.getByRole('list', { name: 'Latest notifications' }).waitFor();
    await checkPage(page, 'the dashboard with notifications');
    await screenshot(page, 'dashboard-notifications');

    // The whole feed holds it, however many notifications earlier work left (the signup also
    // subscribes the account to every product with a default plan, each told of after it).
    await page.goto(`${baseURL}/dashboard/notifications`);
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    const item = page.getByRole('link', { name: `${org} signed up and awaits approval` });
    const showMore = page.getByRole('button', { name: 'Show more' });
    for (let attempt = 0; attempt < 40 && !(await item.isVisible()); attempt++) {
      await page.waitForLoadState('networkidle');
      if (await item.isVisible()) break;
      if (await showMore.isVisible()) {
        await showMore.click();
      } else {
        await page.waitForTimeout(500);
        await page.reload();
        await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
      }
    }
    const badge = page.getByRole('button', { name: /^Notifications: \d+ unread$/ });
    const unread = Number(/(\d+) unread/.exec((await badge.getAttribute('aria-label')) ?? '')?.[1] ?? 0);
    assert.ok(unread >= 1, `unread count ${unread}`);
    await item.click();
    await page.waitForURL(new RegExp(`/audience/accounts/${state.accountId}$`));
    await page.getByRole('heading', { level: 1, name: org }).waitFor();
    await page.getByRole('button', { name: 'Approve' }).first().waitFor();
  });

  it('switches the email of one kind off in Notification Preferences', async () => {
    const { baseURL } = config();
    await page.goto(`${baseURL}/settings/personal/notifications`);
    await page.getByRole('heading', { level: 1, name: 'Notification Preferences' }).waitFor();
    const pending = page.getByRole('switch', { name: 'Email me “Account awaiting approval” notifications' });
    assert.equal(await pending.isChecked(), true);
    await checkPage(page, 'the notification preferences');
    await screenshot(page, 'notification-preferences');
    await pending.click({ force: true });
    await page.getByText('“Account awaiting approval” notifications will no longer be emailed to you').waitFor();
    await page.reload();
    await page.getByRole('heading', { level: 1, name: 'Notification Preferences' }).waitFor();
    await page.getByRole('switch', { name: 'Email me “Account awaiting approval” notifications' }).waitFor();
    assert.equal(await page.getByRole('switch', { name: 'Email me “Account awaiting approval” notifications' }).isChecked(), false);
    // Put it back for other runs against the same server.
    await graphql(`mutation { setNotificationSetting(kind: "account_pending_approval", email: true) { email } }`);
  });

  it('marks every notification read from the feed page', async () => {
    const { baseURL } = config();
    await page.goto(`${baseURL}/dashboard/notifications`);
    await page.getByRole('heading', { level: 1, name: 'Notifications' }).waitFor();
    await page.getByRole('list', { name: 'Notifications' }).waitFor();
    await checkPage(page, 'the notifications feed');
    await page.getByRole('button', { name: 'Mark all read' }).click();
    await page.getByText('Every notification is marked read').waitFor();
    await page.getByRole('button', { name: 'Notifications: 0 unread' }).waitFor();
    await page.getByText('Nothing unread.').waitFor();
  });

  it('sets a product’s alert levels, and real traffic raises one alert per level', async () => {
    const { baseURL } = config();
    await page.goto(`${baseURL}/products/${state.productId}/alerts`);
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
    await page.getByRole('checkbox', { name: 'Alert your team at 80 %' }).check();
    await page.getByRole('checkbox', { name: 'Alert your team at 100 %' }).check();
    await page.getByRole('button', { name: 'Save alert settings' }).click();
    await page.getByText('The alert settings were saved').waitFor();
    await checkPage(page, 'the product alerts page');

    // Twelve calls against a day limit of 10: 80 % and 100 % are reached, the last two are refused.
    const q = new URLSearchParams({ service_token: state.serviceToken, service_id: state.productId, user_key: state.userKey, 'usage[hits]': '1' });
    let allowed = 0;
    for (let attempt = 0; attempt < 80 && allowed < 10; attempt++) {
      const response = await fetch(`${baseURL}/transactions/authrep.xml?${q}`);
      await response.text();
      if (response.status === 200) allowed++;
      else await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(allowed, 10);
    const refused = await fetch(`${baseURL}/transactions/authrep.xml?${q}`);
    await refused.text();
    assert.equal(refused.status, 409);

    const table = page.getByRole('grid', { name: 'Usage alerts' });
    const reached = table.getByRole('row', { name: /100 % of the day limit of hits/ });
    for (let attempt = 0; attempt < 30 && !(await reached.isVisible()); attempt++) {
      await page.waitForTimeout(500);
      await page.reload();
      await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
      await page.waitForLoadState('networkidle');
    }
    await reached.waitFor();
    await table.getByRole('row', { name: /80 % of the day limit of hits/ }).waitFor();
    assert.equal(await table.getByRole('row', { name: /% of the day limit of hits/ }).count(), 2);
    assert.match((await reached.textContent()) ?? '', /10 of 10/);
    await screenshot(page, 'product-alerts');

    await reached.getByRole('button', { name: /Actions for/ }).click();
    await page.getByRole('menuitem', { name: 'Mark read' }).click();
    await table.getByRole('row', { name: /100 % of the day limit of hits/ }).filter({ hasNotText: 'New' }).waitFor();

    await page.goto(`${baseURL}/audience/applications/alerts`);
    await page.getByRole('heading', { level: 1, name: 'Alerts' }).waitFor();
    await page.getByRole('grid', { name: 'Usage alerts' }).getByRole('link', { name: `Alerted API ${run}` }).first().waitFor();
    await checkPage(page, 'the audience alerts page');
    assert.deepEqual(pageErrors, []);
  });
});
