// @ts-check
/**
 * The fields an admin defines reach every screen of the records they describe: the New account
 * and New application forms offer them, the account and application pages show them (hidden ones
 * marked), and the Edit dialogs of accounts and users write them, hidden and read-only ones
 * included.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { checkPage, config, dismissToasts, graphql, launch, signIn } from './browser.mjs';

const run = Date.now().toString(36);
const org = `Fielded ${run}`;
const username = `fielded_${run}`;
const industry = `Industry ${run}`;
const risk = `Risk ${run}`;
const job = `Job ${run}`;
const purpose = `Purpose ${run}`;
const appName = `Fielded app ${run}`;

describe('Defined fields', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {string[]} */
  const definitions = [];

  before(async () => {
    for (const input of [
      { target: 'ACCOUNT', name: `industry_${run}`, label: industry, choices: ['Banking', 'Retail'], hint: 'What the developer builds for' },
      { target: 'ACCOUNT', name: `risk_${run}`, label: risk, hidden: true },
      { target: 'USER', name: `job_${run}`, label: job, readOnly: true },
      { target: 'APPLICATION', name: `purpose_${run}`, label: purpose, choices: ['Testing', 'Production'], required: true },
    ]) {
      const data = await graphql(`mutation ($input: CreateFieldDefinitionInput!) { createFieldDefinition(input: $input) { id } }`, { input });
      definitions.push(data.createFieldDefinition.id);
    }
    browser = await launch();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(15_000);
    await signIn(page);
  });

  after(async () => {
    await browser?.close();
    for (const id of definitions) {
      await graphql(`mutation ($id: ID!) { deleteFieldDefinition(id: $id) { deletedID } }`, { id });
    }
  });

  it('offers the defined fields on the New account form', async () => {
    await page.goto(`${config().baseURL}/audience/accounts/new`);
    await page.getByRole('heading', { level: 1, name: 'Create Account' }).waitFor();
    await page.getByRole('combobox', { name: industry }).selectOption('Banking');
    await checkPage(page, 'the New account form with defined fields');
    await page.getByRole('textbox', { name: 'Organization/Group name' }).fill(org);
    await page.getByRole('textbox', { name: 'Username' }).fill(username);
    await page.getByRole('textbox', { name: 'Email' }).fill(`${username}@example.com`);
    await page.getByLabel(/^Password/).fill(`Fielded-${run}-pass-1`);
    await page.getByRole('textbox', { name: job }).fill('Architect');
    await page.getByRole('button', { name: 'Create account' }).click();
    await page.getByRole('heading', { level: 1, name: org }).waitFor();
    await page.getByRole('definition').filter({ hasText: 'Banking' }).waitFor();
  });

  it('edits the hidden field of the account and shows it marked', async () => {
    await page.getByRole('group', { name: 'Account actions' }).getByRole('button', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: 'Edit account' });
    await dialog.getByRole('textbox', { name: risk }).fill('high');
    await dialog.getByRole('textbox', { name: 'Billing city' }).fill('Lisbon');
    await checkPage(page, 'the Edit account dialog');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText(`Saved account “${org}”`).waitFor();
    await dialog.waitFor({ state: 'detached' });
    await page.getByRole('definition').filter({ hasText: 'highHidden from developers' }).waitFor();
    await page.getByRole('definition').filter({ hasText: 'Lisbon' }).waitFor();
    await dismissToasts(page);
    await checkPage(page, 'the account page with its fields');
  });

  it("edits the admin user's read-only field from the users list", async () => {
    const row = page.getByRole('row').filter({ hasText: `${username}@example.com` });
    await row.getByRole('button', { name: /actions/i }).click();
    await page.getByRole('menuitem', { name: 'Edit' }).click();
    const dialog = page.getByRole('dialog', { name: `Edit ${username}` });
    assert.equal(await dialog.getByRole('textbox', { name: job }).inputValue(), 'Architect');
    await dialog.getByRole('textbox', { name: job }).fill('CTO');
    await dialog.getByRole('textbox', { name: 'Last name' }).fill('Field');
    await dialog.getByRole('button', { name: 'Save' }).click();
    await page.getByText(`Saved ${username}`).waitFor();

    const data = await graphql(`query ($q: String!) { users(where: { username: $q }) { edges { node { lastName extraFields } } } }`, { q: username });
    const user = data.users.edges[0].node;
    assert.equal(user.lastName, 'Field');
    assert.deepEqual(user.extraFields, { [`job_${run}`]: 'CTO' });
  });

  it('offers the defined application fields on the New application form and shows them on the application', async () => {
    await page.goto(`${config().baseURL}/audience/accounts`);
    await page.getByRole('link', { name: org }).click();
    await page.getByRole('heading', { level: 1, name: org }).waitFor();
    await page.getByRole('button', { name: 'Create application' }).click();
    await page.getByRole('heading', { level: 1, name: 'Create Application' }).waitFor();
    const product = page.getByRole('combobox', { name: 'Product' });
    await product.selectOption({ label: 'API' });
    await page.getByRole('combobox', { name: purpose }).selectOption('Production');
    await page.getByText('Developers must fill it in.').waitFor();
    await checkPage(page, 'the New application form with a defined field');
    await page.getByRole('textbox', { name: 'Name', exact: true }).fill(appName);
    await page.getByRole('button', { name: 'Create application' }).click();
    await page.getByRole('heading', { level: 1, name: appName }).waitFor();
    await page.getByRole('definition').filter({ hasText: 'Production' }).waitFor();

    const data = await graphql(`query ($q: String!) { applications(where: { name: $q }) { edges { node { extraFields } } } }`, { q: appName });
    assert.deepEqual(data.applications.edges[0].node.extraFields, { [`purpose_${run}`]: 'Production' });
  });
});
