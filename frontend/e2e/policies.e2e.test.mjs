// @ts-check
/**
 * The policy registry in the Admin Portal, against a running Portico
 * server: a custom policy is registered from its manifest (a refused
 * manifest shows the server's reason beside the field), added to a
 * product's policy chain with the form built from its configuration schema,
 * and its deletion is refused while the chain holds it.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { checkPage, config, graphql, launch, screenshot, signIn, viewports } from './browser.mjs';

const run = Date.now().toString(36);
const policyName = `fence_${run}`;

const manifest = {
  $schema: 'http://apicast.io/policy-v1/schema#manifest#',
  name: policyName,
  version: '1.0.0',
  summary: 'Region fence',
  description: ['Refuses requests from outside a region.'],
  configuration: {
    type: 'object',
    required: ['region'],
    properties: { region: { type: 'string', title: 'Region', enum: ['eu', 'us'] } },
  },
};

describe('policy registry', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {string[]} */
  const pageErrors = [];
  const state = { productId: '', productName: `Fenced ${run}` };

  before(async () => {
    const product = await graphql(`mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }`, {
      input: { name: state.productName, systemName: `fenced_${run}` },
    });
    state.productId = product.createProduct.id;
    browser = await launch();
    page = await (await browser.newContext({ viewport: viewports[0] })).newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page);
  });

  after(async () => {
    await browser?.close();
  });

  it('registers a custom policy from its manifest', async () => {
    await page.goto(`${config().baseURL}/settings`);
    await page.getByRole('navigation', { name: /navigation/ }).getByRole('link', { name: 'Policy registry' }).click();
    await page.getByRole('heading', { level: 1, name: 'Policy registry' }).waitFor();
    await checkPage(page, 'the empty policy registry');
    await page.getByRole('button', { name: 'Register policy' }).first().click();
    await page.getByRole('heading', { level: 1, name: 'Register a custom policy' }).waitFor();

    const field = page.getByRole('textbox', { name: /Policy manifest/ });
    await field.fill(JSON.stringify({ ...manifest, configuration: { type: 'banana' } }, null, 2));
    await page.getByRole('button', { name: 'Register policy' }).click();
    await page.getByText(/configuration\.type: value must be one of/i).waitFor();
    await checkPage(page, 'a refused manifest');

    await field.fill(JSON.stringify(manifest, null, 2));
    await page.getByRole('button', { name: 'Register policy' }).click();
    await page.getByRole('heading', { level: 1, name: 'Policy registry' }).waitFor();
    const row = page.getByRole('row', { name: new RegExp(policyName) });
    await row.getByText('Region fence').waitFor();
    await row.getByText('No product').waitFor();
    await checkPage(page, 'the policy registry');
    await screenshot(page, 'policy-registry', { dismissToasts: true });
  });

  it('adds the custom policy to a product’s chain', async () => {
    await page.goto(`${config().baseURL}/products/${state.productId}/integration/policies`);
    await page.getByRole('heading', { level: 1, name: 'Policies' }).waitFor();
    await page.getByRole('combobox', { name: 'Policy' }).selectOption(`${policyName}@1.0.0`);
    await page.getByRole('button', { name: 'Add policy' }).click();
    await page.getByRole('combobox', { name: 'Region' }).selectOption('eu');
    await checkPage(page, 'a chain with a custom policy');
    await page.getByRole('button', { name: 'Save policy chain' }).click();
    await page.getByText('Saved the policy chain').waitFor();
    const data = await graphql(`query ($id: ID!) { node(id: $id) { ... on Product { pendingConfig } } }`, { id: state.productId });
    const config_ = JSON.parse(data.node.pendingConfig);
    assert.deepEqual(config_.proxy.policy_chain[0], { name: policyName, version: '1.0.0', configuration: { region: 'eu' } });
  });

  it('refuses to delete the policy while the chain holds it', async () => {
    await page.goto(`${config().baseURL}/settings/policies`);
    const row = page.getByRole('row', { name: new RegExp(policyName) });
    await row.getByRole('link', { name: state.productName }).waitFor();
    await row.getByRole('button', { name: /actions/i }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('dialog').getByRole('button', { name: 'Delete' }).click();
    await page.getByText(/is in the policy chain of .*remove it from the chain first/).waitFor();
    await checkPage(page, 'a refused deletion');
    const data = await graphql(`{ customPolicies { name } }`);
    assert.ok(data.customPolicies.some((/** @type {any} */ p) => p.name === policyName));
    assert.deepEqual(pageErrors, []);
  });
});
