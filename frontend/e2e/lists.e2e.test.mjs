// @ts-check
/**
 * Sorting lists on the server, kept in the address: accounts sorted by
 * organization name both ways from the column header, and the same order
 * restored from a shared link. Checked with axe and for horizontal overflow.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { checkPage, config, graphql, launch, screenshot, signIn, viewports } from './browser.mjs';

const run = Date.now().toString(36);
const names = [`Zeta ${run}`, `Alpha ${run}`, `Mu ${run}`];

describe('Sorted lists', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;

  before(async () => {
    for (const orgName of names) await graphql(`mutation ($name: String!) { createAccount(input: { orgName: $name }) { id } }`, { name: orgName });
    browser = await launch();
    page = await browser.newPage({ viewport: viewports[0] });
    page.setDefaultTimeout(15_000);
    await signIn(page);
  });

  after(async () => {
    await browser?.close();
  });

  /** Waits until the accounts table of `on` lists this run's accounts in `order`, top to bottom. */
  async function expectOrder(/** @type {import('playwright-core').Page} */ on, /** @type {string[]} */ order) {
    const table = on.getByRole('grid', { name: 'Accounts' });
    let seen = /** @type {string[]} */ ([]);
    for (let attempt = 0; attempt < 100; attempt++) {
      seen = (await table.getByRole('link').allTextContents()).filter((text) => text.endsWith(run));
      if (JSON.stringify(seen) === JSON.stringify(order)) return;
      await on.waitForTimeout(100);
    }
    assert.deepEqual(seen, order);
  }

  it('sorts accounts by organization name both ways, through the address', async () => {
    await page.goto(`${config().baseURL}/audience/accounts?q=${run}`);
    await page.getByRole('button', { name: 'Group/Org.' }).click();
    await page.waitForURL(/sort=ORG_NAME&dir=asc/);
    await page.waitForFunction(() => document.querySelector('th[aria-sort="ascending"]') !== null);
    await expectOrder(page, [...names].sort());
    await page.getByRole('button', { name: 'Group/Org.' }).click();
    await page.waitForURL(/sort=ORG_NAME&dir=desc/);
    await page.waitForFunction(() => document.querySelector('th[aria-sort="descending"]') !== null);
    await expectOrder(page, [...names].sort().reverse());
    await checkPage(page, 'the accounts sorted by name');

    // A shared link opens the list in its order.
    const other = await browser.newPage({ viewport: viewports[0] });
    await signIn(other);
    await other.goto(page.url());
    await expectOrder(other, [...names].sort().reverse());
    await other.close();
  });

  it('shows a whole 32-character user key in the applications search box', async () => {
    const key = 'f'.repeat(16) + '0123456789abcdef';
    for (const viewport of viewports) {
      await page.setViewportSize(viewport);
      await page.goto(`${config().baseURL}/audience/applications`);
      const box = page.getByRole('textbox', { name: 'Search by name, user key, app ID or client ID' });
      await box.fill(key);
      const fits = await box.evaluate((input) => /** @type {HTMLInputElement} */ (input).scrollWidth <= /** @type {HTMLInputElement} */ (input).clientWidth);
      assert.ok(fits, `a 32-character key overflows the search box at ${viewport.width} px`);
    }
    await page.setViewportSize(viewports[0]);
    await checkPage(page, 'the applications list searched by a whole key');
    await screenshot(page, 'applications-search-key');
  });
});
