// @ts-check
/**
 * The developer lifecycle in the Audience screens: the admin turns on account
 * approval in the usage rules; a developer signs up and waits, pending; the
 * admin approves the account with the bulk bar of the accounts list, moves it
 * to another account plan and invites a colleague from its page; defines an
 * extra field; writes to the account from the compose page and finds the
 * message in the account's inbox; reads what the developer wrote back in the
 * provider's inbox and replies. Every screen is checked with axe and for
 * horizontal overflow.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { checkPage, config, graphql, launch, screenshot, signIn, viewports } from './browser.mjs';

const run = Date.now().toString(36);
const orgName = `Pending Co ${run}`;
const developer = { username: `dev_${run}`, email: `dev-${run}@example.com`, password: `Dev-${run}-Pass1!` };
const planName = `Partner ${run}`;
const subject = `Welcome aboard ${run}`;
const rulesQuery = `{ viewer { tenant { signupsEnabled accountApprovalRequired strongPasswords developerDetailsEditable } } }`;

describe('Accounts and messages', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {string[]} */
  const pageErrors = [];
  const state = { accountId: '', userId: '', rules: /** @type {Record<string, boolean> | null} */ (null) };

  before(async () => {
    state.rules = (await graphql(rulesQuery)).viewer.tenant;
    browser = await launch();
    page = await browser.newPage({ viewport: viewports[0] });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page);
  });

  after(async () => {
    await browser?.close();
    // Leave the usage rules as they were for the other journeys.
    if (state.rules) await graphql(`mutation ($input: UpdateTenantInput!) { updateTenant(input: $input) { id } }`, { input: state.rules });
  });

  it('requires approval of new accounts through the usage rules', async () => {
    await page.goto(`${config().baseURL}/audience/accounts/usage-rules`);
    await page.getByRole('heading', { level: 1, name: 'Usage Rules' }).waitFor();
    const approval = page.getByRole('checkbox', { name: 'Account approval required' });
    await page.getByRole('radio', { name: 'Developers may sign up themselves' }).check();
    if (await approval.isChecked()) await approval.uncheck();
    if (state.rules?.signupsEnabled && !state.rules.accountApprovalRequired) {
      assert.ok(await page.getByRole('button', { name: 'Save' }).isDisabled(), 'nothing changed yet');
    }
    await approval.check();
    await checkPage(page, 'the usage rules');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Usage rules saved').waitFor();
    await screenshot(page, 'usage-rules');
    const { viewer } = await graphql(rulesQuery);
    assert.equal(viewer.tenant.accountApprovalRequired, true);
    assert.equal(viewer.tenant.signupsEnabled, true);
  });

  it('approves a pending signup from the bulk bar of the accounts list', async () => {
    const { signup } = await graphql(
      `mutation ($input: SignupInput!) { signup(input: $input) { account { id state } user { id } } }`,
      { input: { orgName, ...developer } },
    );
    assert.equal(signup.account.state, 'PENDING');
    state.accountId = signup.account.id;
    state.userId = signup.user.id;

    await page.goto(`${config().baseURL}/audience/accounts?state=PENDING&q=${encodeURIComponent(run)}`);
    const table = page.getByRole('grid', { name: 'Accounts' });
    await table.getByRole('link', { name: orgName }).waitFor();
    await table.getByRole('checkbox', { name: `Select ${orgName}` }).check();
    await page.getByText('1 selected').waitFor();
    await checkPage(page, 'the accounts list with a selection');
    await screenshot(page, 'accounts-bulk-bar');

    await page.getByRole('button', { name: 'Approve selected' }).click();
    await page.getByRole('dialog', { name: /Approve 1 account/ }).getByRole('button', { name: 'Approve' }).click();
    const results = page.getByRole('dialog', { name: /Approve accounts/ });
    await results.getByText(`${orgName}: approved`).waitFor();
    await results.getByText('1 of 1 done.').waitFor();
    await checkPage(page, 'the bulk results');
    await screenshot(page, 'accounts-bulk-results');
    await results.getByRole('button', { name: 'Done' }).click();
    await table.getByText('No accounts match').waitFor();

    const { node } = await graphql(`query ($id: ID!) { node(id: $id) { ... on Account { state } } }`, { id: state.accountId });
    assert.equal(node.state, 'APPROVED');
  });

  it('moves the account to another account plan and invites a colleague from its page', async () => {
    await graphql(`mutation ($input: CreatePlanInput!) { createPlan(input: $input) { id } }`, {
      input: { kind: 'ACCOUNT', name: planName, systemName: `partner_${run}`, state: 'PUBLISHED' },
    });
    await page.goto(`${config().baseURL}/audience/accounts/${state.accountId}`);
    await page.getByRole('heading', { level: 1, name: orgName }).waitFor();
    await page.getByRole('button', { name: 'Change account plan' }).click();
    const dialog = page.getByRole('dialog', { name: 'Change account plan' });
    const select = dialog.getByRole('combobox', { name: 'Account plan' });
    await select.locator('option', { hasText: planName }).waitFor({ state: 'attached' });
    const planId = await select.locator('option', { hasText: planName }).getAttribute('value');
    await select.selectOption(planId ?? '');
    await dialog.getByRole('button', { name: 'Change plan' }).click();
    await page.getByText(`“${orgName}” is now on the plan “${planName}”`).waitFor();

    const users = page.getByRole('grid', { name: 'Users' });
    await users.getByRole('gridcell', { name: developer.email, exact: true }).waitFor();
    await page.getByRole('button', { name: 'Invite user' }).first().click();
    const invite = page.getByRole('dialog', { name: 'Invite user' });
    await invite.getByRole('textbox', { name: 'Email' }).fill(developer.email);
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await invite.getByText('A user with this email already exists').waitFor();
    await invite.getByRole('textbox', { name: 'Email' }).fill(`colleague-${run}@example.com`);
    await invite.getByRole('button', { name: 'Send invitation' }).click();
    await invite.waitFor({ state: 'detached' });
    await page.getByRole('grid', { name: 'Invitations' }).getByRole('gridcell', { name: `colleague-${run}@example.com`, exact: true }).waitFor();
    await checkPage(page, 'the account page');

    const { node } = await graphql(`query ($id: ID!) { node(id: $id) { ... on Account { plan { name } } } }`, { id: state.accountId });
    assert.equal(node.plan.name, planName);
  });

  it('defines an extra account field, refusing a bad name beside the field', async () => {
    await page.goto(`${config().baseURL}/audience/accounts/fields`);
    await page.getByRole('heading', { level: 1, name: 'Fields Definitions' }).waitFor();
    await page.getByRole('grid', { name: 'Account fields' }).getByText('org_name').waitFor();
    await checkPage(page, 'the field definitions');
    await page.getByRole('button', { name: 'Create account field' }).click();
    const dialog = page.getByRole('dialog', { name: 'New account field' });
    await dialog.getByRole('combobox', { name: 'Field' }).selectOption('+extra');
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill('Industry');
    await dialog.getByRole('textbox', { name: 'Label', exact: true }).fill('Industry');
    await dialog.getByRole('textbox', { name: 'Choices', exact: true }).fill('Retail\nBanking');
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.getByText(/Must start with a lower-case letter/).waitFor();
    await checkPage(page, 'the new field dialog');
    await dialog.getByRole('textbox', { name: 'Name', exact: true }).fill(`industry_${run}`);
    await dialog.getByRole('button', { name: 'Create' }).click();
    await dialog.waitFor({ state: 'detached' });
    const row = page.getByRole('grid', { name: 'Account fields' }).getByRole('row', { name: new RegExp(`industry_${run}`) });
    await row.getByText('Retail, Banking').waitFor();
    await screenshot(page, 'field-definitions', { dismissToasts: true });

    await row.getByRole('button', { name: `Actions for industry_${run}` }).click();
    await page.getByRole('menuitem', { name: 'Delete' }).click();
    await page.getByRole('dialog', { name: /Delete the field/ }).getByRole('button', { name: 'Delete' }).click();
    await row.waitFor({ state: 'detached' });
  });

  it("composes a message to the account and finds it in the account's inbox", async () => {
    await page.goto(`${config().baseURL}/audience/messages/new`);
    await page.getByRole('heading', { level: 1, name: 'Compose message' }).waitFor();
    await page.getByRole('combobox', { name: 'To' }).fill(run);
    await page.getByRole('option', { name: new RegExp(orgName) }).click();
    await page.getByRole('button', { name: `Remove ${orgName}` }).waitFor();
    await page.getByRole('textbox', { name: 'Subject', exact: true }).fill(subject);
    await page.getByRole('textbox', { name: 'Message', exact: true }).fill('Your account is approved.\nWelcome!');
    await page.keyboard.press('Escape');
    await checkPage(page, 'the compose page');
    await screenshot(page, 'compose-message');
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await page.waitForURL(/\/audience\/messages\/sent\/[^/]+$/);
    await page.getByRole('heading', { level: 1, name: subject }).waitFor();
    await page.getByRole('grid', { name: 'Recipients' }).getByRole('link', { name: orgName }).waitFor();
    await checkPage(page, 'the sent message');

    await page.goto(`${config().baseURL}/audience/accounts/${state.accountId}`);
    const inbox = page.getByRole('grid', { name: 'Messages' });
    const entry = inbox.getByRole('row', { name: new RegExp(subject) });
    await entry.getByText('Unread').waitFor();
    await entry.scrollIntoViewIfNeeded();
    await screenshot(page, 'account-page', { dismissToasts: true });

    const data = await graphql(
      `query ($id: ID!) { messageRecipients(where: { accountID: $id }) { edges { node { readAt message { subject direction } } } } }`,
      { id: state.accountId },
    );
    const entries = data.messageRecipients.edges.map((/** @type {any} */ edge) => edge.node);
    assert.ok(
      entries.some((/** @type {any} */ node) => node.message.subject === subject && node.message.direction === 'TO_ACCOUNTS' && node.readAt === null),
      JSON.stringify(entries),
    );
  });

  it('reads what the developer wrote in the inbox, which marks it read, and replies', async () => {
    const question = `Question ${run}`;
    await graphql(`mutation ($user: ID!, $subject: String, $body: String!) { sendDeveloperMessage(userID: $user, subject: $subject, body: $body) { id } }`, {
      user: state.userId,
      subject: question,
      body: 'Can we get a bigger plan?',
    });
    await page.goto(`${config().baseURL}/audience/messages/inbox?read=unread`);
    const table = page.getByRole('grid', { name: 'Inbox' });
    const row = table.getByRole('row', { name: new RegExp(question) });
    await row.getByText('Unread').waitFor();
    await row.getByRole('link', { name: orgName }).waitFor();
    await checkPage(page, 'the inbox');
    await screenshot(page, 'inbox');

    await row.getByRole('link', { name: question }).click();
    await page.getByRole('heading', { level: 1, name: question }).waitFor();
    await page.getByText('Can we get a bigger plan?').waitFor();
    await page.getByRole('group', { name: 'Message actions' }).getByRole('button', { name: 'Mark as unread' }).waitFor();
    await checkPage(page, 'an inbox message');
    await screenshot(page, 'inbox-message');
    const read = await graphql(
      `query ($subject: String!) { messageRecipients(where: { accountIDIsNil: true, hasMessageWith: [{ subject: $subject }] }) { edges { node { readAt } } } }`,
      { subject: question },
    );
    assert.notEqual(read.messageRecipients.edges[0].node.readAt, null);

    await page.getByRole('button', { name: 'Reply' }).click();
    const dialog = page.getByRole('dialog', { name: 'Reply' });
    assert.equal(await dialog.getByRole('textbox', { name: 'Subject', exact: true }).inputValue(), `Re: ${question}`);
    await dialog.getByRole('textbox', { name: 'Message', exact: true }).fill('Yes: see the Partner plan.');
    await checkPage(page, 'the reply dialog');
    await screenshot(page, 'inbox-reply');
    await dialog.getByRole('button', { name: 'Send' }).click();
    await page.getByText(`Reply sent to “${orgName}”`).waitFor();
    // The reply is linked to the message it answers.
    await page.getByRole('link', { name: `Re: ${question}` }).click();
    await page.getByRole('heading', { level: 1, name: `Re: ${question}` }).waitFor();
    await page.getByRole('link', { name: question, exact: true }).waitFor();
    const replies = await graphql(
      `query ($id: ID!, $subject: String!) { messageRecipients(where: { accountID: $id, hasMessageWith: [{ subject: $subject }] }) { totalCount } }`,
      { id: state.accountId, subject: `Re: ${question}` },
    );
    assert.equal(replies.messageRecipients.totalCount, 1);

    await page.goto(`${config().baseURL}/audience/messages/sent`);
    await page.getByRole('grid', { name: 'Sent messages' }).getByRole('link', { name: `Re: ${question}` }).waitFor();
    await checkPage(page, 'the sent messages');
    await screenshot(page, 'sent-messages', { dismissToasts: true });
    assert.deepEqual(pageErrors, []);
  });
});
