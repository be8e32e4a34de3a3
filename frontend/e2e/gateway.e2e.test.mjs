// @ts-check
/**
 * A product's gateway configuration in the Admin Portal, against a running
 * Portico server: the integration settings and a policy are configured,
 * promoted to staging and production, two versions are compared, and the
 * provider key is regenerated while the gateway refuses the old one at once.
 * Every screen is checked for horizontal overflow and with axe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { checkPage, config, graphql, launch, screenshot, signIn, viewports } from './browser.mjs';

const run = Date.now().toString(36);
const productName = `Gateway API ${run}`;

describe('Gateway configuration', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {string[]} */
  const pageErrors = [];
  const state = { productId: '', userKey: '' };
  const productUrl = () => `${config().baseURL}/products/${state.productId}`;

  /** What the decision plane answers to an authorize call with a provider key. */
  async function authorize(/** @type {string} */ providerKey) {
    const q = new URLSearchParams({ provider_key: providerKey, service_id: state.productId, user_key: state.userKey });
    const response = await fetch(`${config().baseURL}/transactions/authorize.xml?${q}`);
    await response.text();
    return response.status;
  }

  before(async () => {
    const product = await graphql(
      `mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }`,
      { input: { name: productName, systemName: `gateway_api_${run}` } },
    );
    state.productId = product.createProduct.id;
    const setup = await graphql(
      `mutation ($product: ID!) {
        plan: createPlan(input: { kind: APPLICATION, name: "Basic", systemName: "basic", state: PUBLISHED, productID: $product }) { id }
        account: createAccount(input: { orgName: "Gateway Tester ${run}" }) { id }
      }`,
      { product: state.productId },
    );
    const app = await graphql(
      `mutation ($account: ID!, $product: ID!, $plan: ID!) {
        createApplication(input: { name: "gateway app", accountID: $account, productID: $product, planID: $plan }) { userKey }
      }`,
      { account: setup.account.id, product: state.productId, plan: setup.plan.id },
    );
    state.userKey = app.createApplication.userKey;

    browser = await launch();
    page = await (await browser.newContext({ viewport: viewports[0] })).newPage();
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page);
  });

  after(async () => {
    await browser?.close();
  });

  it("configures the product's integration settings", async () => {
    await page.goto(`${productUrl()}/integration/settings`);
    await page.getByRole('heading', { level: 1, name: 'Settings' }).waitFor();
    await page.getByRole('textbox', { name: 'Staging public base URL' }).fill('https://staging.gateway.example.com');
    await page.getByRole('textbox', { name: 'Production public base URL' }).fill('https://gateway.example.com');
    await page.getByRole('combobox', { name: 'Credentials location' }).selectOption('HEADERS');
    await checkPage(page, 'the integration settings');
    await page.getByRole('button', { name: 'Save settings' }).click();
    await page.getByText('Saved the integration settings').waitFor();
    const data = await graphql(`query ($id: ID!) { node(id: $id) { ... on Product { integration { productionEndpoint credentialsLocation } } } }`, {
      id: state.productId,
    });
    assert.deepEqual(data.node.integration, { productionEndpoint: 'https://gateway.example.com', credentialsLocation: 'HEADERS' });
  });

  it('adds a policy to the chain with its form', async () => {
    await page.goto(`${productUrl()}/integration/policies`);
    await page.getByRole('heading', { level: 1, name: 'Policies' }).waitFor();
    await page.getByRole('combobox', { name: 'Policy' }).selectOption('cors');
    await page.getByRole('button', { name: 'Add policy' }).click();
    await page.getByRole('textbox', { name: 'Allowed origin (optional)' }).fill('https://portal.example.com');
    await checkPage(page, 'the policy chain');
    await page.getByRole('button', { name: 'Save policy chain' }).click();
    await page.getByText('Saved the policy chain').waitFor();
    const data = await graphql(`query ($id: ID!) { node(id: $id) { ... on Product { integration { policyChain { name configuration } } } } }`, {
      id: state.productId,
    });
    assert.deepEqual(
      data.node.integration.policyChain.map((/** @type {any} */ p) => p.name),
      ['cors', 'apicast'],
    );
    assert.equal(data.node.integration.policyChain[0].configuration.allow_origin, 'https://portal.example.com');
  });

  it('promotes to staging and production and shows the difference between versions', async () => {
    await page.goto(productUrl());
    await page.getByRole('link', { name: 'Go to the configuration' }).click();
    await page.waitForURL(/\/integration\/configuration$/);
    await page.getByRole('heading', { level: 1, name: 'Configuration' }).waitFor();
    await page.getByText(`-H "user_key: ${state.userKey}"`).first().waitFor();
    await page.getByRole('button', { name: 'Promote to staging' }).click();
    // The toast's title: the versions table has a column of the same words.
    await page.getByRole('heading', { name: /Promoted to staging/ }).waitFor();
    await page.getByRole('button', { name: 'Promote v. 1 to production' }).click();
    await page.getByText('Promoted version 1 to production').waitFor();

    await graphql(`mutation ($id: ID!) { updateIntegrationSettings(productID: $id, input: { productionEndpoint: "https://gateway2.example.com" }) { productionEndpoint } }`, {
      id: state.productId,
    });
    await page.reload();
    await page.getByText('The settings, policies or mapping rules changed since the last promotion.').waitFor();
    await page.getByRole('button', { name: 'Promote to staging' }).click();
    await page.getByRole('button', { name: 'Promote v. 2 to production' }).waitFor();
    await page.getByRole('combobox', { name: 'From' }).selectOption('1');
    await page.getByRole('combobox', { name: 'To' }).selectOption('2');
    await page.getByRole('button', { name: 'Show differences' }).click();
    const diff = page.getByRole('grid', { name: 'Differences between versions 1 and 2' });
    await diff.getByText('proxy.endpoint', { exact: true }).waitFor();
    await diff.getByText('"https://gateway2.example.com"').waitFor();
    const tokens = page.getByRole('grid', { name: 'Service tokens' });
    const before = await tokens.getByRole('row').count();
    await page.getByRole('button', { name: 'Create service token' }).click();
    await page.getByText('Created a service token').waitFor();
    await tokens.getByRole('row').nth(before).waitFor();
    await checkPage(page, 'the configuration with a diff');
    await screenshot(page, 'gateway-configuration', { dismissToasts: true });

    const data = await graphql(`query ($id: ID!) { node(id: $id) { ... on Product { state production: proxyConfigs(environment: PRODUCTION) { version } } } }`, {
      id: state.productId,
    });
    assert.equal(data.node.state, 'PUBLISHED');
    await page.goto(productUrl());
    await page.getByText('Published', { exact: true }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Go to the configuration' }).count(), 0);
    assert.deepEqual(data.node.production, [{ version: 1 }]);
  });

  it('regenerates the provider key and the gateway refuses the old one', async () => {
    const before = await graphql(`{ viewer { tenant { providerKey } } }`);
    const oldKey = before.viewer.tenant.providerKey;
    assert.equal(await authorize(oldKey), 200);

    await page.goto(`${config().baseURL}/settings`);
    await page.getByRole('heading', { level: 2, name: 'Provider key' }).waitFor();
    await page.getByRole('button', { name: 'Show provider key' }).click();
    await page.getByRole('textbox', { name: 'Provider key' }).waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Provider key' }).inputValue(), oldKey);
    await checkPage(page, 'account settings with the provider key');
    await page.getByRole('button', { name: 'Regenerate provider key' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Regenerate' }).click();
    await page.getByText('Regenerated the provider key').waitFor();
    const newKey = await page.getByRole('textbox', { name: 'Provider key' }).inputValue();
    assert.notEqual(newKey, oldKey);

    assert.equal(await authorize(oldKey), 403);
    assert.equal(await authorize(newKey), 200);
  });

  it('raised no errors in the page', () => {
    assert.deepEqual(pageErrors, []);
  });
});
