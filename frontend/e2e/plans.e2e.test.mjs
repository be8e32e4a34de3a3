// @ts-check
/**
 * Account plans and service plans in the Admin Portal, against a running
 * Portico server: an account plan created, edited, published, made the
 * default, copied and deleted under Audience › Accounts › Account Plans; a
 * service plan of a product created and edited under the product's
 * Subscriptions, and its deletion refused while an account subscribes to it;
 * application plans sorted by name both ways through the address, with their
 * fees in the tenant's currency; Methods & Metrics counting the rows it shows;
 * the change-plan permissions: account and service plan changes chosen in the
 * usage rules, and a product set to direct application plan changes, after
 * which a developer's change applies at once.
 * Every screen is checked for horizontal overflow and with axe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { checkPage, config, graphql, launch, screenshot, signIn, viewports } from './browser.mjs';

const run = Date.now().toString(36);
const accountPlan = `Gold ${run}`;
const servicePlan = `Premium ${run}`;

/** The plan named `name` of a kind, as the API has it. */
async function planNamed(/** @type {string} */ kind, /** @type {string} */ name) {
  const data = await graphql(
    `query ($kind: PlanKind!, $name: String!) {
      plans(first: 5, where: { kind: $kind, name: $name }) {
        edges { node { id name state isDefault setupFee costPerMonth approvalRequired product { id } } }
      }
    }`,
    { kind, name },
  );
  return data.plans.edges.map((/** @type {any} */ edge) => edge.node);
}

