// Verwaltung → Harvesting in headless Chromium: an editor adds a DCAT source (invalid input
// first), harvests it now, reads the run and its log; a source serving HTML fails with a clear
// log entry. axe-core on each state; screenshots in test-results/screenshots/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Browser, Page } from 'playwright-core';
import { startTestServer } from '../helpers/server.ts';
import { checkA11y, logIn, openBrowser, shoot, skipWithoutChromium } from '../helpers/browser.ts';
import { serveFixtures, shared, skipWithoutShared, type FixtureServer } from '../../src/modules/catalog/harvest/test-sources.ts';

describe('harvesting in the admin area', { skip: skipWithoutChromium || skipWithoutShared }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let web: FixtureServer;
  let browser: Browser;
  let page: Page;
  before(async () => {
    [server, web] = await Promise.all([startTestServer({ HARVEST_ALLOW_PRIVATE: 'true' }), serveFixtures()]);
    web.routes.set('/hamburg.ttl', { body: shared('dcat/dcat_ap_de-RefImp_TTL_ADVANCED.ttl') });
    web.routes.set('/wartung.rdf', { type: 'text/html; charset=utf-8', body: '<!DOCTYPE html><html lang="de"><body><h1>Wartungsarbeiten</h1></body></html>' });
    ({ browser, page } = await openBrowser());
  });
  after(async () => {
    await browser?.close();
    await web?.close();
    await server?.close();
  });

  async function addSource(name: string, url: string) {
    const form = page.locator('#quelle-neu');
    await form.getByLabel('Name').fill(name);
    await form.getByLabel('Art der Quelle').selectOption('dcat');
    await form.getByLabel('Adresse').fill(url);
    await form.getByRole('button', { name: 'Quelle anlegen' }).click();
    await form.getByRole('status').getByText(`Quelle „${name}“ ist angelegt.`).waitFor();
  }

  it('an editor adds a source, harvests it now and reads the log', { timeout: 90_000 }, async () => {
    await logIn(page, server.url, 'redaktion@giessen.example', server.adminPassword);
    await page.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'Harvesting' }).click();
    await page.getByRole('heading', { level: 1, name: 'Harvesting' }).waitFor();
    await page.getByRole('table', { name: 'Harvesting-Quellen von Gießen' }).getByText('Noch keine Quellen.').waitFor();

    // Invalid first: no name, no address; the server's issues land on the fields.
    const form = page.locator('#quelle-neu');
    await form.getByLabel('Adresse').fill('katalog.ttl');
    await form.getByRole('button', { name: 'Quelle anlegen' }).click();
    await form.getByRole('alert').getByText('Bitte prüfen Sie Ihre Eingaben').waitFor();
    assert.equal(await page.locator('#quelle-neu-name').getAttribute('aria-invalid'), 'true');
    assert.equal(await page.locator('#quelle-neu-url').getAttribute('aria-invalid'), 'true');
    await checkA11y(page, 'harvesting-fehler');

    await addSource('Hamburg (Beispielkatalog)', `${web.url}/hamburg.ttl`);
    const sources = page.getByRole('table', { name: 'Harvesting-Quellen von Gießen' });
    await sources.getByRole('rowheader', { name: 'Hamburg (Beispielkatalog)' }).waitFor();
    await sources.getByRole('button', { name: 'Jetzt ernten für „Hamburg (Beispielkatalog)“' }).click();
    await page.getByRole('status').getByText('Lauf von „Hamburg (Beispielkatalog)“ beendet: 2 neu, 0 aktualisiert', { exact: false }).waitFor({ timeout: 30_000 });
    const runs = page.getByRole('table', { name: '1 Lauf, neueste zuerst' });
    await runs.getByText('erfolgreich').waitFor();
    assert.equal(await runs.getByRole('cell').nth(1).textContent(), '2'); // Neu (after Status)
    await runs.getByRole('link', { name: /^Protokoll des Laufs vom/ }).click();
    const log = page.getByRole('table', { name: /Einträge/ });
    await log.getByText(/Seite http:\/\/127\.0\.0\.1:\d+\/hamburg\.ttl: 2 Datensätze \(Turtle\)/).waitFor();
    await checkA11y(page, 'harvesting');
    await shoot(page, 'harvesting');

    // The harvested datasets are in the German search of the portal.
    await page.goto(`${server.url}/daten?q=Badegewässer`);
    await page.getByRole('link', { name: 'Badegewässer in Hamburg' }).waitFor();
  });

  it('a source serving HTML ends its run as failed with a clear log entry', { timeout: 90_000 }, async () => {
    await page.goto(`${server.url}/verwaltung/harvesting`);
    await page.getByRole('heading', { level: 1, name: 'Harvesting' }).waitFor();
    await addSource('Portal in Wartung', `${web.url}/wartung.rdf`);
    await page.getByRole('button', { name: 'Jetzt ernten für „Portal in Wartung“' }).click();
    await page.getByRole('alert').getByText('Lauf von „Portal in Wartung“ beendet:', { exact: false }).waitFor({ timeout: 30_000 });
    const runs = page.getByRole('table', { name: '1 Lauf, neueste zuerst' });
    await runs.getByText('fehlgeschlagen').waitFor();
    await runs.getByRole('link', { name: /^Protokoll des Laufs vom/ }).click();
    await page.getByRole('table', { name: /Einträge/ }).getByText(/lieferte HTML statt RDF/).waitFor();
    await checkA11y(page, 'harvesting-fehlgeschlagen');
    await shoot(page, 'harvesting-fehlgeschlagen');
  });
});
