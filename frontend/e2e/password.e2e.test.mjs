// @ts-check
/**
 * A forgotten password: a team user asks for a link on the login page, reads
 * it from the outbox, chooses a new password on the link's page and signs in
 * with it; the old password no longer works and the used link is refused.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { checkPage, config, graphql, launch } from './browser.mjs';

const run = Date.now().toString(36);
const username = `forgetful_${run}`;
const email = `forgetful-${run}@example.com`;
const oldPassword = `Forgotten-${run}-password-1`;
const newPassword = `Remembered-${run}-password-2`;

describe('Forgotten password', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  let resetLink = '';

  before(async () => {
    browser = await launch();
    page = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    page.setDefaultTimeout(15_000);
    await graphql(`mutation ($input: CreateUserInput!, $password: String) { createUser(input: $input, password: $password) { id } }`, {
      input: { username, email },
      password: oldPassword,
    });
  });

  after(async () => {
    await browser?.close();
  });

  it('asks for a link from the login page', async () => {
    await page.goto(`${config().baseURL}/login`);
    await page.getByRole('link', { name: 'Forgot your password?' }).click();
    await page.getByRole('heading', { name: 'Forgot your password?' }).waitFor();
    await checkPage(page, 'the forgotten password page');
    await page.getByRole('textbox', { name: 'Email or username' }).fill(email);
    await page.getByRole('button', { name: 'Email me a link' }).click();
    await page.getByRole('heading', { name: 'Check your email' }).waitFor();
    await checkPage(page, 'the link sent page');
  });

  it('reads the link from the outbox', async () => {
    const data = await graphql(`query ($to: String!) { emailMessages(first: 5, where: { to: $to }) { edges { node { subject body } } } }`, { to: email });
    assert.equal(data.emailMessages.edges.length, 1);
    const body = data.emailMessages.edges[0].node.body;
    const match = /https?:\/\/\S+\/reset-password\?token=[0-9a-f]+/.exec(body);
    assert.ok(match, `no reset link in: ${body}`);
    const link = new URL(match[0]);
    resetLink = `${config().baseURL}${link.pathname}${link.search}`;
  });

  it('chooses a new password with the link and signs in with it', async () => {
    await page.goto(resetLink);
    await page.getByRole('button', { name: 'Change password' }).waitFor();
    await checkPage(page, 'the new password page');
    await page.locator('#password').fill(newPassword);
    await page.locator('#confirm').fill(`${newPassword}x`);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByText('The passwords do not match.').waitFor();
    await page.locator('#confirm').fill(newPassword);
    await page.getByRole('button', { name: 'Change password' }).click();
    await page.getByRole('heading', { name: 'Password changed' }).waitFor();
    await page.getByRole('link', { name: 'Go to sign in' }).click();

    await page.getByLabel('Email or username').fill(username);
    await page.getByLabel('Password').fill(oldPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('The email, username or password is incorrect.').waitFor();
    await page.getByLabel('Password').fill(newPassword);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(/\/dashboard$/);
  });

  it('refuses the used link', async () => {
    const fresh = await (await browser.newContext()).newPage();
    await fresh.goto(resetLink);
    await fresh.locator('#password').fill(`${newPassword}3`);
    await fresh.locator('#confirm').fill(`${newPassword}3`);
    await fresh.getByRole('button', { name: 'Change password' }).click();
    await fresh.getByRole('heading', { name: 'This link cannot be used' }).waitFor();
    await fresh.getByRole('link', { name: 'Ask for a new link' }).waitFor();
  });
});