describe('Account plans and service plans', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {string[]} */
  const pageErrors = [];
  const state = { productId: '', previousDefault: '', accountId: '' };

  before(async () => {
    // Account and service plans are levels a tenant switches on in its usage rules, as in 3scale.
    await graphql(`mutation { updateTenant(input: { accountPlansUIVisible: true, servicePlansUIVisible: true }) { id } }`);
    const created = await graphql(
      `mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }`,
      { input: { name: `Subscriptions API ${run}`, systemName: `subscriptions_api_${run}` } },
    );
    state.productId = created.createProduct.id;
    const defaults = await graphql(`{ plans(first: 20, where: { kind: ACCOUNT, isDefault: true }) { edges { node { id } } } }`);
    state.previousDefault = defaults.plans.edges[0]?.node.id ?? '';
    browser = await launch();
    page = await browser.newPage({ viewport: viewports[0] });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page);
  });

  after(async () => {
    await browser?.close();
    // Give the other journeys back the default account plan they started with.
    if (state.previousDefault) await graphql(`mutation ($id: ID!) { setDefaultPlan(id: $id) { id } }`, { id: state.previousDefault });
  });

  it('creates, edits, publishes, defaults, copies and deletes an account plan', async () => {
    await page.goto(`${config().baseURL}/audience/accounts`);
    await page.getByRole('navigation', { name: 'Audience navigation' }).getByRole('link', { name: 'Account Plans' }).click();
    await page.getByRole('heading', { level: 1, name: 'Account Plans' }).waitFor();
    const table = page.getByRole('grid', { name: 'Account plans' });

    await page.getByRole('button', { name: 'Create account plan' }).first().click();
    const create = page.getByRole('dialog', { name: 'New account plan' });
    await create.getByRole('textbox', { name: 'Name', exact: true }).fill(accountPlan);
    await create.getByRole('button', { name: 'Create plan' }).click();
    await page.getByText(`Created account plan “${accountPlan}”`).waitFor();
    await table.getByRole('link', { name: accountPlan }).click();

    await page.getByRole('heading', { level: 1, name: accountPlan }).waitFor();
    const settings = page.getByRole('form', { name: 'Plan settings' });
    await settings.getByRole('textbox', { name: 'Setup fee' }).fill('25');
    await settings.getByRole('textbox', { name: 'Cost per month' }).fill('-1');
    await settings.getByRole('button', { name: 'Update plan' }).click();
    await settings.getByText(/Cost per month/).first().waitFor();
    assert.equal((await planNamed('ACCOUNT', accountPlan))[0].costPerMonth, '0', 'a refused form changes nothing');
    await settings.getByRole('textbox', { name: 'Cost per month' }).fill('49.90');
    await settings.getByRole('checkbox', { name: 'Accounts require approval' }).check();
    await settings.getByRole('button', { name: 'Update plan' }).click();
    await page.getByText(`Saved account plan “${accountPlan}”`).waitFor();
    assert.equal(await page.getByRole('heading', { name: 'Limits' }).count(), 0, 'account plans have no limits');
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText(`Published “${accountPlan}”`).waitFor();
    await checkPage(page, 'an account plan');
    await screenshot(page, 'account-plan', { dismissToasts: true });

    let [plan] = await planNamed('ACCOUNT', accountPlan);
    assert.equal(plan.state, 'PUBLISHED');
    assert.equal(plan.setupFee, '25');
    assert.equal(plan.costPerMonth, '49.9');
    assert.equal(plan.approvalRequired, true);
    assert.equal(plan.product, null);

    await page.getByRole('link', { name: 'Account Plans' }).first().click();
    const select = page.getByRole('combobox', { name: 'Default plan' });
    await select.locator('option', { hasText: accountPlan }).waitFor({ state: 'attached' });
    await select.selectOption(plan.id);
    await page.getByText(`“${accountPlan}” is now the default plan`).waitFor();
    [plan] = await planNamed('ACCOUNT', accountPlan);
    assert.equal(plan.isDefault, true);
    await checkPage(page, 'the account plans');
    await screenshot(page, 'account-plans', { dismissToasts: true });

    await table.getByRole('button', { name: `Actions for ${accountPlan}` }).click();
    await page.getByRole('menuitem', { name: 'Copy' }).click();
    const copy = page.getByRole('dialog', { name: `Copy “${accountPlan}”` });
    await copy.getByRole('button', { name: 'Copy plan' }).click();
    await page.getByText(`Copied “${accountPlan}” to “${accountPlan} (copy)”`).waitFor();
    const [copied] = await planNamed('ACCOUNT', `${accountPlan} (copy)`);
    assert.equal(copied.setupFee, '25');
    assert.equal(copied.state, 'HIDDEN');

    await table.getByRole('button', { name: `Actions for ${accountPlan} (copy)` }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: 'Delete account plan?' }).getByRole('button', { name: 'Delete plan' }).click();
    await page.getByText(`Deleted account plan “${accountPlan} (copy)”`).waitFor();
    assert.deepEqual(await planNamed('ACCOUNT', `${accountPlan} (copy)`), []);
    assert.deepEqual(pageErrors, []);
  });

  it('creates a service plan on a product and refuses to delete it while an account subscribes', async () => {
    await page.goto(`${config().baseURL}/products/${state.productId}`);
    await page.getByRole('navigation', { name: 'Products navigation' }).getByRole('link', { name: 'Service Plans' }).click();
    await page.getByRole('heading', { level: 1, name: 'Service Plans' }).waitFor();
    await page.getByRole('button', { name: 'Create service plan' }).first().click();
    const create = page.getByRole('dialog', { name: 'New service plan' });
    await create.getByRole('textbox', { name: 'Name', exact: true }).fill(servicePlan);
    await create.getByRole('button', { name: 'Create plan' }).click();
    await page.getByText(`Created service plan “${servicePlan}”`).waitFor();
    const table = page.getByRole('grid', { name: 'Service plans' });
    await table.getByRole('link', { name: servicePlan }).click();
    await page.getByRole('heading', { level: 1, name: servicePlan }).waitFor();
    await page.getByRole('button', { name: 'Publish' }).click();
    await page.getByText(`Published “${servicePlan}”`).waitFor();
    await checkPage(page, 'a service plan');
    await screenshot(page, 'service-plan', { dismissToasts: true });

    const [plan] = await planNamed('SERVICE', servicePlan);
    assert.equal(plan.product.id, state.productId);
    const account = await graphql(`mutation { createAccount(input: { orgName: "Subscriber ${run}" }) { id } }`);
    state.accountId = account.createAccount.id;
    await graphql(
      `mutation ($account: ID!, $product: ID!, $plan: ID!) {
        createServiceSubscription(input: { accountID: $account, productID: $product, planID: $plan }) { id }
      }`,
      { account: state.accountId, product: state.productId, plan: plan.id },
    );

    await page.reload();
    await page.getByText('1 subscription').waitFor();
    const remove = page.getByRole('button', { name: 'Delete' });
    assert.equal(await remove.getAttribute('aria-disabled'), 'true', 'a plan with a subscription cannot be deleted');
    assert.equal((await planNamed('SERVICE', servicePlan)).length, 1);
    assert.deepEqual(pageErrors, []);
  });

  it('sorts application plans by name and by cost both ways through the address, with fees in the tenant currency', async () => {
    const names = [`Zed ${run}`, `Ann ${run}`, `Max ${run}`];
    const costs = ['100', '20', '9.5']; // as text, 100 < 20 < 9.5
    for (const [index, name] of names.entries()) {
      await graphql(
        `mutation ($input: CreatePlanInput!) { createPlan(input: $input) { id } }`,
        { input: { kind: 'APPLICATION', productID: state.productId, name, systemName: `sorted_${index}_${run}`, setupFee: '1234.5', costPerMonth: costs[index] } },
      );
    }
    const { viewer } = await graphql(`{ viewer { tenant { currency } } }`);
    const fee = new Intl.NumberFormat('en', { style: 'currency', currency: viewer.tenant.currency, minimumFractionDigits: 2 }).format(1234.5);

    const { baseURL } = config();
    await page.goto(`${baseURL}/products/${state.productId}/applications/plans`);
    const table = page.getByRole('grid', { name: 'Application plans' });
    /** Waits until this run's sorted plans are listed in `order`. */
    const expectOrder = async (/** @type {string[]} */ order) => {
      let seen = /** @type {string[]} */ ([]);
      for (let attempt = 0; attempt < 100; attempt++) {
        seen = (await table.getByRole('link').allTextContents()).filter((text) => names.includes(text));
        if (JSON.stringify(seen) === JSON.stringify(order)) return;
        await page.waitForTimeout(100);
      }
      assert.deepEqual(seen, order);
    };
    await table.getByRole('button', { name: 'Name' }).click();
    await page.waitForURL(/sort=NAME&dir=asc/);
    await expectOrder([...names].sort());
    await table.getByRole('button', { name: 'Name' }).click();
    await page.waitForURL(/sort=NAME&dir=desc/);
    await expectOrder([...names].sort().reverse());
    const row = table.getByRole('row', { name: new RegExp(`Zed ${run}`) });
    await row.getByText(fee, { exact: true }).waitFor();
    await checkPage(page, 'the application plans sorted by name');
    await table.getByRole('button', { name: 'Cost per month' }).click();
    await page.waitForURL(/sort=COST_PER_MONTH&dir=asc/);
    await expectOrder([names[2], names[1], names[0]]);
    await table.getByRole('button', { name: 'Cost per month' }).click();
    await page.waitForURL(/sort=COST_PER_MONTH&dir=desc/);
    await expectOrder(names);
    await table.getByRole('button', { name: 'Name' }).click();
    await table.getByRole('button', { name: 'Name' }).click();
    await page.waitForURL(/sort=NAME&dir=desc/);

    // A shared address opens the list in its order.
    await page.goto(page.url());
    await expectOrder([...names].sort().reverse());
    assert.deepEqual(pageErrors, []);
  });

  it('counts the rows Methods & Metrics shows, methods included', async () => {
    const { metrics } = await graphql(`query ($p: ID!) { metrics(first: 5, where: { productID: $p, systemName: "hits" }) { edges { node { id } } } }`, {
      p: state.productId,
    });
    const hits = metrics.edges[0].node.id;
    await graphql(`mutation ($input: CreateMetricInput!) { createMetric(input: $input) { id } }`, {
      input: { productID: state.productId, parentID: hits, friendlyName: 'List items', systemName: 'list_items' },
    });
    await graphql(`mutation ($input: CreateMetricInput!) { createMetric(input: $input) { id } }`, {
      input: { productID: state.productId, friendlyName: 'Bytes', systemName: 'bytes', unit: 'byte' },
    });

    const { baseURL } = config();
    await page.goto(`${baseURL}/products/${state.productId}/integration/methods-metrics`);
    const table = page.getByRole('treegrid', { name: 'Methods and metrics' });
    await table.getByText('List items').waitFor();
    const rows = await table.locator('tbody tr').count();
    assert.equal(rows, 3, 'Hits, its method and Bytes');
    const total = (await page.locator('.pf-v6-c-pagination__total-items').first().innerText()).replace(/\s+/g, ' ').trim();
    assert.match(total, new RegExp(`^1 - ${rows} of ${rows}( items)?$`));
    await checkPage(page, 'Methods & Metrics');
  });

  it('stores the change-plan permissions of account and service plans in the usage rules', async () => {
    const { baseURL } = config();
    await page.goto(`${baseURL}/audience/accounts/usage-rules`);
    await page.getByRole('heading', { level: 1, name: 'Usage Rules' }).waitFor();
    await page.getByRole('combobox', { name: 'Account plan changes' }).selectOption('DIRECT');
    await page.getByRole('combobox', { name: 'Service plan changes' }).selectOption('REQUEST_CREDIT_CARD');
    await page.getByText(/A request notifies your team with a link to the account/).first().waitFor();
    await checkPage(page, 'the usage rules');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Usage rules saved').waitFor();
    const { viewer } = await graphql(`{ viewer { tenant { changeAccountPlanPermission changeServicePlanPermission } } }`);
    assert.deepEqual(viewer.tenant, { changeAccountPlanPermission: 'DIRECT', changeServicePlanPermission: 'REQUEST_CREDIT_CARD' });
    // Back to 3scale's default for the other journeys.
    await graphql(`mutation { updateTenant(input: { changeAccountPlanPermission: REQUEST, changeServicePlanPermission: REQUEST }) { id } }`);
  });

  it('applies a developer plan change at once once the product allows direct changes', async () => {
    const created = await graphql(
      `mutation ($p: ID!, $from: String!, $to: String!, $fromSys: String!, $toSys: String!) {
        from: createPlan(input: { kind: APPLICATION, productID: $p, name: $from, systemName: $fromSys, state: PUBLISHED }) { id }
        to: createPlan(input: { kind: APPLICATION, productID: $p, name: $to, systemName: $toSys, state: PUBLISHED }) { id }
      }`,
      { p: state.productId, from: `From ${run}`, to: `To ${run}`, fromSys: `from_${run}`, toSys: `to_${run}` },
    );
    const signup = await graphql(`mutation ($in: SignupInput!) { signup(input: $in) { account { id } user { id } } }`, {
      in: { orgName: `Mover ${run}`, username: `mover_${run}`, email: `mover-${run}@example.com`, password: `Mover-${run}-Secret1` },
    });
    const app = await graphql(
      `mutation ($a: ID!, $p: ID!, $pl: ID!) { createApplication(input: { name: "Moving app", accountID: $a, productID: $p, planID: $pl }) { id } }`,
      { a: signup.signup.account.id, p: state.productId, pl: created.from.id },
    );

    const { baseURL } = config();
    await page.goto(`${baseURL}/products/${state.productId}`);
    await page.getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit product' });
    await dialog.getByRole('combobox', { name: 'Application plan changes' }).selectOption('DIRECT');
    await dialog.getByText(/paid plan is refused until the developer enters a card, or becomes a request for you to approve/).waitFor();
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/Saved product “/).waitFor();
    await page.getByText('Change plan directly').waitFor();

    const outcome = await graphql(
      `mutation ($u: ID!, $a: ID!, $p: ID!) { requestApplicationPlanChange(userID: $u, applicationID: $a, planID: $p) { application { planID } request { id } } }`,
      { u: signup.signup.user.id, a: app.createApplication.id, p: created.to.id },
    );
    assert.equal(outcome.requestApplicationPlanChange.request, null, 'no request waits for an admin');
    const { node } = await graphql(`query ($id: ID!) { node(id: $id) { ... on Application { plan { id name } } } }`, { id: app.createApplication.id });
    assert.deepEqual(node.plan, { id: created.to.id, name: `To ${run}` });
    assert.deepEqual(pageErrors, []);
  });
});
