// @ts-check
/**
 * Payments in the Admin Portal, against a running Portico server whose
 * payment gateway is Stripe's stripe-mock behind the test-mode overlay
 * (run.sh starts it): the admin enters Stripe keys in Account Settings ›
 * Billing (a key of the wrong shape is refused inline), sees the card a
 * developer saved through a SetupIntent on the account page, charges an
 * issued invoice with "Charge now" and reads the payment transaction on the
 * invoice page; a declined card leaves the next invoice pending with a
 * failed transaction. Every screen is checked for overflow and with axe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { checkPage, config, dismissToasts, graphql, launch, screenshot, signIn, viewports } from './browser.mjs';

const run = Date.now().toString(36);
const orgName = `Card Holder ${run}`;
const publishableKey = `pk_test_e2e${run}Publishable`;
const secretKey = `sk_test_e2e${run}Secret`;

const stripeURL = process.env.PORTICO_E2E_STRIPE_URL ?? '';

/** What Stripe.js does in the developer's browser: confirm the SetupIntent with a test card. */
async function confirmSetup(/** @type {string} */ setupRef, /** @type {string} */ paymentMethod) {
  const res = await fetch(`${stripeURL}/v1/setup_intents/${setupRef}/confirm`, {
    method: 'POST',
    headers: { Authorization: `Bearer ${secretKey}`, 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({ payment_method: paymentMethod }),
  });
  assert.equal(res.status, 200, `confirm setup: ${await res.text()}`);
}

/** Saves a card for the account as the developer portal does: start, confirm in the browser, store. */
async function saveCard(/** @type {string} */ accountId, /** @type {string} */ paymentMethod) {
  const { startCardSetup } = await graphql(`mutation ($id: ID!) { startCardSetup(accountID: $id) { setupRef clientSecret publishableKey } }`, { id: accountId });
  assert.equal(startCardSetup.publishableKey, publishableKey);
  await confirmSetup(startCardSetup.setupRef, paymentMethod);
  return (await graphql(`mutation ($id: ID!) { confirmCardSetup(accountID: $id) { brand last4 } }`, { id: accountId })).confirmCardSetup;
}

/** An issued invoice of the account billing one manual line. */
async function issuedInvoice(/** @type {string} */ accountId, /** @type {string} */ cost) {
  const { createInvoice } = await graphql(`mutation ($id: ID!) { createInvoice(accountID: $id) { id } }`, { id: accountId });
  await graphql(`mutation ($id: ID!, $cost: Decimal!) { addLineItem(invoiceID: $id, input: { name: "Consulting", cost: $cost }) { id } }`, {
    id: createInvoice.id,
    cost,
  });
  const { issueInvoice } = await graphql(`mutation ($id: ID!) { issueInvoice(id: $id) { id state friendlyID } }`, { id: createInvoice.id });
  assert.equal(issueInvoice.state, 'PENDING');
  return issueInvoice;
}

describe('Payments', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {string[]} */
  const pageErrors = [];
  const state = { accountId: '', settings: /** @type {Record<string, unknown> | null} */ (null) };

  before(async () => {
    assert.ok(stripeURL, 'PORTICO_E2E_STRIPE_URL is not set: run the browser tests with make test-e2e, which starts stripe-mock');
    state.settings = (await graphql(`{ billingSettings { financeEnabled chargingEnabled currency } }`)).billingSettings;
    await graphql(`mutation { updateBillingSettings(input: { financeEnabled: true, chargingEnabled: false, currency: "EUR" }) { id } }`);
    const { createAccount } = await graphql(`mutation { createAccount(input: { orgName: "${orgName}", billingAddress: "2 Card Lane" }) { id } }`);
    state.accountId = createAccount.id;
    browser = await launch();
    page = await browser.newPage({ viewport: viewports[0] });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page);
  });

  after(async () => {
    await browser?.close();
    if (state.settings) await graphql(`mutation ($input: UpdateBillingSettingsInput!) { updateBillingSettings(input: $input) { id } }`, { input: state.settings });
  });

  it('refuses a key of the wrong shape and saves keys Stripe accepts', async () => {
    await page.goto(`${config().baseURL}/settings/billing`);
    const form = page.getByRole('form', { name: 'Payment gateway keys' });
    await form.getByRole('textbox', { name: 'Publishable key' }).fill(publishableKey);
    await form.getByLabel('Secret key').fill('sk_wrong');
    await form.getByRole('button', { name: 'Check and save' }).click();
    await form.getByText(/not a Stripe secret key/i).waitFor();
    assert.equal((await graphql(`{ paymentGateway { id } }`)).paymentGateway, null, 'a refused key saves nothing');

    await form.getByLabel('Secret key').fill(secretKey);
    await form.getByRole('button', { name: 'Check and save' }).click();
    await page.getByText('Stripe answered: the payment gateway was saved').waitFor();
    const saved = page.locator('dl[aria-label="Payment gateway"]');
    await saved.getByText('Test mode').waitFor();
    await saved.getByText(`sk_test_…${secretKey.slice(-4)}`).waitFor();
    assert.equal(await page.getByText(secretKey).count(), 0, 'the secret key is never shown again');
    await dismissToasts(page);
    await checkPage(page, 'the payment gateway settings');
    await screenshot(page, 'payment-gateway', { dismissToasts: true });
  });

  it('shows the card a developer saved on the account page', async () => {
    assert.deepEqual(await saveCard(state.accountId, 'pm_card_visa'), { brand: 'visa', last4: '4242' });
    await page.goto(`${config().baseURL}/audience/accounts/${encodeURIComponent(state.accountId)}`);
    await page.getByRole('heading', { level: 1, name: orgName }).waitFor();
    const card = page.getByRole('region', { name: 'Card on file' });
    await card.getByText('Visa ending in 4242').waitFor();
    await card.getByRole('button', { name: 'Remove card' }).waitFor();
    await checkPage(page, 'the account with its card');
  });

  it('charges an issued invoice and shows its payment transaction', async () => {
    const invoice = await issuedInvoice(state.accountId, '25');
    await page.goto(`${config().baseURL}/audience/billing/invoices/${encodeURIComponent(invoice.id)}`);
    await page.getByRole('heading', { level: 1, name: `Invoice ${invoice.friendlyID}` }).waitFor();
    await page.getByRole('grid', { name: 'Payment transactions' }).or(page.getByText('No charges yet')).first().waitFor();
    await page.getByRole('button', { name: 'Charge now' }).click();
    const dialog = page.getByRole('dialog', { name: /Charge €25\.00 now\?/ });
    await dialog.getByText('Visa ending in 4242').waitFor();
    await dialog.getByRole('button', { name: 'Charge' }).click();
    await page.getByText('€25.00 was charged: the invoice is paid').waitFor();
    const transactions = page.getByRole('grid', { name: 'Payment transactions' });
    const row = transactions.getByRole('row', { name: /Succeeded/ });
    await row.waitFor();
    await row.getByText('€25.00').waitFor();
    await row.getByText('by hand').waitFor();
    await page.getByRole('button', { name: 'Charge now' }).waitFor({ state: 'detached' });
    const { node } = await graphql(`query ($id: ID!) { node(id: $id) { ... on Invoice { state paymentTransactions { success amount } } } }`, { id: invoice.id });
    assert.deepEqual(node, { state: 'PAID', paymentTransactions: [{ success: true, amount: '25' }] });
    await dismissToasts(page);
    await checkPage(page, 'the paid invoice');
    await screenshot(page, 'invoice-charged', { dismissToasts: true });
  });

  it('reports a declined card and keeps the invoice pending', async () => {
    assert.equal((await saveCard(state.accountId, 'pm_card_chargeDeclined')).brand, 'visa');
    const invoice = await issuedInvoice(state.accountId, '7.5');
    await page.goto(`${config().baseURL}/audience/billing/invoices/${encodeURIComponent(invoice.id)}`);
    await page.getByRole('button', { name: 'Charge now' }).click();
    await page.getByRole('dialog', { name: /Charge €7\.50 now\?/ }).getByRole('button', { name: 'Charge' }).click();
    await page.getByText('The charge was declined').waitFor();
    await page.getByRole('grid', { name: 'Payment transactions' }).getByRole('row', { name: /Failed.*Your card was declined/ }).waitFor();
    const { node } = await graphql(`query ($id: ID!) { node(id: $id) { ... on Invoice { state chargingRetriesCount } } }`, { id: invoice.id });
    assert.deepEqual(node, { state: 'PENDING', chargingRetriesCount: 0 }, 'a charge by hand does not count toward the retries');
    assert.deepEqual(pageErrors, []);
  });
});
