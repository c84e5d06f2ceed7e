// The core web UI in a real browser against a real server: start page, login, users, tokens,
// audit log and jobs, each page checked with axe-core (WCAG 2.1 A/AA) and photographed.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestServer } from '../helpers/server.ts';
import { checkA11y, openBrowser, shoot, skipWithoutChromium } from '../helpers/browser.ts';
import { DEMO_USERS } from '../../src/modules/core/seed/demo.ts';

/** Follows an in-app link (client-side navigation) and waits for the new page's heading. */
async function go(page: Page, link: string, heading: string): Promise<void> {
  await page.getByRole('link', { name: link, exact: true }).first().click();
  await page.getByRole('heading', { level: 1, name: heading }).waitFor();
}

describe('core web UI', { skip: skipWithoutChromium }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  let plainToken = '';
  const pageErrors: string[] = [];
  const email = `lena.fischer.${Date.now()}@giessen.example`;

  before(async () => {
    server = await startTestServer();
    ({ browser, page } = await openBrowser());
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  });

  after(async () => {
    await browser?.close().catch(() => undefined);
    await server?.close();
  });

  it('start page shows members and cooperations', { timeout: 60_000 }, async () => {
    await page.goto(`${server.url}/`);
    const members = page.getByRole('table', { name: /Städte und Landkreise/ });
    await members.waitFor();
    for (const name of ['Frankfurt am Main', 'Gießen', 'Wetteraukreis']) {
      await members.getByRole('rowheader', { name, exact: true }).waitFor();
    }
    await members.getByRole('row', { name: /Wetteraukreis/ }).getByText('Landkreis').waitFor();
    for (const name of ['Smartes Rhein-Main', 'Digitale Kommune@Hessen']) {
      await page.getByRole('heading', { level: 3, name, exact: true }).waitFor();
    }
    assert.equal(await page.title(), 'stadtkern – das gemeinsame digitale Rathaus – stadtkern');
    await checkA11y(page, 'start');
    await shoot(page, 'start');
    await page.setViewportSize({ width: 390, height: 844 });
    await shoot(page, 'start-mobil');
    await page.setViewportSize({ width: 1280, height: 900 });
    // The first Tab reaches the skip link, which moves focus to the main content.
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate('document.activeElement?.textContent'), 'Zum Inhalt springen');
    await page.keyboard.press('Enter');
    assert.equal(await page.evaluate('document.activeElement?.id'), 'inhalt');
  });

  it('admin pages need a login', { timeout: 30_000 }, async () => {
    await page.goto(`${server.url}/verwaltung/benutzer`);
    await page.waitForURL(/\/anmelden\?weiter=%2Fverwaltung%2Fbenutzer/);
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
  });

  it('login shows the server error, then succeeds', { timeout: 60_000 }, async () => {
    await page.getByLabel('E-Mail-Adresse').fill(server.adminEmail);
    await page.getByLabel('Passwort').fill('falsches-passwort');
    await page.getByRole('button', { name: 'Anmelden' }).click();
    const alert = page.getByRole('alert');
    await alert.getByText('E-Mail-Adresse oder Passwort ist falsch').waitFor();
    await checkA11y(page, 'anmelden-fehler');
    await shoot(page, 'anmelden-fehler');
    await page.getByLabel('Passwort').fill(server.adminPassword);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(/\/verwaltung\/benutzer$/); // back to where the visitor wanted to go
    await page.getByRole('banner').getByText('Plattform-Administration').waitFor();
    await page.getByRole('button', { name: 'Abmelden' }).waitFor();
    await go(page, 'Übersicht', 'Verwaltung');
    await checkA11y(page, 'verwaltung');
    await shoot(page, 'verwaltung');
  });

  it('user form shows field errors from the server', { timeout: 60_000 }, async () => {
    await go(page, 'Benutzer', 'Benutzer');
    const form = page.locator('#benutzer-anlegen');
    await form.getByLabel('Name', { exact: true }).fill('Lena Fischer');
    await form.getByLabel('E-Mail-Adresse').fill('keine-adresse');
    await form.getByLabel('Startpasswort').fill('kurz');
    await form.getByRole('button', { name: 'Benutzer anlegen' }).click();
    const summary = form.getByRole('alert');
    await summary.getByText('Bitte prüfen Sie Ihre Eingaben').waitFor();
    await page.waitForFunction("document.activeElement?.getAttribute('role') === 'alert'", undefined, { timeout: 5_000 }); // focus on the summary
    for (const id of ['benutzer-anlegen-email', 'benutzer-anlegen-password']) {
      const input = page.locator(`#${id}`);
      assert.equal(await input.getAttribute('aria-invalid'), 'true', `${id} aria-invalid`);
      const described = (await input.getAttribute('aria-describedby')) ?? '';
      assert.ok(described.includes(`${id}-fehler`), `${id} aria-describedby → error`);
      assert.ok(((await page.locator(`#${id}-fehler`).textContent()) ?? '').length > 7, `${id} error text`);
    }
    assert.equal(await page.locator('#benutzer-anlegen-name').getAttribute('aria-invalid'), null);
    await checkA11y(page, 'benutzer-fehler');
    await shoot(page, 'benutzer-fehler');
  });

  it('creates a user with a membership', { timeout: 60_000 }, async () => {
    const form = page.locator('#benutzer-anlegen');
    await form.getByLabel('E-Mail-Adresse').fill(email);
    await form.getByLabel('Startpasswort').fill('sicheres-passwort-2030');
    await form.getByLabel('Kommune', { exact: true }).selectOption('giessen');
    await form.getByLabel('Rolle in der Kommune').selectOption('editor');
    await form.getByRole('button', { name: 'Benutzer anlegen' }).click();
    await form.getByRole('status').getByText('Lena Fischer').waitFor();
    const row = page.getByRole('row', { name: new RegExp(email.replace(/[.+]/g, '\\$&')) });
    await row.getByText('Gießen: Redaktion').waitFor();
    await row.getByText('Aktiv', { exact: true }).waitFor();
    await checkA11y(page, 'benutzer');
    await shoot(page, 'benutzer');
  });

  it('changes the role of the new user, then ends a membership', { timeout: 60_000 }, async () => {
    const form = page.locator('#rolle-zuweisen');
    const row = page.getByRole('row', { name: new RegExp(email.replace(/[.+]/g, '\\$&')) });
    const account = await form.getByLabel('Konto').locator('option', { hasText: email }).getAttribute('value');
    await form.getByLabel('Konto').selectOption(account!);
    await form.getByLabel('Kommune').selectOption('wetzlar');
    await form.getByLabel('Rolle', { exact: true }).selectOption('viewer');
    await form.getByRole('button', { name: 'Rolle speichern' }).click();
    await form.getByRole('status').getByText('Lesen in Wetzlar').waitFor();
    await row.getByText('Wetzlar: Lesen').waitFor();
    await form.getByLabel('Rolle', { exact: true }).selectOption('entfernen');
    await form.getByRole('button', { name: 'Rolle speichern' }).click();
    await form.getByRole('status').getByText('nicht mehr Mitglied von Wetzlar').waitFor();
    await row.getByText('Wetzlar: Lesen').waitFor({ state: 'detached' });
    await row.getByText('Gießen: Redaktion').waitFor();
    await checkA11y(page, 'benutzer-rolle');
  });

  it('creates an API token, shows it once, and it works', { timeout: 60_000 }, async () => {
    await go(page, 'API-Tokens', 'API-Tokens');
    const form = page.locator('#token-anlegen');
    await form.getByLabel('Bezeichnung').fill('Import-Skript');
    await form.getByLabel('Schreiben').check();
    await form.getByLabel('Gültigkeit in Tagen').fill('30');
    await form.getByRole('button', { name: 'Token erstellen' }).click();
    const box = page.getByRole('region', { name: /Ihr neues Token/ });
    await box.waitFor();
    plainToken = (await box.locator('code').textContent()) ?? '';
    assert.match(plainToken, /^sk_/);
    await box.getByText('nur dieses eine Mal angezeigt').waitFor();
    const row = page.getByRole('row', { name: /Import-Skript/ });
    await row.getByText('Aktiv', { exact: true }).waitFor();
    await row.getByText('Lesen, Schreiben', { exact: true }).waitFor();
    await checkA11y(page, 'tokens-neu');
    await shoot(page, 'tokens-neu');

    const res = await fetch(`${server.url}/api/v1/session`, { headers: { authorization: `Bearer ${plainToken}` }, signal: AbortSignal.timeout(10_000) });
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { user: { email: string } }).user.email, server.adminEmail);

    await box.getByRole('button', { name: 'Ich habe das Token gesichert' }).click();
    await box.waitFor({ state: 'detached' });
    assert.equal(await page.getByText(plainToken).count(), 0, 'the plain token is gone from the page');
  });

  it('revokes the token', { timeout: 60_000 }, async () => {
    page.once('dialog', (d) => void d.accept());
    const row = page.getByRole('row', { name: /Import-Skript/ });
    await row.getByRole('button', { name: /Widerrufen/ }).click();
    await row.getByText(/Widerrufen am/).waitFor();
    await page.getByRole('status').getByText('wurde widerrufen').waitFor();
    const res = await fetch(`${server.url}/api/v1/session`, { headers: { authorization: `Bearer ${plainToken}` }, signal: AbortSignal.timeout(10_000) });
    assert.equal(res.status, 401);
    await checkA11y(page, 'tokens');
    await shoot(page, 'tokens');
  });

  it('audit log lists the user creation', { timeout: 60_000 }, async () => {
    await go(page, 'Protokoll', 'Protokoll');
    const row = page.getByRole('row', { name: /Benutzer angelegt/ }).first();
    await row.waitFor();
    await row.getByText(server.adminEmail).waitFor();
    await row.getByText('Vorher/Nachher').click();
    await row.getByText(email).first().waitFor();
    await checkA11y(page, 'protokoll');
    await shoot(page, 'protokoll');
  });

  it('jobs page shows jobs and schedules', { timeout: 60_000 }, async () => {
    await go(page, 'Hintergrundaufgaben', 'Hintergrundaufgaben');
    await page.getByRole('table', { name: 'Jobs, neueste zuerst' }).waitFor();
    await page.getByRole('table', { name: 'Zeitpläne' }).waitFor();
    await checkA11y(page, 'jobs');
    await shoot(page, 'jobs');
  });

  it('tenants page edits a tenant', { timeout: 60_000 }, async () => {
    await go(page, 'Kommunen', 'Kommunen');
    await page.getByRole('rowheader', { name: /^Wetteraukreis wetteraukreis$/ }).waitFor();
    await page.getByRole('heading', { name: 'Kommune anlegen' }).waitFor();
    await checkA11y(page, 'kommunen');
    await shoot(page, 'kommunen');
    await page.getByRole('button', { name: 'Bearbeiten Gießen', exact: true }).click();
    await page.waitForFunction("document.activeElement?.id === 'kommune-bearbeiten-titel'", undefined, { timeout: 5_000 });
    await page.locator('#kommune-bearbeiten').getByLabel('Website').fill('https://www.giessen.de/digital');
    await page.getByRole('button', { name: 'Änderungen speichern' }).click();
    await page.getByRole('status').getByText('Änderungen an „Gießen“ gespeichert.').waitFor();
    await page.getByRole('link', { name: 'www.giessen.de/digital' }).waitFor();
  });

  it('logs out', { timeout: 30_000 }, async () => {
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(/\/anmelden$/);
    await page.getByText('Sie haben sich abgemeldet.').waitFor();
    assert.deepEqual(pageErrors, [], 'no uncaught errors in the page');
  });

  it('a tenant admin manages only their own tenant', { timeout: 60_000 }, async () => {
    const tenantAdmin = DEMO_USERS.find((u) => u.memberships.some(([slug, role]) => slug === 'frankfurt' && role === 'admin'));
    assert.ok(tenantAdmin, 'demo data has an admin of Frankfurt');
    await page.getByLabel('E-Mail-Adresse').fill(tenantAdmin.email);
    await page.getByLabel('Passwort').fill(server.adminPassword);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.waitForURL(/\/verwaltung$/);
    await go(page, 'Benutzer', 'Benutzer');
    await page.getByRole('table', { name: 'Benutzer von Frankfurt am Main' }).getByRole('rowheader', { name: tenantAdmin.name }).waitFor();
    const choices = await page.locator('#benutzer-anlegen-memberships-0-tenantSlug option').allTextContents();
    assert.deepEqual(choices, ['Frankfurt am Main']);
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.waitForURL(/\/anmelden$/);
  });

  it('renders under the server CSP without violations', { timeout: 30_000 }, async () => {
    const strict = await browser.newContext();
    try {
      const p = await strict.newPage();
      const violations: string[] = [];
      p.on('console', (m) => {
        if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
      });
      await p.goto(`${server.url}/`, { timeout: 15_000 });
      await p.getByRole('heading', { level: 2, name: 'Kooperationen' }).waitFor({ timeout: 10_000 });
      assert.deepEqual(violations, []);
    } finally {
      await strict.close();
    }
  });
});
