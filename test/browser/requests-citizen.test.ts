// A citizen reports illegal dumping in Gießen in headless Chromium without logging in: category,
// questions, the place by typed coordinates and by a click into the map, a photo; the confirmation
// shows the number and the tracking link, which shows "Eingegangen". Errors appear at the fields.
// axe on the form, the errors, the confirmation and the tracking page.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkA11y, demoServerInBrowser, shoot, skipWithoutChromium } from '../helpers/browser.ts';
import { cleanPng } from '../../src/modules/requests/citizen/test-photos.ts';

describe('citizen request form and tracking page', { skip: skipWithoutChromium }, () => {
  const ui = demoServerInBrowser();

  it('invalid input is shown at each field, with aria-invalid and the message as description', { timeout: 60_000 }, async () => {
    const { page, server } = ui;
    await page.goto(`${server.url}/anliegen/melden?kommune=giessen`);
    await page.getByRole('heading', { level: 1, name: 'Anliegen melden' }).waitFor();
    assert.equal(await page.getByLabel('Kommune').inputValue(), 'giessen', 'preset from ?kommune=');
    await page.getByLabel('Kategorie').selectOption({ label: 'Illegale Müllablagerung' });
    await page.getByLabel('Wie viel ist es ungefähr?').waitFor();
    await page.locator('[data-testid=ortskarte][data-ready=true]').waitFor({ timeout: 20_000 });
    await checkA11y(page, 'anliegen-formular');
    await shoot(page, 'anliegen-formular');

    await page.getByLabel('Breitengrad').fill('95');
    await page.getByRole('button', { name: 'Anliegen absenden' }).click();
    const summary = page.getByRole('alert').filter({ hasText: 'Bitte prüfen Sie Ihre Eingaben' });
    await summary.waitFor();
    for (const label of ['Beschreibung', 'Breitengrad', 'Wie viel ist es ungefähr?']) {
      const input = page.getByLabel(label, { exact: true });
      assert.equal(await input.getAttribute('aria-invalid'), 'true', label);
      const described = (await input.getAttribute('aria-describedby')) ?? '';
      const error = page.locator(`[id="${described.split(' ').find((id) => id.endsWith('-fehler'))}"]`);
      assert.ok((await error.textContent())?.trim(), `${label}: error text linked by aria-describedby`);
    }
    assert.match((await page.locator('#meldung-lat-fehler').textContent()) ?? '', /zwischen -90 und 90/);
    await checkA11y(page, 'anliegen-fehler');
    await shoot(page, 'anliegen-fehler');
  });

  it('sends a report with questions, place, photo; the tracking link shows "Eingegangen"', { timeout: 90_000 }, async () => {
    const { page, server } = ui;
    await page.goto(`${server.url}/`);
    await page.getByRole('navigation', { name: 'Hauptnavigation' }).getByRole('link', { name: 'Anliegen melden' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anliegen melden' }).waitFor();
    await page.getByLabel('Kommune').selectOption({ label: 'Gießen' });
    await page.getByLabel('Kategorie').selectOption({ label: 'Illegale Müllablagerung' });
    await page.getByLabel('Wie viel ist es ungefähr?').selectOption({ label: 'Eine Kofferraumladung' });
    await page.getByLabel('Sind Gefahrstoffe dabei (Farben, Öl, Batterien, Asbest)?').selectOption({ label: 'Nein' });

    // The place once by a click into the map: the inputs get its coordinates (near Gießen).
    const map = page.locator('[data-testid=ortskarte][data-ready=true]');
    await map.waitFor({ timeout: 20_000 });
    await map.click(); // the middle of the map, scrolled into view first
    await page.getByText(/^Ort gesetzt: Breite 50,/).waitFor();
    const clickedLat = Number(await page.getByLabel('Breitengrad').inputValue());
    const clickedLon = Number(await page.getByLabel('Längengrad').inputValue());
    assert.ok(Math.abs(clickedLat - 50.58) < 0.1 && Math.abs(clickedLon - 8.68) < 0.15, `${clickedLat}, ${clickedLon}`);
    await page.locator('.maplibregl-marker').waitFor();

    // … and then by keyboard: typed coordinates win.
    await page.getByLabel('Breitengrad').fill('50,5862');
    await page.getByLabel('Längengrad').fill('8.6751');
    await page.getByLabel('Beschreibung', { exact: true }).fill('Sperrmüll und Säcke neben dem Glascontainer am Kirchenplatz.');
    await page.getByLabel('Foto').setInputFiles({ name: 'muell.png', mimeType: 'image/png', buffer: cleanPng() });
    await page.getByLabel('E-Mail-Adresse').fill('buergerin@example.test');
    await page.getByLabel('Ja, informieren Sie mich per E-Mail über den Fortgang.').check();
    await shoot(page, 'anliegen-ausgefuellt');
    await page.getByRole('button', { name: 'Anliegen absenden' }).click();

    await page.getByRole('heading', { level: 1, name: 'Vielen Dank – Ihr Anliegen ist eingegangen' }).waitFor();
    const number = (await page.locator('.request-number').textContent())!;
    assert.match(number, /^GIE-\d{4}-\d{6}$/);
    const stored = await server.db.selectFrom('requests_items').select(['lat', 'lon', 'contact_email', 'notify', 'source', 'attributes']).where('number', '=', number).executeTakeFirstOrThrow();
    assert.deepEqual({ ...stored }, { lat: 50.5862, lon: 8.6751, contact_email: 'buergerin@example.test', notify: true, source: 'web', attributes: { menge: 'mittel', gefahrstoffe: 'nein' } });
    await page.getByText('Ihr Foto ist gespeichert').waitFor();
    await checkA11y(page, 'anliegen-bestaetigung');
    await shoot(page, 'anliegen-bestaetigung');

    await page.getByRole('link', { name: /\/anliegen\/verfolgen\// }).click();
    await page.getByRole('heading', { level: 1, name: `Anliegen ${number}` }).waitFor();
    await page.locator('.track-state').getByText('Eingegangen').waitFor();
    await page.getByRole('list').filter({ hasText: 'Eingegangen' }).waitFor();
    await page.getByText('Ein Foto (nur für die Verwaltung sichtbar)').waitFor();
    assert.ok(!(await page.content()).includes('buergerin@example.test'), 'no e-mail on the tracking page');
    await checkA11y(page, 'anliegen-verfolgen');
    await shoot(page, 'anliegen-verfolgen');
  });

  it('is usable on a phone-sized screen', { timeout: 60_000 }, async () => {
    const { page, server } = ui;
    await page.setViewportSize({ width: 390, height: 844 });
    await page.goto(`${server.url}/anliegen/melden?kommune=giessen`);
    await page.getByLabel('Kategorie').selectOption({ label: 'Schlagloch oder Straßenschaden' });
    await page.locator('[data-testid=ortskarte][data-ready=true]').waitFor({ timeout: 20_000 });
    const overflow = await page.evaluate('document.documentElement.scrollWidth - document.documentElement.clientWidth');
    assert.ok((overflow as number) <= 0, `no horizontal scrolling (${String(overflow)} px too wide)`);
    await shoot(page, 'anliegen-mobil');
    await page.goto(`${server.url}/anliegen/verfolgen/${'x'.repeat(43)}`);
    await page.getByRole('heading', { level: 1, name: 'Anliegen nicht gefunden' }).waitFor();
  });
});
