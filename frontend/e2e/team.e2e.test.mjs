// @ts-check
/**
 * The team journey: an admin invites a member, the member accepts the
 * invitation link from the outbox in a browser of their own and is signed in,
 * landing on a page that names the admins who can grant access; the admin
 * grants them the developer accounts area only, after which they see the
 * accounts but get the not-permitted state, naming the admins, on products.
 * Every Account Settings screen is checked with axe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { checkPage, config, graphql, launch, screenshot, signIn } from './browser.mjs';

const run = Date.now().toString(36);
const email = `member-${run}@example.com`;
const username = `member_${run}`;
const password = `Member-${run}-1`;

describe('Team users and rights', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let admin;
  /** @type {import('playwright-core').Page} */
  let member;
  let invitationLink = '';

  before(async () => {
    browser = await launch();
    admin = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    admin.setDefaultTimeout(15_000);
    await signIn(admin);
    await graphql(`mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }`, {
      input: { name: `Team API ${run}`, systemName: `team_api_${run}` },
    });
  });

  after(async () => {
    await browser?.close();
  });

  it('invites a member from the users list', async () => {
    const { baseURL } = config();
    await admin.goto(`${baseURL}/settings/users`);
    await admin.getByRole('heading', { level: 1, name: 'Users' }).waitFor();
    await admin.getByRole('row', { name: /admin/ }).first().waitFor();
    await checkPage(admin, 'the users list');

    await admin.getByRole('button', { name: 'Invite user' }).click();
    await admin.getByRole('dialog').getByRole('textbox', { name: 'Email' }).fill(email);
    await admin.getByRole('dialog').getByRole('button', { name: 'Send' }).click();
    await admin.waitForURL(/\/settings\/invitations$/);
    await admin.getByRole('row', { name: new RegExp(email) }).getByText('Pending').waitFor();
    await checkPage(admin, 'the invitations list');
  });

  it('reads the invitation link from the outbox', async () => {
    const data = await graphql(`query ($to: String!) { emailMessages(first: 5, where: { to: $to }) { edges { node { subject body } } } }`, {
      to: email,
    });
    const body = data.emailMessages.edges.map((/** @type {any} */ edge) => edge.node.body).join('\n');
    const match = /https?:\/\/\S+\/accept-invitation\?token=[0-9a-f]+/.exec(body);
    assert.ok(match, `no invitation link in: ${body}`);
    const link = new URL(match[0]);
    invitationLink = `${config().baseURL}${link.pathname}${link.search}`;
  });

  it('accepts the invitation in a fresh browser and is signed in as the member', async () => {
    member = await (await browser.newContext({ viewport: { width: 1280, height: 800 } })).newPage();
    member.setDefaultTimeout(15_000);
    await member.goto(invitationLink);
    await member.getByRole('button', { name: 'Create my user and sign in' }).waitFor();
    await checkPage(member, 'the invitation acceptance page');
    await member.getByRole('textbox', { name: 'Username' }).fill(username);
    await member.getByRole('textbox', { name: 'First name' }).fill('Mia');
    await member.getByRole('textbox', { name: 'Last name' }).fill('Member');
    await member.locator('#password').fill(password);
    await member.locator('#confirm').fill(password);
    await member.getByRole('button', { name: 'Create my user and sign in' }).click();
    await member.waitForURL(/\/dashboard$/);
  });

  it('lands the member without rights on a page that names the admins who grant them', async () => {
    const { users } = await graphql(`{ users(first: 3, where: { accountIDIsNil: true, role: ADMIN, state: ACTIVE }, orderBy: [{ field: USERNAME, direction: ASC }]) {
      edges { node { username email firstName lastName } } } }`);
    const admin = users.edges[0].node;
    const name = [admin.firstName, admin.lastName].filter(Boolean).join(' ') || admin.username;
    await member.getByRole('heading', { level: 1, name: 'Welcome to Portico' }).waitFor();
    await member.getByRole('heading', { name: 'No access yet' }).waitFor();
    await member.getByText(`${name}, ${admin.email}`, { exact: false }).waitFor();
    await member.getByText(/to grant you access in Account Settings › Users\./).waitFor();
    assert.equal(await member.getByRole('heading', { name: 'Not permitted' }).count(), 0);
    await checkPage(member, 'the landing page of a member without rights');
    await screenshot(member, 'member-no-access');

    await member.goto(invitationLink);
    await member.getByRole('textbox', { name: 'Username' }).fill(`${username}_again`);
    await member.locator('#password').fill(password);
    await member.locator('#confirm').fill(password);
    await member.getByRole('button', { name: 'Create my user and sign in' }).click();
    await member.getByRole('heading', { name: 'This invitation cannot be used' }).waitFor();
    await member.getByText(/already been accepted/).waitFor();
  });

  it('grants the member the developer accounts area only', async () => {
    const { baseURL } = config();
    await admin.goto(`${baseURL}/settings/users`);
    await admin.getByRole('link', { name: username }).waitFor();
    await screenshot(admin, 'settings-users');
    await admin.getByRole('link', { name: username }).click();
    await admin.getByRole('heading', { level: 1, name: username }).waitFor();
    await admin.getByRole('checkbox', { name: /Developer accounts & applications/ }).check();
    await admin.getByRole('radio', { name: 'All current and future products' }).check();
    await checkPage(admin, 'the rights of a member');
    await admin.getByRole('button', { name: 'Save rights' }).click();
    await admin.getByText(`Saved the rights of ${username}`).waitFor();
    await screenshot(admin, 'settings-user-rights', { dismissToasts: true });

    const data = await graphql(`{ users(where: { username: "${username}" }) { edges { node { role sections allProducts } } } }`);
    assert.deepEqual(data.users.edges[0].node, { role: 'MEMBER', sections: ['PARTNERS'], allProducts: true });
  });

  it('shows the rights change in the audit log, by the admin, with the fields it set', async () => {
    const { baseURL } = config();
    const { users } = await graphql(`{ users(where: { username: "${username}" }) { edges { node { id } } } }`);
    const memberId = users.edges[0].node.id;
    await admin.goto(`${baseURL}/settings`);
    await admin.getByRole('heading', { level: 1, name: 'Account Settings' }).waitFor();
    await admin.getByRole('navigation', { name: 'Account Settings navigation' }).getByRole('link', { name: 'Audit log' }).click();
    await admin.waitForURL(/\/settings\/audit$/);
    await admin.getByRole('heading', { level: 1, name: 'Audit log' }).waitFor();
    await admin.getByText('Entries are kept for a year and record the names of the fields changed, never their values.').waitFor();
    const change = admin.getByRole('row', { name: new RegExp(`admin Updated User #${memberId} .*sections`) });
    await change.first().waitFor();
    assert.match((await change.first().textContent()) ?? '', /127\.0\.0\.1/);
    await checkPage(admin, 'the audit log');
    await screenshot(admin, 'settings-audit-log');

    await admin.getByRole('button', { name: 'Type: Any' }).click();
    await admin.getByRole('option', { name: 'Access token' }).click();
    await admin.waitForURL(/\/settings\/audit\?type=AccessToken$/);
    await admin.getByRole('button', { name: 'Type: Access token' }).waitFor();
    // The filtered list replaces the rows once its answer arrives.
    const userRows = admin.getByRole('row', { name: new RegExp(`User #${memberId}`) });
    await userRows.first().waitFor({ state: 'detached' });
    assert.equal(await userRows.count(), 0);
  });

  it('lets the member see accounts but not products', async () => {
    const { baseURL } = config();
    await member.goto(`${baseURL}/audience/accounts`);
    await member.getByRole('heading', { level: 1, name: 'Accounts' }).waitFor();
    await member.waitForLoadState('networkidle');
    assert.equal(await member.getByRole('heading', { name: 'Not permitted' }).count(), 0);

    await member.goto(`${baseURL}/products`);
    await member.getByRole('heading', { name: 'Not permitted' }).waitFor();
    await member.goto(`${baseURL}/backends`);
    await member.getByRole('heading', { name: 'Not permitted' }).waitFor();
    await member.goto(`${baseURL}/products`);
    await member.getByRole('heading', { name: 'Not permitted' }).waitFor();
    await member.getByText(/Your user does not have access to this area\. Ask (an admin|one of your admins) \(/).waitFor();
    await checkPage(member, 'products for a member without the area');
    await screenshot(member, 'member-products-not-permitted');

    await member.goto(`${baseURL}/settings/audit`);
    await member.getByText('Only admins of this Portico account can read the audit log.').waitFor();
    assert.equal(await member.getByRole('link', { name: 'Audit log' }).count(), 0);
  });

  it("lets a member with the analytics area open a product's analytics from the list, not its integration", async () => {
    const { baseURL } = config();
    const { users } = await graphql(`{ users(where: { username: "${username}" }) { edges { node { id } } } }`);
    await graphql(`mutation ($id: ID!) { updateUserPermissions(id: $id, input: { role: MEMBER, sections: [PARTNERS, MONITORING], allProducts: true }) { id } }`, {
      id: users.edges[0].node.id,
    });
    const { products } = await graphql(`{ products(first: 1) { edges { node { id name } } } }`);
    const product = products.edges[0].node;
    await member.goto(`${baseURL}/products`);
    await member.getByRole('heading', { level: 1, name: 'Products' }).waitFor();
    await member.getByRole('link', { name: product.name, exact: true }).click();
    await member.getByRole('heading', { level: 1, name: 'Traffic' }).waitFor();
    assert.equal(new URL(member.url()).pathname, `/products/${encodeURIComponent(product.id)}/analytics/traffic`);
    await member.waitForLoadState('networkidle');
    assert.equal(await member.getByRole('heading', { name: 'Not permitted' }).count(), 0);
    await checkPage(member, 'product analytics for a member with the analytics area');
    await member.goto(`${baseURL}/products/${encodeURIComponent(product.id)}/integration/configuration`);
    await member.getByRole('heading', { name: 'Not permitted' }).waitFor();
  });

  it('passes axe on the other Account Settings screens', async () => {
    const { baseURL } = config();
    for (const [path, heading] of [
      ['/settings', 'Account Settings'],
      ['/settings/personal/details', 'Personal Details'],
      ['/settings/sso', 'SSO Integrations'],
      ['/settings/sso/new', 'New SSO integration'],
    ]) {
      await admin.goto(`${baseURL}${path}`);
      await admin.getByRole('heading', { level: 1, name: heading }).waitFor();
      await checkPage(admin, path);
    }
    await screenshot(admin, 'settings-sso-new');
    await admin.goto(`${baseURL}/settings`);
    await admin.getByRole('heading', { level: 1, name: 'Account Settings' }).waitFor();
    await screenshot(admin, 'settings-overview');
    await member.goto(`${baseURL}/settings`);
    await member.getByText('Only admins can change these settings.').waitFor();
    await checkPage(member, 'the overview for a member');
  });
});
