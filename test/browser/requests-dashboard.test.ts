// The public Serviceversprechen dashboard in headless Chromium: Gießen alone and the cooperation
// "Digitale Kommune Hessen" with its cities side by side. Every chart is drawn, every table beside
// it holds exactly the numbers the API returns, the CSV and JSON links deliver the same figures,
// a chosen period reaches the API, and axe finds no serious or critical violations.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { checkA11y, demoServerInBrowser, eventually, shoot, skipWithoutChromium } from '../helpers/browser.ts';

type Figures = {
  tenants: { slug: string; name: string }[];
  on_time: { tenant: string; clock: string; kept: number; missed: number; rate: number | null }[];
  resolution: { tenant: string; service_code: string; service_name: string; resolved: number; median_hours: number; p90_hours: number }[];
  volume: { tenant: string; month: string; received: number; resolved: number }[];
};

const CLOCK = { firstResponse: 'Erste Reaktion', maxSilence: 'Rückmeldung', resolution: 'Erledigung', legal: 'Gesetzliche Frist' } as Record<string, string>;
const oneDecimal = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const int = new Intl.NumberFormat('de-DE');
const rate = (r: number | null) => (r === null ? '–' : `${oneDecimal.format(r)} %`);
const sorted = (rows: string[][]) => rows.map((r) => JSON.stringify(r)).sort();

