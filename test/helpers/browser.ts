// Shared browser-test setup: Debian's Chromium via playwright-core, axe-core checks, screenshots.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { after, before } from 'node:test';
import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { startTestServer } from './server.ts';

export const CHROMIUM = '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const root = path.resolve(import.meta.dirname, '../..');
const shotDir = path.join(root, 'test-results/screenshots');
const axePath = path.join(root, 'node_modules/axe-core/axe.min.js');
const WCAG = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

export const chromiumMissing = !existsSync(CHROMIUM);
if (chromiumMissing && process.env.CI !== 'true') {
  console.warn(`\n⚠ ${CHROMIUM} fehlt: Browser-Tests übersprungen (apt-get install -y chromium)\n`);
}
/** For describe(): skip without Chromium, except under CI=true, where before() then fails. */
export const skipWithoutChromium = chromiumMissing && process.env.CI !== 'true' ? `${CHROMIUM} fehlt` : false;

/** Launches Chromium and a German context. axe is injected as an inline script, which the
 *  server's CSP forbids, so the context bypasses CSP; core-ui.test.ts checks the CSP itself. */
export async function openBrowser(): Promise<{ browser: Browser; context: BrowserContext; page: Page }> {
  assert.ok(!chromiumMissing, `${CHROMIUM} fehlt, unter CI=true ist das ein Fehler`);
  if (!existsSync(path.join(root, 'dist/web/index.html'))) {
    const r = spawnSync(path.join(root, 'node_modules/.bin/vite'), ['build', '--config', 'src/web/vite.config.ts', '--logLevel', 'warn'], { cwd: root, stdio: 'inherit', timeout: 120_000 });
    assert.equal(r.status, 0, 'vite build fehlgeschlagen');
  }
  mkdirSync(shotDir, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS, timeout: 30_000 });
  const context = await browser.newContext({ bypassCSP: true, locale: 'de-DE', timezoneId: 'Europe/Berlin', viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  page.setDefaultTimeout(10_000);
  page.setDefaultNavigationTimeout(15_000);
  return { browser, context, page };
}

type Violation = { id: string; impact: string | null; help: string; nodes: string[] };

/** Runs axe-core in the page; fails on serious or critical violations and prints them. */
export async function checkA11y(page: Page, name: string): Promise<void> {
  await page.addScriptTag({ path: axePath });
  // A string expression: this file is type-checked without the DOM library.
  const violations = (await page.evaluate(`axe.run(document, { runOnly: { type: 'tag', values: ${JSON.stringify(WCAG)} } }).then((r) =>
    r.violations.map((v) => ({ id: v.id, impact: v.impact, help: v.help, nodes: v.nodes.map((n) => n.target.join(' ') + ' – ' + (n.failureSummary || '')) })))`)) as Violation[];
  const bad = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  for (const v of violations) {
    const log = bad.includes(v) ? console.error : console.warn;
    log(`axe [${name}] ${v.impact}: ${v.id} – ${v.help}\n    ${v.nodes.slice(0, 5).join('\n    ')}`);
  }
  assert.equal(bad.length, 0, `${name}: ${bad.length} schwere Barrierefreiheitsfehler: ${bad.map((v) => v.id).join(', ')}`);
}

export async function shoot(page: Page, name: string): Promise<void> {
  await page.screenshot({ path: path.join(shotDir, `${name}.png`), fullPage: true, timeout: 15_000 });
}

type TestServer = Awaited<ReturnType<typeof startTestServer>>;

/** For a describe block: a demo server (startTestServer) and a browser page, started before its
 *  tests and closed after them. Tests read `ui.server` and `ui.page`. */
export function demoServerInBrowser(env: Record<string, string> = {}): { server: TestServer; browser: Browser; page: Page } {
  const ui = {} as { server: TestServer; browser: Browser; page: Page };
  before(async () => {
    ui.server = await startTestServer(env);
    ({ browser: ui.browser, page: ui.page } = await openBrowser());
  });
  after(async () => {
    await ui.browser?.close();
    await ui.server?.close();
  });
  return ui;
}

/** Logs in through the login form as a person would and waits until the page shows the user
 *  logged in (the "Abmelden" control in the header). */
export async function logIn(page: Page, url: string, email: string, password: string): Promise<void> {
  await page.goto(`${url}/anmelden`);
  await page.getByLabel('E-Mail-Adresse').fill(email);
  await page.getByLabel('Passwort').fill(password);
  await page.getByRole('button', { name: 'Anmelden' }).click();
  await page.getByRole('banner').getByRole('button', { name: 'Abmelden' }).waitFor();
}

/** Retries a check (a page that updates after a fetch) until it passes or `ms` have passed. */
export async function eventually(check: () => Promise<void>, ms = 10_000): Promise<void> {
  const until = Date.now() + ms;
  for (;;) {
    try {
      return await check();
    } catch (err) {
      if (Date.now() > until) throw err;
      await new Promise((r) => setTimeout(r, 200));
    }
  }
}
