// The service-analytics dashboards in headless Chromium, as Gießen's editor (owner of Gießen's
// services): the overview's table holds exactly the API's figures and downloads as German CSV; a
// chosen period reaches the URL and the API; a service's funnel (also per form version) and peer
// tables equal the API's, the trend follows the chosen interval, the comments show scrubbed; a
// saved view is previewed, saved, found in the list and opened; a partner's shared view is copied.
// Frankfurt's admin, not an owner, gets the calm note instead of comments. axe on every page.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { checkA11y, demoServerInBrowser, eventually, logIn, shoot, skipWithoutChromium } from '../helpers/browser.ts';

type Overview = { items: { service_key: string; name: string | null; views: number; starts: number; submissions: number; conversion: number | null; rating_mean: number | null; digital_share: number | null; previous: { submissions: number } | null }[] };
type Step = { step: number; reached: number; abandoned: number; abandonment_rate: number | null };
type Metrics = { funnel: Step[]; funnels_by_version: { form_version: string; funnel: Step[] }[]; auth: { method: string }[] };
type Peers = { median: Record<'submissions_per_1000' | 'conversion' | 'rating_mean' | 'digital_share', number | null>; items: { name: string; self: boolean; population: number | null; submissions: number | null; submissions_per_1000: number | null; conversion: number | null; rating_mean: number | null; digital_share: number | null; no_data: boolean; suppressed: boolean }[] };
type Series = { points: { period: string; series: string; value: number | null }[] };

