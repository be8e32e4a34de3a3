// @ts-check
/**
 * Webhooks in the Admin Portal, against a running Portico server and a
 * receiver on loopback (the server runs with PORTICO_OUTBOUND_ALLOW_PRIVATE):
 * the webhook is configured, a test event is sent and seen in the delivery
 * log, then replayed with the same event id.
 */
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';

import { checkPage, config, launch, screenshot, signIn, viewports } from './browser.mjs';

describe('Webhooks', () => {
  /** @type {import('playwright-core').Browser} */
  let browser;
  /** @type {import('playwright-core').Page} */
  let page;
  /** @type {{ headers: import('node:http').IncomingHttpHeaders, body: string }[]} */
  const received = [];
  /** @type {import('node:http').Server} */
  let receiver;
  let url = '';

  before(async () => {
    receiver = createServer((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        received.push({ headers: req.headers, body });
        res.writeHead(200).end('ok');
      });
    });
    await new Promise((done) => receiver.listen(0, '127.0.0.1', () => done(undefined)));
    const address = receiver.address();
    assert.ok(address && typeof address === 'object');
    url = `http://127.0.0.1:${address.port}/portico`;
    browser = await launch();
    page = await (await browser.newContext({ viewport: viewports[0] })).newPage();
    page.setDefaultTimeout(20_000);
    await signIn(page);
  });

  after(async () => {
    await browser?.close();
    receiver?.close();
  });

  /** Waits until the receiver holds n requests. */
  async function receivedCount(/** @type {number} */ n) {
    for (let i = 0; i < 200 && received.length < n; i++) await new Promise((done) => setTimeout(done, 100));
    assert.equal(received.length, n);
  }

  it('configures the webhook', async () => {
    await page.goto(`${config().baseURL}/settings`);
    await page.getByRole('navigation', { name: /navigation/ }).getByRole('link', { name: 'Webhooks' }).click();
    await page.getByRole('heading', { level: 1, name: 'Webhooks' }).waitFor();
    await page.getByRole('textbox', { name: 'URL' }).fill(url);
    await page.getByRole('checkbox', { name: 'Webhooks enabled' }).check();
    await page.getByRole('checkbox', { name: 'Application created' }).check();
    await checkPage(page, 'the webhook settings');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.getByText('Webhook saved').waitFor();
  });

  it('sends a test event and shows it in the delivery log', async () => {
    await page.getByRole('button', { name: 'Send test event' }).click();
    await receivedCount(1);
    const first = received[0];
    assert.match(String(first.headers['x-portico-signature']), /^t=\d+,v1=[0-9a-f]{64}$/);
    assert.match(first.body, /<event><action>updated<\/action><type>account<\/type><object><account>/);
    const log = page.getByRole('grid', { name: 'Webhook deliveries' });
    await log.getByText('delivered').first().waitFor();
    await log.getByText('account.updated').first().waitFor();
    await screenshot(page, 'webhooks-delivery-log', { dismissToasts: true });
  });

  it('replays the delivery with the same event id', async () => {
    const log = page.getByRole('grid', { name: 'Webhook deliveries' });
    await log.getByRole('button', { name: /Actions for account.updated/ }).first().click();
    await page.getByRole('menuitem', { name: 'Replay' }).click();
    await receivedCount(2);
    assert.equal(received[1].headers['x-portico-event-id'], received[0].headers['x-portico-event-id']);
    assert.equal(received[1].body, received[0].body);
    await log.getByText('replay').first().waitFor();
    // The log refreshes itself while a delivery is pending.
    await log.getByText('delivered').nth(1).waitFor();
    assert.equal(await log.getByText('delivered').count(), 2);
  });
});
