// The portal for publishers and readers in headless Chromium: the editor (inline validation from
// the browser and from CKAN, a CSV upload), the German search, the history diff after an edit,
// organisation and cooperation pages; axe-core on each page, screenshots in
// test-results/screenshots/.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import type { Browser, Page } from 'playwright-core';
import { startTestServer } from '../helpers/server.ts';
import { checkA11y, openBrowser, shoot, skipWithoutChromium } from '../helpers/browser.ts';

const TITLE = 'Spielplätze Gießen – Standorte und Ausstattung';
const CSV = Buffer.from('name;stadtteil;geraete\nSpielplatz Schiffenberger Tal;Südviertel;Schaukel, Rutsche\nSpielplatz Wieseckaue;Nordstadt;Seilbahn\n', 'utf8');

describe('portal: publisher editor, history, organisations, cooperations', { skip: skipWithoutChromium }, () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let page: Page;
  before(async () => {
    server = await startTestServer();
    ({ browser, page } = await openBrowser());
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const invalid = async (id: string, message: RegExp) => {
    const input = page.locator(`#${id}`);
    assert.equal(await input.getAttribute('aria-invalid'), 'true', `${id} is marked invalid`);
    const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
    assert.ok(describedBy.split(' ').includes(`${id}-fehler`), `${id} points at its error (${describedBy})`);
    assert.match((await page.locator(`#${id}-fehler`).textContent()) ?? '', message);
  };

  it('a publisher creates a dataset with an uploaded CSV, with inline validation, and finds it', { timeout: 120_000 }, async () => {
    await page.goto(`${server.url}/anmelden`);
    await page.getByLabel('E-Mail-Adresse').fill('redaktion@giessen.example');
    await page.getByLabel('Passwort').fill(server.adminPassword);
    await page.getByRole('button', { name: 'Anmelden' }).click();
    await page.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'Datensätze' }).click();
    await page.getByRole('link', { name: 'Neuen Datensatz anlegen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Neuer Datensatz' }).waitFor();
    const form = page.locator('#datensatz');

    // Required fields are checked in the browser: nothing is sent.
    await form.getByRole('button', { name: 'Datei hinzufügen' }).click();
    await form.getByRole('button', { name: 'Speichern' }).click();
    await form.getByRole('alert').getByText('Bitte prüfen Sie Ihre Eingaben').waitFor();
    await invalid('datensatz-title', /Titel/);
    await invalid('datensatz-resources-0-upload', /Datei/);

    // Then the server's checks: a bad e-mail and bad URLs, each next to its input.
    await form.getByLabel('Titel', { exact: true }).fill(TITLE);
    await form.locator('#datensatz-notes').fill('Alle öffentlichen Spielplätze mit Stadtteil und Spielgeräten.');
    await form.getByLabel('Schlagwörter').fill('Spielplatz, Kinder');
    await form.getByLabel('Regionen und Städte').check();
    await form.getByLabel('Zeitraum von').fill('2025-01-01');
    await form.getByLabel('Aktualisierungsrhythmus').selectOption({ label: 'jährlich' });
    await form.locator('#datensatz-maintainer').fill('Gartenamt Gießen');
    await form.getByLabel('E-Mail-Adresse').fill('gartenamt(at)giessen');
    await form.getByLabel('Webseite zum Datensatz').fill('www.giessen.de/spielplaetze');
    await form.locator('#datensatz-resources-0-upload').setInputFiles({ name: 'spielplaetze.csv', mimeType: 'text/csv', buffer: CSV });
    await form.getByRole('button', { name: 'Link hinzufügen' }).click();
    await form.locator('#datensatz-resources-1-url').fill('spielplaetze.geojson');
    await form.locator('#datensatz-resources-1-format').fill('GeoJSON');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await form.getByRole('alert').getByText('Bitte prüfen Sie Ihre Eingaben').waitFor();
    await invalid('datensatz-maintainer_email', /gültige E-Mail-Adresse/);
    await invalid('datensatz-url', /vollständige Adresse/);
    await invalid('datensatz-resources-1-url', /vollständige Adresse/);
    assert.equal(await page.locator('#datensatz-title').getAttribute('aria-invalid'), null, 'fixed fields are no longer marked');
    await checkA11y(page, 'editor-fehler');
    await shoot(page, 'editor-fehler');

    await form.getByLabel('E-Mail-Adresse').fill('gartenamt@giessen.de');
    await form.getByLabel('Webseite zum Datensatz').fill('https://www.giessen.de/spielplaetze');
    await form.locator('#datensatz-resources-1-url').fill('https://www.giessen.de/opendata/spielplaetze.geojson');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await form.getByRole('status').getByText(`Gespeichert: „${TITLE}“.`).waitFor({ timeout: 20_000 });
    await page.waitForURL(/\/verwaltung\/datensaetze\/spielplaetze-giessen-standorte-und-ausstattung$/);
    await page.getByRole('heading', { level: 1, name: `Datensatz bearbeiten: ${TITLE}` }).waitFor();
    await form.getByRole('link', { name: 'spielplaetze.csv' }).waitFor();
    await checkA11y(page, 'editor');
    await shoot(page, 'editor');

    // German search: "Spielplatz" finds "Spielplätze".
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Offene Daten' }).click();
    await page.getByLabel('Suchbegriff').fill('Spielplatz');
    await page.getByRole('button', { name: 'Suchen' }).click();
    await page.getByRole('link', { name: TITLE }).click();
    await page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const resources = page.getByRole('table', { name: 'Dateien und Schnittstellen dieses Datensatzes' });
    const download = resources.getByRole('link', { name: /^spielplaetze\.csv/ });
    const href = await download.getAttribute('href');
    const file = await page.request.get(`${server.url}${href}`);
    assert.equal(file.status(), 200);
    const body = await file.body();
    assert.ok(body.equals(CSV), 'the download is the uploaded file');
    assert.equal(file.headers().etag, `"${createHash('sha256').update(CSV).digest('hex')}"`);
    await resources.getByRole('cell', { name: 'GEOJSON', exact: true }).waitFor();
  });

  it('an edit appears as a readable diff in the history; anonymous readers see the organisation', { timeout: 90_000 }, async () => {
    await page.getByRole('link', { name: /^Bearbeiten\s?: Spielplätze Gießen – Standorte/ }).click();
    const form = page.locator('#datensatz');
    await form.getByLabel('Titel', { exact: true }).fill('Spielplätze in Gießen');
    await form.getByLabel('Schlagwörter').fill('Spielplatz, Familie');
    await form.getByLabel('Aktualisierungsrhythmus').selectOption({ label: 'monatlich' });
    // Uploaded files come after the links: the GeoJSON link is first now.
    await form.getByRole('button', { name: 'Ressource 1 (GEOJSON) entfernen' }).click();
    await form.getByRole('button', { name: 'Speichern' }).click();
    await form.getByRole('status').getByText('Gespeichert: „Spielplätze in Gießen“.').waitFor();
    await page.getByRole('link', { name: /^Im Portal ansehen\s?: Spielplätze in Gießen$/ }).click();
    await page.getByRole('heading', { level: 1, name: 'Spielplätze in Gießen' }).waitFor();

    const history = page.getByRole('region', { name: 'Änderungsverlauf' });
    const latest = history.getByRole('listitem').first();
    await latest.getByText('Metadaten geändert').waitFor();
    await latest.getByText('redaktion@giessen.example').waitFor();
    const diff = latest.getByRole('table', { name: /Geänderte Felder/ });
    const titleRow = diff.getByRole('row', { name: /Titel/ });
    assert.deepEqual(await titleRow.getByRole('cell').allTextContents(), [TITLE, 'Spielplätze in Gießen']);
    assert.deepEqual(await diff.getByRole('row', { name: /Aktualisierungsrhythmus/ }).getByRole('cell').allTextContents(), ['jährlich', 'monatlich']);
    await latest.getByText('hinzugefügt Familie').waitFor();
    await latest.getByText('entfernt Kinder').waitFor();
    await latest.getByText(/Ressource „GEOJSON“ entfernt/).waitFor();
    await checkA11y(page, 'datensatz-verlauf');
    await shoot(page, 'datensatz-verlauf');

    await page.getByRole('button', { name: 'Abmelden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    await page.goto(`${server.url}/daten/spielplaetze-giessen-standorte-und-ausstattung`);
    const anon = page.getByRole('region', { name: 'Änderungsverlauf' }).getByRole('listitem').first();
    await anon.getByText('durch Gießen').waitFor();
    assert.equal(await page.getByText('redaktion@giessen.example').count(), 0, 'no e-mail addresses for anonymous readers');
  });

  it('organisation pages list publishers and their datasets', { timeout: 60_000 }, async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Organisationen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Organisationen' }).waitFor();
    const table = page.getByRole('table', { name: /veröffentlichende Organisationen/ });
    assert.deepEqual(await table.getByRole('row', { name: /^Gießen/ }).getByRole('cell').first().textContent(), '3');
    await checkA11y(page, 'organisationen');
    await shoot(page, 'organisationen');

    await table.getByRole('link', { name: 'Gießen', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Gießen' }).waitFor();
    await page.getByRole('heading', { level: 2, name: '3 Datensätze' }).waitFor();
    await page.getByRole('link', { name: 'Spielplätze in Gießen' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Turtle' }).getAttribute('href'), '/organization/giessen/catalog.ttl');
    await checkA11y(page, 'organisation');
    await shoot(page, 'organisation');
    await page.getByRole('link', { name: 'Alle 3 Datensätze von Gießen durchsuchen' }).click();
    await page.getByRole('heading', { level: 2, name: '3 Datensätze' }).waitFor();
    assert.match(page.url(), /organisation=giessen/);
  });

  it('a cooperation page shows its members with their datasets', { timeout: 60_000 }, async () => {
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Digitale Kommune@Hessen', exact: true }).click();
    await page.getByRole('heading', { level: 1, name: 'Digitale Kommune@Hessen' }).waitFor();
    const members = page.getByRole('table', { name: 'Mitglieder (6)' });
    assert.equal(await members.getByRole('row', { name: /^Gießen/ }).getByRole('cell').first().textContent(), '3');
    assert.equal(await members.getByRole('row', { name: /^Fulda/ }).getByRole('cell').first().textContent(), '1');
    await page.getByRole('link', { name: 'Spielplätze in Gießen' }).waitFor();
    assert.equal(await page.getByRole('link', { name: 'Turtle' }).getAttribute('href'), '/cooperation/digitale-kommune-hessen/catalog.ttl');
    await checkA11y(page, 'kooperation');
    await shoot(page, 'kooperation');
    await page.getByRole('link', { name: /^Alle \d+ Datensätze der Kooperation durchsuchen$/ }).click();
    await page.getByRole('heading', { level: 2, name: /Datensätze in der Kooperation Digitale Kommune@Hessen/ }).waitFor();
    await members.waitFor({ state: 'detached' });
  });
});
