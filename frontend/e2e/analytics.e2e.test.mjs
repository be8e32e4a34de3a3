// @ts-check
/**
 * Analytics in the Admin Portal, against a running Portico server: traffic is
 * sent through the Service Management API (an authrep now, a report backdated
 * by up to five hours, each with a response time), then the product's Traffic
 * screen shows it with the right total and the response times' percentiles, its
 * CSV is downloaded, and the application's page charts both too and follows a
 * further call live; a
 * report naming an unknown metric shows on the Integration Errors screen,
 * whose clear-all empties it.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';

import { checkPage, config, graphql, launch, screenshot, signIn, viewports } from './browser.mjs';

const run = Date.now().toString(36);

/**
 * "2026-12-02 10:00:00" in UTC, `hours` ago but not before today's midnight (UTC), so that the
 * chart's bar of today holds every call whatever the time of day (reports may be backdated by at most a day).
 */
function hoursAgoToday(/** @type {number} */ hours) {
  const midnight = new Date();
  midnight.setUTCHours(0, 0, 0, 0);
  const at = Math.max(Date.now() - hours * 3_600_000, midnight.getTime());
  return new Date(at).toISOString().slice(0, 19).replace('T', ' ');
}

describe('Analytics', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {string[]} */
  const pageErrors = [];
  const state = { productId: '', applicationId: '', userKey: '', serviceToken: '' };

  before(async () => {
    const product = await graphql(`mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }`, {
      input: { name: `Traffic API ${run}`, systemName: `traffic_api_${run}` },
    });
    state.productId = product.createProduct.id;
    const setup = await graphql(
      `mutation ($product: ID!) {
        plan: createPlan(input: { kind: APPLICATION, name: "Basic", systemName: "basic", state: PUBLISHED, productID: $product }) { id }
        account: createAccount(input: { orgName: "Traffic Tester ${run}" }) { id }
      }`,
      { product: state.productId },
    );
    const app = await graphql(
      `mutation ($account: ID!, $product: ID!, $plan: ID!) {
        createApplication(input: { name: "traffic app ${run}", accountID: $account, productID: $product, planID: $plan }) { id userKey }
      }`,
      { account: setup.account.id, product: state.productId, plan: setup.plan.id },
    );
    state.applicationId = app.createApplication.id;
    state.userKey = app.createApplication.userKey;
    state.serviceToken = (await graphql(`query ($id: ID!) { node(id: $id) { ... on Product { serviceTokens { value } } } }`, { id: state.productId })).node.serviceTokens[0].value;

    browser = await launch();
    page = await (await browser.newContext({ viewport: viewports[0], acceptDownloads: true })).newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page);
  });

  after(async () => {
    await browser?.close();
  });

  it('counts calls sent through the Service Management API', async () => {
    const { baseURL } = config();
    // The decision plane learns of the new application asynchronously: authrep until it is allowed (only an allowed call counts).
    const q = new URLSearchParams({
      service_token: state.serviceToken,
      service_id: state.productId,
      user_key: state.userKey,
      'usage[hits]': '1',
      'log[response_time]': '40',
    });
    let status = 0;
    for (let attempt = 0; attempt < 40 && status !== 200; attempt++) {
      const response = await fetch(`${baseURL}/transactions/authrep.xml?${q}`);
      status = response.status;
      await response.text();
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(status, 200);
    const report = new URLSearchParams({
      service_token: state.serviceToken,
      service_id: state.productId,
      'transactions[0][user_key]': state.userKey,
      'transactions[0][usage][hits]': '4',
      'transactions[0][timestamp]': hoursAgoToday(5),
      'transactions[0][log][code]': '200',
      'transactions[0][log][response_time]': '120',
      'transactions[1][user_key]': state.userKey,
      'transactions[1][usage][hits]': '2',
      'transactions[1][log][code]': '404',
      'transactions[1][log][response_time]': '80',
    });
    const response = await fetch(`${baseURL}/transactions.xml`, { method: 'POST', body: report });
    assert.equal(response.status, 202, await response.text());

    let total = -1;
    for (let attempt = 0; attempt < 40 && total !== 7; attempt++) {
      const data = await graphql(`query ($p: ID!) { usageSeries(productID: $p, metric: "hits", range: { period: MONTH }) { total } }`, {
        p: state.productId,
      });
      total = data.usageSeries.total;
      if (total !== 7) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(total, 7);

    // The three response times (40, 120 and 80 ms): their median is 80 ms, within the sketch's 1 %.
    let latency = { count: 0, p50: 0 };
    for (let attempt = 0; attempt < 40 && latency.count !== 3; attempt++) {
      const data = await graphql(`query ($p: ID!) { latencySeries(productID: $p, range: { period: MONTH }) { count p50 } }`, { p: state.productId });
      latency = data.latencySeries;
      if (latency.count !== 3) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.equal(latency.count, 3);
    assert.ok(Math.abs(latency.p50 - 80) <= 0.8, `p50 ${latency.p50}, want 80 ± 1 %`);
  });

  /** Waits for the response times beside the traffic to show the three calls and a median of 80 ms (± 1 %). */
  async function seeLatency() {
    const figures = page.getByLabel('Response times of the time frame');
    const figure = (/** @type {string} */ term) => figures.locator('.pf-v6-c-description-list__group', { hasText: term }).locator('dd');
    await page.waitForFunction(() => /^3$/.test(document.querySelector('[aria-label="Response times of the time frame"] .pf-v6-c-description-list__group:last-child dd')?.textContent ?? ''));
    assert.equal((await figure('Calls timed').textContent())?.trim(), '3');
    const median = (await figure('p50 (median)').textContent()) ?? '';
    const ms = Number(median.replace(/[^\d.]/g, ''));
    assert.ok(Math.abs(ms - 80) <= 0.8, `the median reads ${median}, want 80 ms ± 1 %`);
    await page.getByRole('img', { name: /Response times/ }).waitFor();
  }

  it("shows the product's traffic with its total and downloads it as CSV", async () => {
    await page.goto(`${config().baseURL}/products/${state.productId}`);
    await page.getByRole('navigation', { name: /navigation/ }).getByRole('link', { name: 'Traffic' }).click();
    await page.getByRole('heading', { level: 1, name: 'Traffic' }).waitFor();
    const total = page.getByRole('heading', { name: 'Total' });
    await total.waitFor();
    assert.match((await total.textContent()) ?? '', /^7 /);
    await page.getByRole('img', { name: /Hits, last 30 days/ }).waitFor();
    await seeLatency();
    await checkPage(page, 'the traffic screen');
    await screenshot(page, 'analytics-traffic', { dismissToasts: true });
    // The bar of today tells its value on hover.
    const chart = await page.getByRole('img', { name: /Hits, last 30 days/ }).boundingBox();
    assert.ok(chart);
    await page.mouse.move(chart.x + chart.width - 40, chart.y + chart.height / 2);
    await page.getByText(/: 7 hits$/).waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download CSV' }).click()]);
    assert.match(download.suggestedFilename(), /^traffic_api_.*-hits-\d{4}-\d{2}-\d{2}\.csv$/);
    const csv = await readFile(/** @type {string} */ (await download.path()), 'utf8');
    const values = csv
      .trim()
      .split('\n')
      .slice(1)
      .map((line) => line.split(','));
    assert.ok(values.length >= 30, `a point per day, got ${values.length} lines`);
    assert.match(csv, /\b7\s*$/, `the CSV ends with the total 7:\n${csv.slice(-200)}`);

    await page.getByRole('navigation', { name: /navigation/ }).getByRole('link', { name: 'Response Codes' }).click();
    const codes = page.getByRole('grid', { name: 'Response codes' });
    await codes.waitFor();
    const rows = await codes.getByRole('row').allTextContents();
    assert.deepEqual(
      rows.map((row) => row.slice(0, 3)),
      ['Cod', '200', '404'],
    );
  });

  it("charts the application's usage on its page", async () => {
    await page.goto(`${config().baseURL}/audience/applications/${state.applicationId}`);
    await page.getByRole('heading', { level: 2, name: 'Usage' }).waitFor();
    await page.getByRole('combobox', { name: 'Time frame' }).selectOption('30d');
    const total = page.getByRole('heading', { name: 'Total' });
    await page.waitForFunction(() => /^7 /.test(document.querySelector('[aria-label="Total"]')?.textContent ?? ''));
    assert.match((await total.textContent()) ?? '', /^7 /);
    await page.getByText(/^Live: updated every \d+ s$/).waitFor();
    await seeLatency();
    await checkPage(page, "the application's page");
    await screenshot(page, 'analytics-application', { dismissToasts: true });

    // One more call shows up without reloading: the chart follows the liveUsage subscription.
    const q = new URLSearchParams({ service_token: state.serviceToken, service_id: state.productId, user_key: state.userKey, 'usage[hits]': '1' });
    const response = await fetch(`${config().baseURL}/transactions/authrep.xml?${q}`);
    assert.equal(response.status, 200, await response.text());
    await page.waitForFunction(() => /^8 /.test(document.querySelector('[aria-label="Total"]')?.textContent ?? ''), undefined, { timeout: 30_000 });
  });

  it('lists an integration error after a bad report and clears them all', async () => {
    const { baseURL } = config();
    const report = new URLSearchParams({
      service_token: state.serviceToken,
      service_id: state.productId,
      'transactions[0][user_key]': state.userKey,
      'transactions[0][usage][no_such_metric]': '1',
    });
    const response = await fetch(`${baseURL}/transactions.xml`, { method: 'POST', body: report });
    await response.text();
    // The log is written with the next flush of the usage rollups.
    let listed = 0;
    for (let attempt = 0; attempt < 40 && listed === 0; attempt++) {
      const data = await graphql(`query ($p: ID!) { integrationErrors(where: { productID: $p }) { totalCount } }`, { p: state.productId });
      listed = data.integrationErrors.totalCount;
      if (listed === 0) await new Promise((resolve) => setTimeout(resolve, 250));
    }
    assert.ok(listed > 0, `the bad report (answered ${response.status}) is logged`);

    await page.goto(`${config().baseURL}/products/${state.productId}`);
    await page.getByRole('navigation', { name: /navigation/ }).getByRole('link', { name: 'Integration Errors' }).click();
    await page.getByRole('heading', { level: 1, name: 'Integration Errors' }).waitFor();
    const table = page.getByRole('grid', { name: 'Integration errors' });
    await table.getByRole('row').filter({ hasText: 'no_such_metric' }).first().waitFor();
    await checkPage(page, 'the integration errors screen');
    await screenshot(page, 'analytics-integration-errors', { dismissToasts: true });

    await page.getByRole('button', { name: 'Clear all' }).click();
    await page.getByRole('dialog', { name: /Clear every integration error\?/ }).getByRole('button', { name: 'Clear all' }).click();
    await page.getByText('No integration errors').waitFor();
    const after = await graphql(`query ($p: ID!) { integrationErrors(where: { productID: $p }) { totalCount } }`, { p: state.productId });
    assert.equal(after.integrationErrors.totalCount, 0);
  });

  it('shows the hits of the last 30 days per product on the dashboard', async () => {
    await page.goto(`${config().baseURL}/dashboard`);
    const table = page.getByRole('grid', { name: 'Hits per product, last 30 days' });
    const row = table.getByRole('row').filter({ hasText: `Traffic API ${run}` });
    await row.getByText('+100 %').waitFor();
    assert.match((await row.textContent()) ?? '', new RegExp(`^Traffic API ${run}8\\+100 %$`));
    await checkPage(page, 'the dashboard');
    await screenshot(page, 'analytics-dashboard', { dismissToasts: true });
    assert.deepEqual(pageErrors, []);
  });
});
