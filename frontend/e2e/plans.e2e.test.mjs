// @ts-check
/**
 * Account plans and service plans in the Admin Portal, against a running
 * Portico server: an account plan created, edited, published, made the
 * default, copied and deleted under Audience › Accounts › Account Plans; a
 * service plan of a product created and edited under the product's
 * Subscriptions, and its deletion refused while an account subscribes to it.
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
});
