// @ts-check
/**
 * Billing in the Admin Portal, against a running Portico server: the admin
 * turns billing on in Account Settings › Billing, runs billing for today from
 * the invoices list, opens the account's invoice (a prorated fixed fee and a
 * setup fee for an application on a paid plan), adds a manual line item,
 * issues the invoice and downloads its PDF, whose text is read back with
 * pdf.js and must carry the invoice number and total. Earnings by month and
 * the account's billing section show the invoice. Every screen is checked
 * for horizontal overflow and with axe.
 */
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';

import { getDocument } from 'pdfjs-dist/legacy/build/pdf.mjs';

import { checkPage, config, graphql, launch, screenshot, signIn, viewports } from './browser.mjs';

const run = Date.now().toString(36);
const orgName = `Paying Co ${run}`;
const planName = `Pro ${run}`;

/** Today in UTC (the tenant's time zone in this server), as YYYY-MM-DD. */
const today = new Date().toISOString().slice(0, 10);

/** The text of a PDF, page after page, as pdf.js extracts it. */
async function pdfText(/** @type {Uint8Array} */ bytes) {
  const doc = await getDocument({ data: bytes, isEvalSupported: false, useSystemFonts: false }).promise;
  let text = '';
  for (let number = 1; number <= doc.numPages; number++) {
    const content = await (await doc.getPage(number)).getTextContent();
    text += content.items.map((item) => ('str' in item ? item.str : '')).join(' ') + '\n';
  }
  return text;
}

