// @ts-check
/**
 * Shared set-up for the Admin Portal end-to-end checks: Debian's Chromium,
 * driven by playwright-core, against a running Portico server.
 */
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
export const screenshotDir = resolve(here, 'screenshots');

/**
 * @param {string} name
 * @returns {string}
 */
function required(name) {
  const value = process.env[name];
  if (!value) throw new Error(`${name} must be set (see frontend/README.md, "End-to-end checks").`);
  return value;
}

export function config() {
  return {
    baseURL: required('PORTICO_E2E_URL').replace(/\/+$/, ''),
    login: required('PORTICO_E2E_LOGIN'),
    password: required('PORTICO_E2E_PASSWORD'),
    executablePath: process.env.PORTICO_E2E_CHROMIUM ?? '/usr/bin/chromium',
  };
}

export async function launch() {
  const { executablePath } = config();
  return chromium.launch({
    executablePath,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-quic',
    ],
  });
}

/**
 * Signs in through the login form and waits for the dashboard.
 * @param {import('playwright-core').Page} page
 */
export async function signIn(page) {
  const { baseURL, login, password } = config();
  await page.goto(`${baseURL}/dashboard`);
  await page.waitForURL(/\/login/);
  await page.getByLabel('Email or username').fill(login);
  await page.getByLabel('Password').fill(password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.waitForURL(/\/dashboard$/);
  await page.getByRole('heading', { level: 1, name: 'Dashboard' }).waitFor();
}

/**
 * Saves a screenshot of the whole screen. The page scrolls inside its main
 * container, so the window is made as tall as the content for the shot.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 * @param {{ dismissToasts?: boolean }} [options] close the toasts first, so that they hide nothing
 */
export async function screenshot(page, name, options = {}) {
  await mkdir(screenshotDir, { recursive: true });
  const path = resolve(screenshotDir, `${name}.png`);
  if (options.dismissToasts) await dismissToasts(page);
  const size = page.viewportSize();
  const overflow = await page.evaluate(() => {
    let most = 0;
    for (const element of Array.from(document.querySelectorAll('body *'))) {
      const style = getComputedStyle(element);
      if (!/(auto|scroll)/.test(style.overflowY)) continue;
      most = Math.max(most, element.scrollHeight - element.clientHeight);
    }
    return most;
  });
  if (size && overflow > 0) await page.setViewportSize({ width: size.width, height: Math.min(size.height + overflow, 6000) });
  await page.evaluate(() => {
    for (const element of Array.from(document.querySelectorAll('body *'))) element.scrollTop = 0;
  });
  await page.screenshot({ path, fullPage: true });
  if (size && overflow > 0) await page.setViewportSize(size);
  return path;
}

const require = createRequire(import.meta.url);

/**
 * Runs axe-core in the page and returns the serious and critical violations.
 * @param {import('playwright-core').Page} page
 */
export async function accessibilityViolations(page) {
  await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
  /** @type {{ id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[]} */
  const violations = await page.evaluate(async () => {
    // @ts-expect-error axe is the global the injected script defines.
    const result = await window.axe.run(document, {
      runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'best-practice'] },
    });
    return result.violations.map((/** @type {any} */ violation) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((/** @type {any} */ node) => ({ target: node.target })),
    }));
  });
  return violations.filter((violation) => violation.impact === 'serious' || violation.impact === 'critical');
}

/** @param {Awaited<ReturnType<typeof accessibilityViolations>>} violations */
export function describeViolations(violations) {
  return violations
    .map((v) => `${v.impact}: ${v.id} (${v.help})\n${v.nodes.map((n) => `    at ${JSON.stringify(n.target)}`).join('\n')}`)
    .join('\n');
}

/** The window sizes every screen must fit without horizontal scrolling; the first is the default. */
export const viewports = [
  { width: 1280, height: 800 },
  { width: 1920, height: 1080 },
];

/** The system colour schemes the console follows; the first is the default. */
export const colorSchemes = /** @type {const} */ (['light', 'dark']);

/**
 * Switches the emulated system setting and waits until the console follows
 * it (PatternFly's dark theme class on <html>).
 * @param {import('playwright-core').Page} page
 * @param {'light' | 'dark'} scheme
 */
export async function useColorScheme(page, scheme) {
  await page.emulateMedia({ colorScheme: scheme });
  await page.waitForFunction(
    (dark) => document.documentElement.classList.contains('pf-v6-theme-dark') === dark,
    scheme === 'dark',
  );
  await settleTransitions(page);
}

/**
 * Waits until no CSS transition runs: PatternFly's buttons and links fade
 * between colours, and a colour read halfway (after a theme switch, a hover
 * or a toast) is not the one users see.
 * @param {import('playwright-core').Page} page
 */
export async function settleTransitions(page) {
  await page.waitForFunction(() =>
    document.getAnimations().every((animation) => !(animation instanceof CSSTransition) || animation.playState !== 'running'),
  );
}

/**
 * Checks a screen once it has settled: no horizontal overflow at any of the
 * viewports, and no serious or critical accessibility violation at either
 * viewport in the light and the dark theme.
 * @param {import('playwright-core').Page} page
 * @param {string} name
 */
export async function checkPage(page, name) {
  await page.waitForLoadState('networkidle');
  await dismissToasts(page);
  await settleTransitions(page);
  for (const viewport of viewports) {
    await page.setViewportSize(viewport);
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `${name} is ${overflow}px wider than a ${viewport.width}px window`);
  }
  for (const scheme of colorSchemes) {
    await useColorScheme(page, scheme);
    for (const viewport of viewports) {
      await page.setViewportSize(viewport);
      await settleTransitions(page);
      const violations = await accessibilityViolations(page);
      assert.equal(violations.length, 0, `${name} (${scheme}, ${viewport.width}px):\n${describeViolations(violations)}`);
    }
  }
  await useColorScheme(page, colorSchemes[0]);
  await page.setViewportSize(viewports[0]);
}

/**
 * A GraphQL call as the admin, with a session of its own, to set up data and
 * check what the screens did; fails on any GraphQL error.
 */
export async function graphql(/** @type {string} */ query, /** @type {Record<string, unknown>} */ variables = {}) {
  const { baseURL, login, password } = config();
  const auth = await fetch(`${baseURL}/auth/login`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ login, password }),
  });
  assert.equal(auth.status, 200);
  const { access_token: token } = /** @type {{ access_token: string }} */ (await auth.json());
  const response = await fetch(`${baseURL}/graphql`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` },
    body: JSON.stringify({ query, variables }),
  });
  const body = /** @type {{ data?: any; errors?: unknown[] }} */ (await response.json());
  assert.equal(body.errors, undefined, JSON.stringify(body.errors));
  return body.data;
}

/**
 * Closes the toasts on the page (a toast still fading in reads as low contrast to axe).
 * @param {import('playwright-core').Page} page
 */
export async function dismissToasts(page) {
  const toasts = page.locator('.pf-v6-c-alert-group.pf-m-toast .pf-v6-c-alert');
  for (let attempt = 0; attempt < 20 && (await toasts.count()) > 0; attempt++) {
    await toasts.first().locator('.pf-v6-c-alert__action button').click({ timeout: 2000 }).catch(() => undefined);
    await page.waitForTimeout(100);
  }
  await page.mouse.move(0, 0);
}
