// @ts-check
/**
 * Applications, their plans and service subscriptions in the Admin Portal,
 * against a running Portico server: an application moved to another plan
 * from its page, given a custom plan whose limit is edited, and moved back;
 * a developer's plan change request opened from the admins' link and applied;
 * the application and subscription listings with their bulk bars. Every
 * screen is checked for horizontal overflow and with axe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { checkPage, config, graphql, launch, screenshot, signIn, viewports } from './browser.mjs';

const run = Date.now().toString(36);
const productName = `Plans API ${run}`;
const orgName = `Plan Tester ${run}`;
const applicationName = `Tester app ${run}`;

/** The application's plan and that plan's limits, as the API has them. */
async function applicationPlan(/** @type {string} */ id) {
  const data = await graphql(
    `query ($id: ID!) {
      node(id: $id) {
        ... on Application {
          plan {
            id
            name
            originalID
            limits(first: 10) { edges { node { period value metric { systemName } } } }
          }
        }
      }
    }`,
    { id },
  );
  const plan = data.node.plan;
  return {
    id: /** @type {string} */ (plan.id),
    name: /** @type {string} */ (plan.name),
    originalID: /** @type {string | null} */ (plan.originalID),
    limits: /** @type {{ node: { period: string; value: number; metric: { systemName: string } } }[]} */ (plan.limits.edges).map(
      (edge) => `${edge.node.metric.systemName}/${edge.node.period}=${edge.node.value}`,
    ),
  };
}