/** "1234.5" as "€1,234.50", as the screens show amounts. */
const euros = (/** @type {string} */ amount) =>
  new Intl.NumberFormat('en', { style: 'currency', currency: 'EUR', minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(
    /** @type {any} */ (amount),
  );

describe('Billing', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {string[]} */
  const pageErrors = [];
  const state = { accountId: '', invoiceId: '', settings: /** @type {Record<string, unknown> | null} */ (null) };

  before(async () => {
    state.settings = (await graphql(`{ billingSettings { financeEnabled strategy currency } }`)).billingSettings;
    const product = await graphql(
      `mutation ($input: CreateProductInput!) { createProduct(input: $input) { id } }`,
      { input: { name: `Billed API ${run}`, systemName: `billed_api_${run}` } },
    );
    const created = await graphql(
      `mutation ($product: ID!) {
        plan: createPlan(input: { kind: APPLICATION, name: "${planName}", systemName: "pro_${run}", state: PUBLISHED, productID: $product, costPerMonth: "30", setupFee: "10" }) { id }
        account: createAccount(input: { orgName: "${orgName}", vatRate: "21", billingAddress: "1 Invoice Street" }) { id }
      }`,
      { product: product.createProduct.id },
    );
    state.accountId = created.account.id;
    await graphql(
      `mutation ($account: ID!, $product: ID!, $plan: ID!) {
        createApplication(input: { name: "billed app ${run}", accountID: $account, productID: $product, planID: $plan }) { id }
      }`,
      { account: state.accountId, product: product.createProduct.id, plan: created.plan.id },
    );
    browser = await launch();
    page = await browser.newPage({ viewport: viewports[0], acceptDownloads: true });
    page.setDefaultTimeout(15_000);
    page.on('pageerror', (error) => pageErrors.push(error.message));
    await signIn(page);
  });

  after(async () => {
    await browser?.close();
    if (state.settings) await graphql(`mutation ($input: UpdateBillingSettingsInput!) { updateBillingSettings(input: $input) { id } }`, { input: state.settings });
  });

  it('turns billing on in the billing settings, refusing an unknown currency', async () => {
    await page.goto(`${config().baseURL}/settings/billing`);
    await page.getByRole('heading', { level: 1, name: 'Billing' }).waitFor();
    const form = page.getByRole('form', { name: 'Billing settings' });
    const finance = form.getByRole('switch', { name: 'Bill developer accounts' });
    if (!(await finance.isChecked())) await form.getByText('Bill developer accounts').click();
    assert.ok(await finance.isChecked());
    await form.getByRole('radio', { name: 'Prepaid' }).check();
    await form.getByRole('textbox', { name: 'Currency' }).fill('XYZ');
    await form.getByRole('button', { name: 'Save' }).click();
    await form.getByText(/currency/i).nth(1).waitFor();
    assert.notEqual((await graphql(`{ billingSettings { currency } }`)).billingSettings.currency, 'XYZ', 'a refused form saves nothing');
    await form.getByRole('textbox', { name: 'Currency' }).fill('EUR');
    await form.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Billing settings saved').waitFor();
    await checkPage(page, 'the billing settings');
    await screenshot(page, 'billing-settings', { dismissToasts: true });
    const { billingSettings } = await graphql(`{ billingSettings { financeEnabled strategy currency } }`);
    assert.deepEqual(billingSettings, { financeEnabled: true, strategy: 'PREPAID', currency: 'EUR' });
  });

  it('runs billing for today and opens the invoice it made', async () => {
    await page.goto(`${config().baseURL}/audience/billing/invoices`);
    await page.getByRole('heading', { level: 1, name: 'Invoices' }).waitFor();
    await page.getByRole('button', { name: 'Run billing' }).first().click();
    const dialog = page.getByRole('dialog', { name: 'Run billing' });
    assert.equal(await dialog.getByRole('textbox', { name: 'Date' }).inputValue(), today);
    await dialog.getByRole('textbox', { name: 'Date' }).fill('2999-01-01');
    await dialog.getByRole('button', { name: 'Run billing' }).click();
    await dialog.getByText(/future/i).waitFor();
    await dialog.getByRole('textbox', { name: 'Date' }).fill(today);
    await dialog.getByRole('button', { name: 'Run billing' }).click();
    await page.getByText(`Billed ${today}`).waitFor();

    await page.getByRole('textbox', { name: 'Search by invoice number or account' }).fill(orgName);
    const table = page.getByRole('grid', { name: 'Invoices' });
    await table.getByRole('link', { name: orgName }).waitFor();
    await checkPage(page, 'the invoices list');
    await screenshot(page, 'invoices', { dismissToasts: true });
    await table.getByRole('row', { name: new RegExp(orgName) }).getByRole('link').first().click();

    await page.getByRole('heading', { level: 1, name: /^Invoice/ }).waitFor();
    state.invoiceId = decodeURIComponent(new URL(page.url()).pathname.split('/').pop() ?? '');
    const lines = page.getByRole('grid', { name: 'Line items' });
    await lines.getByRole('gridcell', { name: `Fixed fee ('${planName}')`, exact: true }).waitFor();
    await lines.getByRole('gridcell', { name: `Setup fee ('${planName}')`, exact: true }).waitFor();
  });

  it('adds a line item, issues the invoice and downloads its PDF', async () => {
    await page.getByRole('button', { name: 'Add line item' }).click();
    const add = page.getByRole('dialog', { name: 'Add line item' });
    await add.getByRole('textbox', { name: 'Name', exact: true }).fill('Onboarding workshop');
    await add.getByRole('textbox', { name: /^Cost/ }).fill('12.5x');
    await add.getByRole('button', { name: 'Add line item' }).click();
    await add.getByText('Enter an amount of at most 4 decimals; a negative amount is a credit.').waitFor();
    await add.getByRole('textbox', { name: /^Cost/ }).fill('100');
    await add.getByRole('button', { name: 'Add line item' }).click();
    await page.getByText('Added “Onboarding workshop” (€100.00)').waitFor();
    const lines = page.getByRole('grid', { name: 'Line items' });
    await lines.getByRole('gridcell', { name: 'Onboarding workshop', exact: true }).waitFor();
    await checkPage(page, 'an open invoice');
    await screenshot(page, 'invoice-open', { dismissToasts: true });

    await page.getByRole('button', { name: 'Issue', exact: true }).click();
    await page.getByRole('dialog', { name: 'Issue this invoice?' }).getByRole('button', { name: 'Issue' }).click();
    // The toast's title: the page's own note on the frozen address says it too.
    await page.getByRole('heading', { name: /The invoice was issued/ }).waitFor();
    await page.getByRole('button', { name: 'Download PDF' }).waitFor();
    assert.equal(await page.getByRole('button', { name: 'Add line item' }).count(), 0, 'an issued invoice cannot change');
    await checkPage(page, 'an issued invoice');
    await screenshot(page, 'invoice-issued', { dismissToasts: true });

    const { node: invoice } = await graphql(
      `query ($id: ID!) { node(id: $id) { ... on Invoice { state friendlyID cost costWithoutVat vatAmount vatRate pdfURL lineItems { name cost } } } }`,
      { id: state.invoiceId },
    );
    assert.equal(invoice.state, 'PENDING');
    assert.match(invoice.friendlyID, /^\d{4}-\d{2}-\d{8}$/);
    assert.equal(invoice.vatRate, '21');
    const names = invoice.lineItems.map((/** @type {{ name: string }} */ line) => line.name).sort();
    assert.deepEqual(names, ['Onboarding workshop', `Fixed fee ('${planName}')`, `Setup fee ('${planName}')`].sort());
    // Totals as the spec computes them: VAT on the exact sum, each rounded to cents.
    const sum = invoice.lineItems.reduce((/** @type {number} */ total, /** @type {{ cost: string }} */ line) => total + Math.round(Number(line.cost) * 10000), 0);
    assert.equal(Math.round(Number(invoice.costWithoutVat) * 10000), sum);
    const vat = Math.round((sum * 21) / 100 / 100);
    assert.equal(Math.round(Number(invoice.cost) * 100), Math.round(sum / 100) + vat);
    await page.getByText(euros(invoice.cost)).first().waitFor();

    const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('button', { name: 'Download PDF' }).click()]);
    const path = await download.path();
    const { readFile } = await import('node:fs/promises');
    const bytes = new Uint8Array(await readFile(path));
    assert.equal(new TextDecoder().decode(bytes.slice(0, 5)), '%PDF-');
    // pdf.js takes the buffer it is given: hand it a copy.
    const text = await pdfText(bytes.slice());
    assert.ok(text.includes(invoice.friendlyID), `the PDF names ${invoice.friendlyID}:\n${text}`);
    assert.ok(text.includes(`${Number(invoice.cost).toFixed(2)} EUR`), `the PDF shows the total ${invoice.cost} EUR:\n${text}`);
    assert.ok(text.includes(orgName), 'the PDF names the buyer');

    // A second download, with an access token of another session, is the stored document byte for byte.
    const { baseURL, login, password } = config();
    const auth = await fetch(`${baseURL}/auth/login`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ login, password }) });
    const { access_token: token } = await auth.json();
    const again = await fetch(`${baseURL}${invoice.pdfURL}`, { headers: { Authorization: `Bearer ${token}` } });
    assert.equal(again.status, 200);
    assert.equal(again.headers.get('content-type'), 'application/pdf');
    const againBytes = new Uint8Array(await again.arrayBuffer());
    assert.equal(againBytes.length, bytes.length, 'the same length');
    assert.ok(againBytes.every((byte, index) => byte === bytes[index]), 'the stored PDF, byte for byte');
    const anonymous = await fetch(`${baseURL}${invoice.pdfURL}`);
    assert.equal(anonymous.status, 401, 'the PDF needs a signed-in admin');
  });

  it('shows the month in the earnings and the invoice on the account', async () => {
    await page.goto(`${config().baseURL}/audience/billing/earnings`);
    await page.getByRole('heading', { level: 1, name: 'Earnings by month' }).waitFor();
    const month = new Date().toLocaleString('en', { month: 'long', year: 'numeric', timeZone: 'UTC' });
    await page.getByRole('grid', { name: 'Earnings by month' }).getByRole('link', { name: month }).waitFor();
    await checkPage(page, 'the earnings by month');
    await screenshot(page, 'earnings', { dismissToasts: true });

    await page.goto(`${config().baseURL}/audience/accounts/${state.accountId}`);
    const invoices = page.getByRole('grid', { name: 'Invoices of the account' });
    await invoices.getByText('Pending').waitFor();
    await page.getByRole('button', { name: 'Preview this month' }).click();
    const { invoicePreview } = await graphql(`query ($id: ID!) { invoicePreview(accountID: $id) { cost lines { name } } }`, { id: state.accountId });
    const preview = page.getByRole('region', { name: 'Invoice preview' });
    await preview.getByText(`Total ${euros(invoicePreview.cost)}`).waitFor();
    for (const line of invoicePreview.lines) await preview.getByRole('gridcell', { name: line.name, exact: true }).waitFor();
    await checkPage(page, 'the account page with its billing');
    assert.deepEqual(pageErrors, []);
  });
});
