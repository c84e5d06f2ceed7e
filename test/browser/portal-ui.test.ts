// The portal for publishers and readers in headless Chromium: the editor (inline validation from
// the browser and from CKAN, a CSV upload), the German search, the history diff after an edit,
// organisation and cooperation pages; axe-core on each page, screenshots in
// test-results/screenshots/.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { checkA11y, demoServerInBrowser, logIn, shoot, skipWithoutChromium } from '../helpers/browser.ts';

const TITLE = 'Spielplätze Gießen – Standorte und Ausstattung';
const CSV = Buffer.from('name;stadtteil;geraete\nSpielplatz Schiffenberger Tal;Südviertel;Schaukel, Rutsche\nSpielplatz Wieseckaue;Nordstadt;Seilbahn\n', 'utf8');

describe('portal: publisher editor, history, organisations, cooperations', { skip: skipWithoutChromium }, () => {
  const ui = demoServerInBrowser();

  const invalid = async (id: string, message: RegExp) => {
    const input = ui.page.locator(`#${id}`);
    assert.equal(await input.getAttribute('aria-invalid'), 'true', `${id} is marked invalid`);
    const describedBy = (await input.getAttribute('aria-describedby')) ?? '';
    assert.ok(describedBy.split(' ').includes(`${id}-fehler`), `${id} points at its error (${describedBy})`);
    assert.match((await ui.page.locator(`#${id}-fehler`).textContent()) ?? '', message);
  };

  it('a publisher creates a dataset with an uploaded CSV, with inline validation, and finds it', { timeout: 120_000 }, async () => {
    await logIn(ui.page, ui.server.url, 'redaktion@giessen.example', ui.server.adminPassword);
    await ui.page.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'Datensätze' }).click();
    await ui.page.getByRole('link', { name: 'Neuen Datensatz anlegen' }).click();
    await ui.page.getByRole('heading', { level: 1, name: 'Neuer Datensatz' }).waitFor();
    const form = ui.page.locator('#datensatz');

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
    assert.equal(await ui.page.locator('#datensatz-title').getAttribute('aria-invalid'), null, 'fixed fields are no longer marked');
    await checkA11y(ui.page, 'editor-fehler');
    await shoot(ui.page, 'editor-fehler');

    await form.getByLabel('E-Mail-Adresse').fill('gartenamt@giessen.de');
    await form.getByLabel('Webseite zum Datensatz').fill('https://www.giessen.de/spielplaetze');
    await form.locator('#datensatz-resources-1-url').fill('https://www.giessen.de/opendata/spielplaetze.geojson');
    await form.getByRole('button', { name: 'Speichern' }).click();
    await form.getByRole('status').getByText(`Gespeichert: „${TITLE}“.`).waitFor({ timeout: 20_000 });
    await ui.page.waitForURL(/\/verwaltung\/datensaetze\/spielplaetze-giessen-standorte-und-ausstattung$/);
    await ui.page.getByRole('heading', { level: 1, name: `Datensatz bearbeiten: ${TITLE}` }).waitFor();
    await form.getByRole('link', { name: 'spielplaetze.csv' }).waitFor();
    await checkA11y(ui.page, 'editor');
    await shoot(ui.page, 'editor');

    // German search: "Spielplatz" finds "Spielplätze".
    await ui.page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Offene Daten' }).click();
    await ui.page.getByLabel('Suchbegriff').fill('Spielplatz');
    await ui.page.getByRole('button', { name: 'Suchen' }).click();
    await ui.page.getByRole('link', { name: TITLE }).click();
    await ui.page.getByRole('heading', { level: 1, name: TITLE }).waitFor();
    const resources = ui.page.getByRole('table', { name: 'Dateien und Schnittstellen dieses Datensatzes' });
    const download = resources.getByRole('link', { name: /^spielplaetze\.csv/ });
    const href = await download.getAttribute('href');
    const file = await ui.page.request.get(`${ui.server.url}${href}`);
    assert.equal(file.status(), 200);
    const body = await file.body();
    assert.ok(body.equals(CSV), 'the download is the uploaded file');
    assert.equal(file.headers().etag, `"${createHash('sha256').update(CSV).digest('hex')}"`);
    await resources.getByRole('cell', { name: 'GEOJSON', exact: true }).waitFor();
  });

  it('an edit appears as a readable diff in the history; anonymous readers see the organisation', { timeout: 90_000 }, async () => {
    await ui.page.getByRole('link', { name: /^Bearbeiten\s?: Spielplätze Gießen – Standorte/ }).click();
    const form = ui.page.locator('#datensatz');
    await form.getByLabel('Titel', { exact: true }).fill('Spielplätze in Gießen');
    await form.getByLabel('Schlagwörter').fill('Spielplatz, Familie');
    await form.getByLabel('Aktualisierungsrhythmus').selectOption({ label: 'monatlich' });
    // Uploaded files come after the links: the GeoJSON link is first now.
    await form.getByRole('button', { name: 'Ressource 1 (GEOJSON) entfernen' }).click();
    await form.getByRole('button', { name: 'Speichern' }).click();
    await form.getByRole('status').getByText('Gespeichert: „Spielplätze in Gießen“.').waitFor();
    await ui.page.getByRole('link', { name: /^Im Portal ansehen\s?: Spielplätze in Gießen$/ }).click();
    await ui.page.getByRole('heading', { level: 1, name: 'Spielplätze in Gießen' }).waitFor();

    const history = ui.page.getByRole('region', { name: 'Änderungsverlauf' });
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
    await checkA11y(ui.page, 'datensatz-verlauf');
    await shoot(ui.page, 'datensatz-verlauf');

    await ui.page.getByRole('button', { name: 'Abmelden' }).click();
    await ui.page.getByRole('heading', { level: 1, name: 'Anmelden' }).waitFor();
    await ui.page.goto(`${ui.server.url}/daten/spielplaetze-giessen-standorte-und-ausstattung`);
    const anon = ui.page.getByRole('region', { name: 'Änderungsverlauf' }).getByRole('listitem').first();
    await anon.getByText('durch Gießen').waitFor();
    assert.equal(await ui.page.getByText('redaktion@giessen.example').count(), 0, 'no e-mail addresses for anonymous readers');
  });

  it('organisation pages list publishers and their datasets', { timeout: 60_000 }, async () => {
    await ui.page.goto(`${ui.server.url}/`);
    await ui.page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Organisationen' }).click();
    await ui.page.getByRole('heading', { level: 1, name: 'Organisationen' }).waitFor();
    const table = ui.page.getByRole('table', { name: /veröffentlichende Organisationen/ });
    assert.deepEqual(await table.getByRole('row', { name: /^Gießen/ }).getByRole('cell').first().textContent(), '3');
    await checkA11y(ui.page, 'organisationen');
    await shoot(ui.page, 'organisationen');

    await table.getByRole('link', { name: 'Gießen', exact: true }).click();
    await ui.page.getByRole('heading', { level: 1, name: 'Gießen' }).waitFor();
    await ui.page.getByRole('heading', { level: 2, name: '3 Datensätze' }).waitFor();
    await ui.page.getByRole('link', { name: 'Spielplätze in Gießen' }).waitFor();
    assert.equal(await ui.page.getByRole('link', { name: 'Turtle' }).getAttribute('href'), '/organization/giessen/catalog.ttl');
    await checkA11y(ui.page, 'organisation');
    await shoot(ui.page, 'organisation');
    await ui.page.getByRole('link', { name: 'Alle 3 Datensätze von Gießen durchsuchen' }).click();
    await ui.page.getByRole('heading', { level: 2, name: '3 Datensätze' }).waitFor();
    assert.match(ui.page.url(), /organisation=giessen/);
  });

  it('a cooperation page shows its members with their datasets', { timeout: 60_000 }, async () => {
    await ui.page.goto(`${ui.server.url}/`);
    await ui.page.getByRole('link', { name: 'Digitale Kommune@Hessen', exact: true }).click();
    await ui.page.getByRole('heading', { level: 1, name: 'Digitale Kommune@Hessen' }).waitFor();
    const members = ui.page.getByRole('table', { name: 'Mitglieder (6)' });
    assert.equal(await members.getByRole('row', { name: /^Gießen/ }).getByRole('cell').first().textContent(), '3');
    assert.equal(await members.getByRole('row', { name: /^Fulda/ }).getByRole('cell').first().textContent(), '1');
    await ui.page.getByRole('link', { name: 'Spielplätze in Gießen' }).waitFor();
    assert.equal(await ui.page.getByRole('link', { name: 'Turtle' }).getAttribute('href'), '/cooperation/digitale-kommune-hessen/catalog.ttl');
    await checkA11y(ui.page, 'kooperation');
    await shoot(ui.page, 'kooperation');
    await ui.page.getByRole('link', { name: /^Alle \d+ Datensätze der Kooperation durchsuchen$/ }).click();
    await ui.page.getByRole('heading', { level: 2, name: /Datensätze in der Kooperation Digitale Kommune@Hessen/ }).waitFor();
    await members.waitFor({ state: 'detached' });
  });
});