/** The cell texts of a figure's table, row by row (row header first). */
function tableRows(page: Page, block: string): Promise<string[][]> {
  return page.locator(`#${block}-block table tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim())));
}

async function figures(url: string): Promise<Figures> {
  const res = await fetch(url);
  assert.equal(res.status, 200, url);
  return (await res.json()) as Figures;
}

/** The three charts are drawn: ECharts put a canvas into each box. */
async function chartsDrawn(page: Page) {
  await page.locator('.promise-canvas[data-ready=true] canvas').nth(2).waitFor({ timeout: 20_000 });
  assert.equal(await page.locator('.promise-canvas[data-ready=true] canvas').count(), 3);
  for (const box of await page.locator('.promise-canvas').all()) assert.ok((await box.getAttribute('aria-label'))?.includes('Tabelle'), 'text alternative points to the table');
}

/** Months with requests, in order, as [received, resolved] — what the line chart's table must show too. */
function monthSequence(rows: { month: string; received: number; resolved: number }[]): string[][] {
  const per = new Map<string, [number, number]>();
  for (const r of rows) {
    const m = per.get(r.month) ?? [0, 0];
    per.set(r.month, [m[0] + r.received, m[1] + r.resolved]);
  }
  return [...per.entries()].sort((a, b) => a[0].localeCompare(b[0])).map(([, [a, b]]) => [int.format(a), int.format(b)]);
}
const nonZero = (rows: string[][]) => rows.map((r) => r.slice(1)).filter((r) => r.some((c) => c !== '0'));

describe('Serviceversprechen dashboard', { skip: skipWithoutChromium }, () => {
  const ui = demoServerInBrowser();

  it('Gießen: charts drawn, tables equal the API, CSV and JSON links, a chosen period', { timeout: 90_000 }, async () => {
    const { page, server } = ui;
    await page.goto(`${server.url}/`);
    await page.getByRole('link', { name: 'Fristen und Zahlen von Gießen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Serviceversprechen: Gießen' }).waitFor();
    await chartsDrawn(page);
    const api = await figures(`${server.url}/api/v1/requests/service-promises?tenant=giessen`);
    assert.ok(api.on_time.length >= 3 && api.resolution.length > 0, 'demo data has figures');

    assert.deepEqual(sorted(await tableRows(page, 'fristen')), sorted(api.on_time.map((r) => [CLOCK[r.clock]!, int.format(r.kept), int.format(r.missed), rate(r.rate)])));
    assert.deepEqual(sorted(await tableRows(page, 'erledigungsdauer')), sorted(api.resolution.map((r) => [r.service_name, int.format(r.resolved), oneDecimal.format(r.median_hours), oneDecimal.format(r.p90_hours)])));
    assert.deepEqual(nonZero(await tableRows(page, 'eingaenge')), monthSequence(api.volume));

    const csvHref = (await page.locator('#fristen-block').getByRole('link', { name: /^CSV/ }).getAttribute('href'))!;
    const csv = await fetch(new URL(csvHref, server.url));
    assert.equal(csv.status, 200);
    assert.match(csv.headers.get('content-type') ?? '', /^text\/csv/);
    const lines = (await csv.text()).trim().split('\r\n');
    assert.equal(lines[0], 'tenant,clock,kept,missed,rate');
    assert.equal(lines.length, api.on_time.length + 1);
    const jsonHref = (await page.locator('#eingaenge-block').getByRole('link', { name: /^JSON/ }).getAttribute('href'))!;
    assert.deepEqual((await figures(new URL(jsonHref, server.url).href)).volume, api.volume);

    await checkA11y(page, 'serviceversprechen-giessen');
    await shoot(page, 'serviceversprechen-giessen');

    // A chosen period: in the URL, in the open-data links, and the tables follow it.
    const today = new Date();
    const sixMonthsAgo = new Date(today.getTime() - 182 * 86_400_000).toISOString().slice(0, 10);
    await page.getByLabel('Von', { exact: true }).fill(sixMonthsAgo);
    await page.getByLabel('Bis', { exact: true }).fill(today.toISOString().slice(0, 10));
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await page.waitForURL(/von=\d{4}-\d{2}-\d{2}&bis=/);
    const periodJson = page.locator('#fristen-block a[href*="service-promises?"][href*="from="]');
    const chosen = await figures(new URL((await periodJson.getAttribute('href'))!, server.url).href);
    assert.ok(chosen.volume.length < api.volume.length || api.volume.length <= 7, 'a shorter period has fewer months');
    // The old figures stay visible while the new ones load: wait until the tables show the new ones.
    await eventually(async () => {
      assert.deepEqual(sorted(await tableRows(page, 'fristen')), sorted(chosen.on_time.map((r) => [CLOCK[r.clock]!, int.format(r.kept), int.format(r.missed), rate(r.rate)])));
      assert.deepEqual(nonZero(await tableRows(page, 'eingaenge')), monthSequence(chosen.volume));
    });
    await page.getByRole('button', { name: 'Letzte 12 Monate' }).click();
    await page.waitForURL((u) => !u.search.includes('von='));
  });

  it('the cooperation: cities side by side, per service and per city, equal to the API', { timeout: 90_000 }, async () => {
    const { page, server } = ui;
    await page.goto(`${server.url}/kooperationen/digitale-kommune-hessen`);
    await page.getByRole('link', { name: /Wie zuverlässig die Mitglieder/ }).click();
    await page.getByRole('heading', { level: 1, name: /^Serviceversprechen: / }).waitFor();
    await chartsDrawn(page);
    const api = await figures(`${server.url}/api/v1/requests/service-promises?cooperation=digitale-kommune-hessen`);
    const name = new Map(api.tenants.map((t) => [t.slug, t.name]));
    assert.ok(api.tenants.length >= 3);

    // One row per city, one column per target: the rate over "kept von due".
    const clocks = Object.keys(CLOCK).filter((c) => api.on_time.some((r) => r.clock === c));
    const cities = [...new Set(api.on_time.map((r) => r.tenant))];
    const cell = (city: string, clock: string) => {
      const r = api.on_time.find((x) => x.tenant === city && x.clock === clock);
      if (r && r.kept + r.missed === 0) return '–keine fällig';
      return r ? `${rate(r.rate)}${int.format(r.kept)} von ${int.format(r.kept + r.missed)}` : '–';
    };
    assert.deepEqual(sorted(await tableRows(page, 'fristen')), sorted(cities.map((c) => [name.get(c)!, ...clocks.map((k) => cell(c, k))])));
    const services = [...new Map(api.resolution.map((r) => [r.service_code, r.service_name])).values()];
    for (const service of services) {
      await page.getByLabel('Dienst').selectOption({ label: service });
      await page.locator('#erledigungsdauer-block caption', { hasText: service }).waitFor();
      const expected = api.resolution.filter((r) => r.service_name === service).map((r) => [name.get(r.tenant)!, int.format(r.resolved), oneDecimal.format(r.median_hours), oneDecimal.format(r.p90_hours)]);
      assert.deepEqual(sorted(await tableRows(page, 'erledigungsdauer')), sorted(expected), service);
    }
    assert.deepEqual(nonZero(await tableRows(page, 'eingaenge')), monthSequence(api.volume));
    await page.getByLabel('Kommune', { exact: true }).selectOption({ label: 'Gießen' });
    await page.locator('#eingaenge-block caption', { hasText: 'von Gießen' }).waitFor();
    assert.deepEqual(nonZero(await tableRows(page, 'eingaenge')), monthSequence(api.volume.filter((v) => v.tenant === 'giessen')));
    await page.getByLabel('Kommune', { exact: true }).selectOption({ label: 'Alle zusammen' });

    const csv = await fetch(new URL((await page.locator('#erledigungsdauer-block').getByRole('link', { name: /^CSV/ }).getAttribute('href'))!, server.url));
    assert.equal(csv.status, 200);
    assert.equal((await csv.text()).trim().split('\r\n').length, api.resolution.length + 1);

    await checkA11y(page, 'serviceversprechen-kooperation');
    await shoot(page, 'serviceversprechen-kooperation');
    await page.setViewportSize({ width: 390, height: 844 });
    await shoot(page, 'serviceversprechen-kooperation-mobil');
    await page.setViewportSize({ width: 1280, height: 900 });
  });
});
