// @ts-check
/**
 * Account Settings › Export, against a running Portico server: the developer accounts of all time
 * are downloaded as a CSV file the browser saves, named by the API, with the header row and the
 * account made for the check; 3scale's address of the page leads to it.
 */
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { after, before, describe, it } from 'node:test';

import { checkPage, config, graphql, launch, signIn, viewports } from './browser.mjs';

const run = Date.now().toString(36);
const orgName = `Export Tester ${run}`;

describe('Data export', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {string[]} */
  const pageErrors = [];
  let accountId = '';

  before(async () => {
    const data = await graphql(`mutation ($org: String!) { createAccount(input: { orgName: $org }) { id } }`, { org: orgName });
    accountId = data.createAccount.id;
    browser = await launch();
    page = await (await browser.newContext({ viewport: viewports[0], acceptDownloads: true })).newPage();
    page.setDefaultTimeout(20_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page);
  });

  after(async () => {
    await browser?.close();
    if (accountId) await graphql(`mutation ($id: ID!) { deleteAccount(id: $id) { deletedID } }`, { id: accountId });
  });

  it('downloads the accounts of all time as a CSV file', async () => {
    await page.goto(`${config().baseURL}/settings/export`);
    await page.getByRole('heading', { level: 1, name: 'Export' }).waitFor();
    const nav = page.getByRole('navigation', { name: 'Account Settings navigation' });
    assert.equal(await nav.getByRole('link', { name: 'Export', exact: true }).getAttribute('aria-current'), 'page');

    await page.getByRole('combobox', { name: 'Data' }).selectOption({ label: 'Accounts' });
    await page.getByRole('combobox', { name: 'Period' }).selectOption({ label: 'All time' });
    await checkPage(page, 'the Export page');

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Export', exact: true }).click()]);
    assert.match(download.suggestedFilename(), /^portico-accounts-all-\d{4}-\d{2}-\d{2}\.csv$/);
    assert.equal(await download.failure(), null);
    const csv = await readFile(/** @type {string} */ (await download.path()), 'utf8');
    const lines = csv.trimEnd().split(/\r?\n/);
    assert.ok(lines[0].startsWith('id,org_name,state'), `header: ${lines[0]}`);
    assert.ok(lines.length >= 2, 'the file holds at least one account');
    assert.ok(
      lines.some((line) => line.startsWith(`${accountId},${orgName},`)),
      `a row for ${orgName} (#${accountId}):\n${csv}`,
    );

    // Other journeys' accounts may hold line breaks in quoted fields, so the count is not the file's line count.
    await page.getByText(/Exported \d+ accounts?$/).waitFor();
    await page.getByText(`Saved as ${download.suggestedFilename()}.`).waitFor();
    await checkPage(page, 'the Export page after an export');
    assert.deepEqual(pageErrors, []);
  });

  it("opens from 3scale's address of the page", async () => {
    await page.goto(`${config().baseURL}/p/admin/account/data_exports/new`);
    await page.waitForURL(/\/settings\/export$/);
    await page.getByRole('heading', { level: 1, name: 'Export' }).waitFor();
  });
});
