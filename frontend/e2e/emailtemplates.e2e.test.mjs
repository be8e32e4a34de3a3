// @ts-check
/**
 * Email templates in Account Settings: the admin opens the team invitation
 * template, previews an edit with sample data, is refused an invalid one with
 * its line next to the body, saves a valid one, invites someone and finds the
 * edited text in the email (read from the outbox, as the server runs without
 * SMTP), then resets the template to the default. Both screens are checked
 * with axe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { checkPage, config, dismissToasts, graphql, launch, screenshot, signIn, viewports } from './browser.mjs';

const run = Date.now().toString(36);
const invitee = `templated-${run}@example.com`;

describe('Email templates', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;

  before(async () => {
    browser = await launch();
    page = await (await browser.newContext({ viewport: viewports[0] })).newPage();
    page.setDefaultTimeout(20_000);
    await signIn(page);
  });

  after(async () => {
    await browser?.close();
  });

  it('lists the templates under Account Settings', async () => {
    await page.goto(`${config().baseURL}/settings`);
    await page.getByRole('navigation', { name: /navigation/ }).getByRole('link', { name: 'Email templates' }).click();
    await page.getByRole('heading', { level: 1, name: 'Email templates' }).waitFor();
    const table = page.getByRole('grid', { name: 'Email templates' });
    await table.getByRole('link', { name: 'Invoice issued' }).waitFor();
    await checkPage(page, 'the email templates list');
    await table.getByRole('link', { name: 'Team invitation' }).click();
    await page.getByRole('heading', { level: 1, name: 'Team invitation' }).waitFor();
  });

  it('previews an edit with sample data', async () => {
    await page.getByRole('textbox', { name: 'Subject' }).fill('Join {{.OrgName}}, run ' + run);
    const body = page.getByRole('textbox', { name: 'Body' });
    await body.fill('Hello from {{.Inviter}}!\nYour link: {{.AcceptURL}}\n');
    await page.getByRole('button', { name: 'Preview' }).click();
    await assertText(page.getByTestId('preview-subject'), `Join Example Corp, run ${run}`);
    await assertText(page.getByTestId('preview-body'), 'Hello from Jane Doe!');
    await checkPage(page, 'the email template editor with a preview');
    await screenshot(page, 'email-template-preview');
  });

  it('refuses an invalid template with its line next to the body', async () => {
    const body = page.getByRole('textbox', { name: 'Body' });
    await body.fill('Hello\nfrom\n{{.Nope}}\n');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText(/^Line 3: .*Nope/).waitFor();
    assert.equal(await body.getAttribute('aria-invalid'), 'true');
    const stored = await graphql(`{ emailTemplate(name: "invitation.team") { customized } }`);
    assert.equal(stored.emailTemplate.customized, false, 'an invalid template was stored');
  });

  it('saves a valid template and the next invitation uses it', async () => {
    await page.getByRole('textbox', { name: 'Body' }).fill('Hello from {{.Inviter}}, run ' + run + '!\nYour link: {{.AcceptURL}}\n');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Saved “Team invitation”').waitFor();
    await page.getByText('Customized', { exact: true }).first().waitFor();
    await dismissToasts(page);

    await graphql(`mutation ($email: String!) { inviteUser(email: $email) { id } }`, { email: invitee });
    const data = await graphql(`query ($to: String!) { emailMessages(first: 5, where: { to: $to }) { edges { node { subject body } } } }`, {
      to: invitee,
    });
    const [email] = data.emailMessages.edges.map((/** @type {any} */ edge) => edge.node);
    assert.ok(email, `no email to ${invitee}`);
    assert.match(email.subject, new RegExp(`^Join .+, run ${run}$`));
    assert.match(email.body, new RegExp(`^Hello from .+, run ${run}!\\nYour link: https?://\\S+/accept-invitation\\?token=[0-9a-f]+\\n$`));
  });

  it('resets the template to the default after confirmation', async () => {
    await page.getByRole('button', { name: 'Reset to default' }).click();
    const dialog = page.getByRole('dialog', { name: /Reset to the default\?/ });
    await dialog.getByRole('button', { name: 'Reset' }).click();
    await page.getByText('Reset “Team invitation” to the default').waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'Subject' }).inputValue(), 'Invitation to join {{.OrgName}} on Portico');
    const stored = await graphql(`{ emailTemplate(name: "invitation.team") { customized } }`);
    assert.equal(stored.emailTemplate.customized, false);
  });
});

/** Waits until a locator's text contains want. */
async function assertText(/** @type {import('playwright-core').Locator} */ locator, /** @type {string} */ want) {
  await locator.waitFor();
  for (let i = 0; i < 50; i++) {
    if ((await locator.textContent())?.includes(want)) return;
    await new Promise((done) => setTimeout(done, 100));
  }
  assert.fail(`"${await locator.textContent()}" does not contain "${want}"`);
}