describe('Applications, plans and subscriptions', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {string[]} */
  const pageErrors = [];
  const state = { productId: '', basicId: '', proId: '', accountId: '', applicationId: '', developerId: '', customPlanId: '' };
  const appUrl = () => `${config().baseURL}/audience/applications/${state.applicationId}`;

  before(async () => {
    const product = await graphql(
      `mutation ($input: CreateProductInput!) {
        createProduct(input: $input) { id metrics(first: 5) { edges { node { id systemName } } } }
      }`,
      { input: { name: productName, systemName: `plans_api_${run}`, planChangePermission: 'REQUEST' } },
    );
    state.productId = product.createProduct.id;
    const hits = product.createProduct.metrics.edges.find((/** @type {any} */ edge) => edge.node.systemName === 'hits').node.id;
    const plans = await graphql(
      `mutation ($product: ID!) {
        basic: createPlan(input: { kind: APPLICATION, name: "Basic", systemName: "basic", state: PUBLISHED, productID: $product }) { id }
        pro: createPlan(input: { kind: APPLICATION, name: "Pro", systemName: "pro", state: PUBLISHED, productID: $product }) { id }
        service: createPlan(input: { kind: SERVICE, name: "Standard", systemName: "standard", state: PUBLISHED, productID: $product }) { id }
        account: createAccount(input: { orgName: "${orgName}" }) { id }
      }`,
      { product: state.productId },
    );
    state.basicId = plans.basic.id;
    state.proId = plans.pro.id;
    state.accountId = plans.account.id;
    const created = await graphql(
      `mutation ($basic: ID!, $pro: ID!, $hits: ID!, $account: ID!, $product: ID!, $service: ID!) {
        basicLimit: createUsageLimit(input: { planID: $basic, metricID: $hits, period: DAY, value: 100 }) { id }
        proLimit: createUsageLimit(input: { planID: $pro, metricID: $hits, period: DAY, value: 1000 }) { id }
        application: createApplication(input: { name: "${applicationName}", accountID: $account, productID: $product, planID: $basic }) { id }
        subscription: createServiceSubscription(input: { accountID: $account, productID: $product, planID: $service }) { id }
        developer: createUser(input: { username: "tester_${run}", email: "tester-${run}@example.com", firstName: "Tess", lastName: "Ter", accountID: $account }, password: "Tester-pass-${run}") { id }
      }`,
      { basic: state.basicId, pro: state.proId, hits, account: state.accountId, product: state.productId, service: plans.service.id },
    );
    state.applicationId = created.application.id;
    state.developerId = created.developer.id;

    browser = await launch();
    page = await (await browser.newContext({ viewport: viewports[0] })).newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page);
  });

  after(async () => {
    await browser?.close();
  });

  it("changes the application's plan from its page", async () => {
    await page.goto(appUrl());
    await page.getByRole('heading', { level: 1, name: applicationName }).waitFor();
    const card = page.locator('.pf-v6-c-card', { has: page.getByRole('heading', { name: 'Application plan' }) });
    await card.getByRole('link', { name: 'Basic', exact: true }).waitFor();
    await checkPage(page, 'the application page');

    await card.getByRole('button', { name: 'Change plan' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change application plan' });
    const select = dialog.getByRole('combobox', { name: 'New application plan' });
    await select.locator('option', { hasText: 'Pro' }).waitFor({ state: 'attached' });
    assert.equal(await select.locator('option', { hasText: 'Basic' }).count(), 0, 'the current plan is not offered');
    await select.selectOption(state.proId);
    await checkPage(page, 'the change plan dialog');
    await dialog.getByRole('button', { name: 'Change plan' }).click();
    await dialog.waitFor({ state: 'detached' });
    await page.getByText(`“${applicationName}” is now on “Pro”`).waitFor();
    await card.getByRole('link', { name: 'Pro', exact: true }).waitFor();

    const plan = await applicationPlan(state.applicationId);
    assert.equal(plan.id, state.proId);
    assert.deepEqual(plan.limits, ['hits/DAY=1000']);
  });

  it('customizes the plan and edits a limit of the custom plan alone', async () => {
    const card = page.locator('.pf-v6-c-card', { has: page.getByRole('heading', { name: 'Application plan' }) });
    await card.getByRole('button', { name: 'Customize plan' }).click();
    await card.getByText('Custom plan', { exact: true }).waitFor();
    await card.getByRole('link', { name: 'Pro (custom)' }).waitFor();
    assert.equal(await card.getByRole('link', { name: 'Pro', exact: true }).getAttribute('href'), `/products/${state.productId}/applications/plans/${state.proId}`);
    await checkPage(page, 'the application page with a custom plan');
    await screenshot(page, 'application-custom-plan', { dismissToasts: true });

    const custom = await applicationPlan(state.applicationId);
    assert.equal(custom.originalID, state.proId);
    assert.notEqual(custom.id, state.proId);
    assert.deepEqual(custom.limits, ['hits/DAY=1000'], 'the copy starts with the limits of the original');
    state.customPlanId = custom.id;

    await card.getByRole('button', { name: 'Edit custom plan' }).click();
    await page.waitForURL(new RegExp(`/products/${state.productId}/applications/plans/${state.customPlanId}$`));
    await page.getByRole('heading', { level: 1, name: 'Pro (custom)' }).waitFor();
    const notice = page.locator('.pf-v6-c-alert', { has: page.getByRole('heading', { name: /Custom plan of/ }) });
    await notice.getByRole('heading', { name: `Custom plan of ${applicationName} — customized from Pro` }).waitFor();
    assert.equal(await notice.getByRole('link', { name: applicationName }).getAttribute('href'), `/audience/applications/${state.applicationId}`);
    assert.equal(await notice.getByRole('link', { name: 'Pro', exact: true }).getAttribute('href'), `/products/${state.productId}/applications/plans/${state.proId}`);
    const limits = page.getByRole('grid', { name: 'Usage limits' });
    await limits.getByRole('button', { name: /Actions for Hits per day/ }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: /Edit limit/ });
    await dialog.getByRole('textbox', { name: 'Max. value' }).fill('5000');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await dialog.waitFor({ state: 'detached' });
    await limits.getByRole('gridcell', { name: '5,000' }).waitFor();

    const edited = await applicationPlan(state.applicationId);
    assert.equal(edited.id, state.customPlanId);
    assert.equal(edited.originalID, state.proId);
    assert.deepEqual(edited.limits, ['hits/DAY=5000']);
    const original = await graphql(`query ($id: ID!) { node(id: $id) { ... on Plan { limits(first: 5) { edges { node { value } } } } } }`, { id: state.proId });
    assert.equal(original.node.limits.edges[0].node.value, 1000, 'the original plan keeps its limit');
  });

  it('removes the customization after confirmation, deleting the custom plan', async () => {
    await page.goto(appUrl());
    const card = page.locator('.pf-v6-c-card', { has: page.getByRole('heading', { name: 'Application plan' }) });
    await card.getByRole('button', { name: 'Remove customization' }).click();
    const dialog = page.getByRole('dialog', { name: /Remove customization\?/ });
    await dialog.getByText(/Its custom plan “Pro \(custom\)” is deleted/).waitFor();
    await dialog.getByRole('button', { name: 'Remove customization' }).click();
    await dialog.waitFor({ state: 'detached' });
    await card.getByRole('button', { name: 'Customize plan' }).waitFor();

    const plan = await applicationPlan(state.applicationId);
    assert.equal(plan.id, state.proId);
    assert.equal(plan.originalID, null);
    const gone = await graphql(`query ($where: PlanWhereInput) { plans(where: $where) { totalCount } }`, {
      where: { productID: state.productId, originalIDNotNil: true },
    });
    assert.equal(gone.plans.totalCount, 0, 'the custom plan was deleted');
  });

  it("applies a developer's plan change request opened from the admins' link", async () => {
    const requested = await graphql(
      `mutation ($user: ID!, $app: ID!, $plan: ID!) {
        requestApplicationPlanChange(userID: $user, applicationID: $app, planID: $plan) { request { id adminPath } }
      }`,
      { user: state.developerId, app: state.applicationId, plan: state.basicId },
    );
    const { adminPath } = requested.requestApplicationPlanChange.request;

    await page.goto(`${config().baseURL}/audience/applications/plan-change-requests`);
    const queue = page.getByRole('grid', { name: 'Plan change requests' });
    await queue.getByRole('link', { name: applicationName }).waitFor();
    await queue.getByText(`Tess Ter (tester_${run})`).waitFor();
    await checkPage(page, 'the plan change requests');
    await screenshot(page, 'plan-change-requests');

    await page.goto(`${config().baseURL}${adminPath}`);
    const request = page.locator('.pf-v6-c-alert', { has: page.getByRole('heading', { name: /Plan change requested/ }) });
    await request.getByText(`Tess Ter (tester_${run}), of`).waitFor();
    await checkPage(page, 'the application page with a plan change request');
    await screenshot(page, 'application-plan-change-request');
    await request.getByRole('button', { name: 'Apply plan change' }).click();
    await page.getByRole('dialog', { name: /Apply plan change\?/ }).getByRole('button', { name: 'Apply' }).click();
    await page.getByText(`“${applicationName}” is now on “Basic”`).waitFor();
    await page.getByRole('heading', { name: /Plan change applied/ }).waitFor();

    const plan = await applicationPlan(state.applicationId);
    assert.equal(plan.id, state.basicId);
  });

  it('offers bulk actions on the selected applications', async () => {
    await page.goto(`${config().baseURL}/audience/applications?q=${encodeURIComponent(applicationName)}`);
    const table = page.getByRole('grid', { name: 'Applications' });
    await table.getByRole('link', { name: applicationName }).waitFor();
    await table.getByRole('checkbox', { name: `Select ${applicationName}` }).check();
    const bar = page.getByRole('group', { name: 'Bulk actions' });
    await bar.getByText('1 selected').waitFor();
    await checkPage(page, 'the applications list with a selection');
    await screenshot(page, 'applications-bulk', { dismissToasts: true });

    await bar.getByRole('button', { name: 'Send message' }).click();
    const compose = page.getByRole('dialog', { name: 'Send message to application owners' });
    await compose.getByRole('textbox', { name: 'Subject' }).fill('Planned maintenance');
    await compose.getByRole('textbox', { name: 'Message' }).fill('The API is read-only tonight.');
    await compose.getByRole('button', { name: 'Send' }).click();
    const results = page.getByRole('dialog', { name: /Message to application owners/ });
    await results.getByText('1 of 1 done.').waitFor();
    await checkPage(page, 'the bulk results');
    await results.getByRole('button', { name: 'Done' }).click();
  });

  it('lists service subscriptions with their filters and bulk bar', async () => {
    await page.goto(`${config().baseURL}/audience/subscriptions?q=${encodeURIComponent(orgName)}`);
    await page.getByRole('heading', { level: 1, name: 'Service subscriptions' }).waitFor();
    const table = page.getByRole('grid', { name: 'Service subscriptions' });
    await table.getByRole('link', { name: orgName }).waitFor();
    await table.getByRole('checkbox', { name: `Select ${orgName} · ${productName}` }).check();
    await page.getByRole('group', { name: 'Bulk actions' }).waitFor();
    await checkPage(page, 'the service subscriptions');
    await screenshot(page, 'subscriptions', { dismissToasts: true });
  });

  it('raised no errors in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