const PARKING = '99102013000000';
const int = new Intl.NumberFormat('de-DE', { maximumFractionDigits: 0 });
const dec1 = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 1, maximumFractionDigits: 1 });
const dec2 = new Intl.NumberFormat('de-DE', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
const n0 = (v: number | null) => (v === null ? '–' : int.format(v));
const pct = (v: number | null) => (v === null ? '–' : `${dec1.format(v)} %`);
const d2 = (v: number | null) => (v === null ? '–' : dec2.format(v));
const today = () => new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
const daysBack = (n: number) => new Date(Date.parse(`${today()}T00:00:00Z`) - (n - 1) * 86_400_000).toISOString().slice(0, 10);
const range = (days: number) => `from=${daysBack(days)}&to=${today()}`;

/** Cell texts of the tables in a block, row by row. */
function rows(page: Page, selector: string): Promise<string[][]> {
  return page.locator(`${selector} tbody tr`).evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').replace(/\u00ad/g, '').trim())));
}

/** The page's own API answer (with its session cookie). */
async function get<T>(page: Page, path: string): Promise<T> {
  const res = await page.request.get(path);
  assert.equal(res.status(), 200, path);
  return (await res.json()) as T;
}

/** The CSV behind a download link (an object URL made in the page), byte order mark kept. */
function csvOf(page: Page, selector: string): Promise<string> {
  return page.locator(selector).getByRole('link', { name: /^CSV herunterladen/ }).evaluate((a) =>
    fetch((a as unknown as { href: string }).href).then((r) => r.arrayBuffer()).then((b) => new TextDecoder('utf-8', { ignoreBOM: true }).decode(b)));
}


const overviewRow = (i: Overview['items'][number]) => [i.name ?? `Dienst ${i.service_key}`, i.service_key, n0(i.views), n0(i.starts), n0(i.submissions), pct(i.conversion), d2(i.rating_mean), pct(i.digital_share)];
const funnelRows = (steps: Step[]) => steps.map((s) => [`Schritt ${s.step}`, n0(s.reached), n0(s.abandoned), pct(s.abandonment_rate)]);
function peerRows(p: Peers): string[][] {
  const why = (i: Peers['items'][number]) => (i.no_data ? 'keine Daten' : i.suppressed ? 'zu wenige Fälle' : undefined);
  return [
    ...p.items.map((i) => [i.self ? `${i.name} (eigene Kommune)` : i.name, n0(i.population), why(i) ?? n0(i.submissions), why(i) ? '–' : d2(i.submissions_per_1000), pct(i.conversion), d2(i.rating_mean), pct(i.digital_share)]),
    ['Median der Gruppe', '', '', d2(p.median.submissions_per_1000), pct(p.median.conversion), d2(p.median.rating_mean), pct(p.median.digital_share)],
  ];
}

describe('service analytics dashboards', { skip: skipWithoutChromium }, () => {
  const ui = demoServerInBrowser();
  const api = '/api/v1/tenants/giessen/analytics';

  it('overview: every service with the API\'s figures, change in words, German CSV, the period in the URL', { timeout: 90_000 }, async () => {
    const { page, server } = ui;
    await logIn(page, server.url, 'redaktion@giessen.example', server.adminPassword);
    await page.getByRole('navigation', { name: 'Verwaltung' }).getByRole('link', { name: 'Service-Analytik' }).click();
    await page.getByRole('heading', { level: 1, name: 'Service-Analytik' }).waitFor();
    await page.locator('#dienste-block [data-ready=true] canvas').waitFor({ timeout: 20_000 });
    const data = await get<Overview>(page, `${server.url}${api}/services?${range(30)}`);
    assert.equal(data.items.length, 12, 'the demo has twelve services');
    const shown = await rows(page, '#dienste-block');
    assert.deepEqual(shown.map((r) => r.slice(0, 8)), data.items.map(overviewRow));
    for (const [n, i] of data.items.entries()) {
      if (i.previous) assert.match(shown[n]![8]!, new RegExp(`(gestiegen|gesunken|gleich), vorher ${n0(i.previous.submissions)}$`));
    }
    assert.ok(await page.locator('#dienste-block canvas').first().isVisible());
    assert.match((await page.locator('#dienste-block [role=img]').getAttribute('aria-label')) ?? '', /Anträge je Dienst.*Tabelle/);

    const csv = await csvOf(page, '#dienste-block');
    assert.ok(csv.startsWith('\uFEFFDienst;Leistungsschlüssel;Aufrufe;Starts;Anträge;Konversion (%)'), csv.slice(0, 80));
    const lines = csv.trim().split('\r\n');
    assert.equal(lines.length, data.items.length + 1);
    const first = data.items[0]!;
    assert.ok(lines[1]!.startsWith(`${first.name};${first.service_key};${first.views};${first.starts};${first.submissions};${String(first.conversion).replace('.', ',')};`), lines[1]);

    await checkA11y(page, 'analytik-uebersicht');
    await shoot(page, 'analytik-uebersicht');

    await page.getByLabel('Zeitraum wählen').selectOption({ label: 'Letzte 90 Tage' });
    await page.getByRole('button', { name: 'Anzeigen' }).click();
    await page.waitForURL(/zeitraum=90/);
    const longer = await get<Overview>(page, `${server.url}${api}/services?${range(90)}`);
    await eventually(async () => assert.deepEqual((await rows(page, '#dienste-block')).map((r) => r.slice(0, 8)), longer.items.map(overviewRow)));
  });

  it('service page: funnel, funnels per form version and peers equal the API; interval and comparison group switch; comments scrubbed', { timeout: 120_000 }, async () => {
    const { page, server } = ui;
    await page.getByRole('link', { name: 'Bewohnerparkausweis beantragen' }).click();
    await page.getByRole('heading', { level: 1, name: 'Bewohnerparkausweis beantragen' }).waitFor();
    await page.waitForURL(/zeitraum=90/); // the period travels with the link
    await page.locator('#trichter-block [data-ready=true] canvas').waitFor({ timeout: 20_000 });
    const m = await get<Metrics>(page, `${server.url}${api}/services/${PARKING}?${range(90)}`);
    assert.deepEqual(await rows(page, '#trichter-block'), funnelRows(m.funnel));
    assert.ok(m.funnels_by_version.length >= 2, '90 days reach both form versions');
    const versionTables = page.locator('#versionen-block table');
    assert.equal(await versionTables.count(), m.funnels_by_version.length);
    for (const [n, v] of m.funnels_by_version.entries()) {
      assert.match((await versionTables.nth(n).locator('caption').textContent()) ?? '', new RegExp(`^Version ${v.form_version}:`));
      assert.deepEqual(await versionTables.nth(n).locator('tbody tr').evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => (c.textContent ?? '').trim()))), funnelRows(v.funnel));
    }
    const methods = (await rows(page, '#anmeldung-block')).map((r) => r[0]);
    assert.ok(methods.includes('Online-Ausweis (eID)') && methods.includes('BundID Benutzername/Passwort'), methods.join(', '));
    assert.ok((await rows(page, '#zahlung-block')).some((r) => r[0] === 'SEPA-Lastschrift'));

    const peers = await get<Peers>(page, `${server.url}${api}/services/${PARKING}/peers?group=cooperation&${range(90)}`);
    await page.locator('#vergleich-block [data-ready=true] canvas').waitFor({ timeout: 20_000 });
    assert.deepEqual(await rows(page, '#vergleich-block'), peerRows(peers));
    await page.getByLabel('Vergleichen mit').selectOption({ label: 'Kommunen gleicher Größenklasse' });
    await page.waitForURL(/vergleich=groesse/);
    const bySize = await get<Peers>(page, `${server.url}${api}/services/${PARKING}/peers?group=size_class&${range(90)}`);
    await eventually(async () => assert.deepEqual(await rows(page, '#vergleich-block'), peerRows(bySize)));

    // The comments: visible to the owner, scrubbed before they were stored.
    const comments = page.locator('#rueckmeldungen').locator('..');
    await comments.getByText('[Telefonnummer entfernt]').waitFor();
    assert.doesNotMatch((await comments.textContent()) ?? '', /0641|306-1234|@example\.de/);

    await checkA11y(page, 'analytik-dienst');
    await shoot(page, 'analytik-dienst');
    await page.setViewportSize({ width: 390, height: 844 });
    await shoot(page, 'analytik-dienst-mobil');
    await page.setViewportSize({ width: 1280, height: 900 });

    // Trend: per week (90 days) by default; per month after switching, equal to the series API.
    await page.getByLabel('Intervall', { exact: true }).selectOption({ label: 'Monat' });
    await page.waitForURL(/intervall=month/);
    const monthly = await get<Series>(page, `${server.url}${api}/services/${PARKING}/series?metric=submitted&interval=month&${range(90)}`);
    const monthName = new Intl.DateTimeFormat('de-DE', { month: 'short', year: 'numeric', timeZone: 'UTC' });
    await eventually(async () => assert.deepEqual(await rows(page, '#verlauf-block'), monthly.points.map((p) => [monthName.format(new Date(`${p.period}-01T00:00:00Z`)), n0(p.value)])));
    await page.getByLabel('Kennzahl', { exact: true }).selectOption({ label: 'Konversion' });
    await page.waitForURL(/kennzahl=conversion/);
    const conversion = await get<Series>(page, `${server.url}${api}/services/${PARKING}/series?metric=conversion&interval=month&${range(90)}`);
    await eventually(async () => assert.deepEqual((await rows(page, '#verlauf-block')).map((r) => r[1]), conversion.points.map((p) => pct(p.value))));
  });

  it('saved views: preview, field errors, save, find in the list, open; copy a partner\'s shared view', { timeout: 120_000 }, async () => {
    const { page, server } = ui;
    // Marburg shares a view with the cooperation (made by the platform administration).
    const session = await fetch(`${server.url}/api/v1/session`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ email: server.adminEmail, password: server.adminPassword }) });
    const cookie = session.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ');
    const { csrfToken } = (await session.json()) as { csrfToken: string };
    const shared = await fetch(`${server.url}/api/v1/tenants/marburg/analytics/views`, {
      method: 'POST', headers: { 'content-type': 'application/json', cookie, 'x-csrf-token': csrfToken },
      body: JSON.stringify({ name: 'Starts je Monat (Marburg)', visibility: 'cooperation', definition: { metric: 'start', interval: 'month', period: { last_days: 365 }, chart: 'bar' } }),
    });
    assert.equal(shared.status, 201);

    await page.goto(`${server.url}/verwaltung/analytik`);
    await page.getByRole('link', { name: 'Gespeicherte Ansichten' }).click();
    await page.getByRole('heading', { level: 1, name: 'Gespeicherte Ansichten' }).waitFor();
    const form = page.locator('#ansicht-neu');
    await form.getByRole('button', { name: 'Ansicht speichern' }).click(); // no name yet
    await form.getByText('Bitte prüfen Sie Ihre Eingaben').waitFor();
    await form.locator('.field-error', { hasText: 'Name' }).waitFor();

    await form.getByLabel('Name').fill('Anwohnerparken je Woche');
    await form.getByLabel('Alle in meiner Kommune').check();
    await form.getByLabel('Kennzahl').selectOption({ label: 'Anträge' });
    await form.getByLabel('Intervall').selectOption({ label: 'Woche' });
    await form.getByLabel('Aufteilen nach').selectOption({ label: 'Formularversion' });
    await form.getByLabel('Anzahl Tage').fill('90');
    await form.getByLabel('Dienst (optional)', { exact: true }).selectOption({ label: 'Bewohnerparkausweis beantragen' });
    await form.getByRole('button', { name: 'Vorschau anzeigen' }).click();
    await page.locator('#vorschau-diagramm-block [data-ready=true] canvas').waitFor({ timeout: 20_000 });
    const preview = await rows(page, '#vorschau-diagramm-block');
    assert.ok(preview.length >= 12 && preview[0]!.length === 3, `weeks × two form versions: ${JSON.stringify(preview[0])}`);
    await form.getByRole('button', { name: 'Ansicht speichern' }).click();
    await page.getByText('Ansicht „Anwohnerparken je Woche“ gespeichert.').waitFor();
    await checkA11y(page, 'analytik-ansichten');
    await shoot(page, 'analytik-ansichten');

    await page.getByRole('table').getByRole('link', { name: 'Anwohnerparken je Woche' }).click();
    await page.getByRole('heading', { level: 1, name: 'Anwohnerparken je Woche' }).waitFor();
    await page.locator('#ansicht-block [data-ready=true] canvas').waitFor({ timeout: 20_000 });
    const id = new URL(page.url()).pathname.split('/').pop()!;
    const run = await get<Series & { series: string[] }>(page, `${server.url}${api}/views/${id}/data`);
    const weekLabel = (p: string) => `KW ${Number(p.slice(6))}/${p.slice(0, 4)}`;
    const periods = [...new Set(run.points.map((p) => p.period))];
    const value = (period: string, s: string) => n0(run.points.find((p) => p.period === period && p.series === s)?.value ?? null);
    assert.deepEqual(await rows(page, '#ansicht-block'), periods.map((p) => [weekLabel(p), ...run.series.map((s) => value(p, s))]));
    assert.match(await csvOf(page, '#ansicht-block'), /^\uFEFFZeitraum;Version 1;Version 2\r\n/);
    await checkA11y(page, 'analytik-ansicht');
    await shoot(page, 'analytik-ansicht');

    // The partner's view appears with the toggle and is copied into Gießen.
    await page.getByRole('link', { name: 'Zu allen gespeicherten Ansichten' }).click();
    await page.getByLabel('Auch Ansichten zeigen, die Partnerkommunen mit der Kooperation teilen').check();
    await page.waitForURL(/geteilt=1/);
    await page.getByRole('button', { name: 'Kopieren: Starts je Monat (Marburg)' }).click();
    await page.getByRole('heading', { level: 1, name: 'Starts je Monat (Marburg) (Kopie)' }).waitFor();
    await page.locator('#ansicht-block [data-ready=true] canvas').waitFor({ timeout: 20_000 });
    const copies = await server.db.selectFrom('analytics_views as v').innerJoin('core_tenants as t', 't.id', 'v.tenant_id').select(['t.slug', 'v.copied_from']).where('v.name', '=', 'Starts je Monat (Marburg) (Kopie)').execute();
    assert.deepEqual(copies.map((c) => c.slug), ['giessen']);
    assert.ok(copies[0]!.copied_from);
  });

  it('someone who does not own the service gets a calm note instead of comments', { timeout: 60_000 }, async () => {
    const { page, server } = ui;
    await page.getByRole('button', { name: 'Abmelden' }).click();
    await logIn(page, server.url, 'admin@frankfurt.example', server.adminPassword);
    await page.goto(`${server.url}/verwaltung/analytik/dienste/${PARKING}`);
    await page.getByRole('heading', { level: 1, name: 'Bewohnerparkausweis beantragen' }).waitFor();
    await page.getByText('Kommentare sehen nur die Verantwortlichen dieses Dienstes.').waitFor();
    assert.equal(await page.locator('.ana-comments').count(), 0);
    await page.locator('#vergleich-block [data-ready=true] canvas').waitFor({ timeout: 20_000 });
    assert.ok((await rows(page, '#vergleich-block')).some((r) => r[0] === 'Frankfurt am Main (eigene Kommune)'));
  });
});
