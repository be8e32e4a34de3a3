// @ts-check
/**
 * OpenAPI import and ActiveDocs in the Admin Portal, against a running
 * Portico server: an OpenAPI 3.1 document is pasted into a product's import
 * wizard, previewed, imported, and its ActiveDoc is opened in the bundled
 * interactive documentation viewer.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';

import { checkPage, config, graphql, launch, screenshot, signIn, viewports } from './browser.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const run = Date.now().toString(36);

describe('OpenAPI import and ActiveDocs', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {string[]} */
  const pageErrors = [];
  const state = { productId: '', spec: '' };

  before(async () => {
    state.spec = await readFile(resolve(here, '../../server/openapi/testdata/petstore-3.1.yaml'), 'utf8');
    const product = await graphql(`mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }`, {
      input: { name: `Pets ${run}`, systemName: `pets_${run}` },
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

  it('previews an OpenAPI 3.1 document without changing the product', async () => {
    await page.goto(`${config().baseURL}/products/${state.productId}`);
    await page.getByRole('navigation', { name: /navigation/ }).getByRole('link', { name: 'Import from OpenAPI' }).click();
    await page.getByRole('heading', { level: 1, name: 'Import from OpenAPI' }).waitFor();
    await page.getByRole('textbox', { name: 'OpenAPI document text' }).fill(state.spec);
    await page.getByRole('checkbox', { name: /Publish the ActiveDoc/ }).check();
    await checkPage(page, 'the import form');
    await page.getByRole('button', { name: 'Preview' }).click();
    const preview = page.getByRole('grid', { name: 'What the import will do' });
    await preview.waitFor();
    await preview.getByText('GET /v1/pets/{petId}$').waitFor();
    assert.equal(await preview.getByRole('row').count(), 10);
    await checkPage(page, 'the import preview');
    await screenshot(page, 'openapi-import-preview', { dismissToasts: true });
    const data = await graphql(`query ($id: ID!) { node(id: $id) { ... on Product { mappingRules { totalCount } activeDocs { totalCount } } } }`, {
      id: state.productId,
    });
    assert.deepEqual(data.node, { mappingRules: { totalCount: 0 }, activeDocs: { totalCount: 0 } });
  });

  it('imports the document and shows its ActiveDoc', async () => {
    await page.getByRole('button', { name: 'Import' }).click();
    await page.getByRole('grid', { name: 'What the import did' }).waitFor();
    const data = await graphql(
      `query ($id: ID!) { node(id: $id) { ... on Product { mappingRules(orderBy: [{field: POSITION}]) { edges { node { httpMethod pattern } } } } } }`,
      { id: state.productId },
    );
    assert.deepEqual(
      data.node.mappingRules.edges.map((/** @type {any} */ edge) => `${edge.node.httpMethod} ${edge.node.pattern}`),
      ['GET /v1/pets$', 'POST /v1/pets$', 'GET /v1/pets/{petId}$', 'DELETE /v1/pets/{petId}$'],
    );

    await page.getByRole('link', { name: /View the ActiveDoc/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Pet Store' }).waitFor();
    const viewer = page.getByTestId('swagger-viewer');
    await viewer.getByText('Info for a specific pet').waitFor();
    await viewer.getByText('/pets/{petId}').first().waitFor();
    assert.equal(await page.getByText('Published', { exact: true }).count() > 0, true);
    await page.waitForLoadState('networkidle');
    await screenshot(page, 'activedoc-viewer', { dismissToasts: true });

    // The viewer is interactive: an operation opens with its details.
    await viewer.getByText('Info for a specific pet').click();
    await viewer.getByRole('button', { name: 'Try it out' }).waitFor();

    await page.goto(`${config().baseURL}/products/${state.productId}/active-docs`);
    await page.getByRole('grid', { name: 'ActiveDocs' }).getByRole('link', { name: 'Pet Store' }).waitFor();
    await checkPage(page, "the product's ActiveDocs");
    assert.deepEqual(pageErrors, []);
  });
});
