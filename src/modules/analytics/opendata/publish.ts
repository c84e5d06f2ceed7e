// The open data as a dataset in the catalogue: per municipality with published figures one dataset
// "Nutzung der Onlinedienste – {Kommune}" (DCAT-AP.de through the catalogue's export: theme GOVE,
// dl-by-de/2.0, publisher and political geocoding from the municipality, monthly, temporal
// coverage from the first month on) with a CSV and a JSON distribution — the open-data API
// filtered to the municipality, so the data is always the current protected table.
//
// Idempotent: a run creates what is missing and changes a distribution only when its text changed
// (once a month, when a month completes), and the temporal coverage only when late deliveries
// reach an earlier month, so daily runs leave no history noise. The title is the municipality's
// to edit and is left alone. A dataset the
// municipality deleted stays deleted. All writes go through the catalogue's use cases (history,
// audit, search, quality); those need a user with rights, so the job acts for the oldest active
// platform administrator, labelled as this job in history and audit log.
import type { Config } from '../../../server/config.ts';
import type { Db } from '../../../server/db/connect.ts';
import type { Ctx, Principal } from '../../../server/http/context.ts';
import { createPackage, createResource, patchPackage, updateResource, CkanValidation } from '../../catalog/index.ts';
import type { JobRunner } from '../../core/index.ts';
import * as repo from './repo.ts';
import { lastCompleteMonth } from '../metrics/periods.ts';

export const PUBLISH_JOB = 'analytics.opendata.publish';
export const datasetName = (slug: string) => `nutzung-onlinedienste-${slug}`;

const MONTHS = ['Januar', 'Februar', 'März', 'April', 'Mai', 'Juni', 'Juli', 'August', 'September', 'Oktober', 'November', 'Dezember'];
const german = (m: string) => `${MONTHS[Number(m.slice(5, 7)) - 1]} ${m.slice(0, 4)}`;
const nextMonthStart = (m: string) => (m.slice(5, 7) === '12' ? `${Number(m.slice(0, 4)) + 1}-01-01` : `${m.slice(0, 5)}${String(Number(m.slice(5, 7)) + 1).padStart(2, '0')}-01`);

export type PublishResult = { created: string[]; updated: string[]; unchanged: string[]; skipped: { tenant: string; reason: string }[]; through: string };

type Tenant = Awaited<ReturnType<typeof repo.tenantsWithData>>[number];

/** The two distributions of a municipality's dataset, as the catalogue should hold them. */
function distributions(base: string, t: Tenant, through: string, minCell: number) {
  const api = `${base}/api/v1/analytics/open-data/monthly`;
  const period = `${german(t.first)} bis ${german(through)}`;
  const note = `Werte von 1 bis ${minCell - 1} sowie ergänzend gesperrte Felder sind leer (nutzung_gesperrt, bewertungen_gesperrt = true).`;
  // The month after the last one covered: when these figures became final.
  const last_modified = nextMonthStart(through);
  return [
    { name: 'Monatszahlen (CSV)', format: 'CSV', mimetype: 'text/csv', url: `${api}.csv?ars=${t.ars}`, last_modified,
      description: `${period}, eine Zeile je Monat und Leistung, dazu die Monatssumme der Kommune (UTF-8, Komma). ${note}` },
    { name: 'Monatszahlen (JSON)', format: 'JSON', mimetype: 'application/json', url: `${api}.json?ars=${t.ars}`, last_modified,
      description: `${period}, dieselben Zeilen wie die CSV-Datei in "rows", dazu Zeitraum, Filter und Mindestgröße. ${note}` },
  ];
}

function datasetDict(base: string, t: Tenant, through: string, minCell: number) {
  return {
    name: datasetName(t.slug), owner_org: t.slug, title: `Nutzung der Onlinedienste – ${t.name}`,
    notes: `Wie die Onlinedienste von ${t.name} genutzt werden, je Monat und Leistung (Leistungsschlüssel nach LeiKa bzw. FIM): `
      + 'Aufrufe, gestartete und abgesendete Anträge sowie Bewertungen (Anzahl und Mittelwert, ohne Freitext), mit der Monatssumme der Kommune. '
      + 'Gezählt wird ohne Personenbezug: gespeichert werden nur Zähler, kein einzelner Vorgang, keine IP-Adresse, keine Besucherkennung. '
      + 'Zum Schutz der Nutzenden sind kleine Werte unterhalb einer Mindestgröße gesperrt, ebenso weitere Felder, aus denen sie sich über Summen errechnen ließen; 0 wird veröffentlicht. '
      + 'Nur abgeschlossene Monate; nachgelieferte Zahlen können frühere Monate noch erhöhen. Die Spalten beschreibt die API-Dokumentation (docs/api.md, „Service analytics: open data“).',
    license_id: 'dl-by-de/2.0',
    tags: ['Onlinedienste', 'OZG', 'Nutzungsstatistik', 'Verwaltungsdigitalisierung'].map((name) => ({ name })),
    groups: [{ name: 'gove' }],
    extras: [{ key: 'frequency', value: 'MONTHLY' }, { key: 'temporal_start', value: `${t.first}-01` }],
    resources: distributions(base, t, through, minCell),
  };
}

async function publisherCtx(db: Db): Promise<Ctx | undefined> {
  const admin = await repo.platformAdmin(db);
  if (!admin) return undefined;
  const actor: Principal = {
    kind: 'user', userId: admin.id, email: `${PUBLISH_JOB} (für ${admin.email})`, name: 'Veröffentlichung der Nutzungszahlen', isPlatformAdmin: true,
    roles: new Map(), via: 'token', expiresAt: new Date(Date.now() + 3_600_000), scopes: new Set(['read', 'write']),
  };
  return { db, actor };
}

type Existing = NonNullable<Awaited<ReturnType<typeof repo.datasetByName>>>;
const day = (d: Date | null) => (d ? d.toISOString().slice(0, 10) : null);

/** Late deliveries can add figures for a month before the first one published: the temporal
 *  coverage then starts earlier. It only ever moves earlier, so a run never undoes another, and
 *  every other extra (also one the municipality set) is sent back unchanged — CKAN's patch
 *  replaces the extras as a whole. */
async function widenCoverage(ctx: Ctx, d: Existing, start: string): Promise<boolean> {
  const have = day(d.temporal_start);
  if (have && have <= start) return false;
  const columns = { temporal_start: start, temporal_end: day(d.temporal_end), issued: d.issued?.toISOString() ?? null, modified: d.modified?.toISOString() ?? null, frequency: d.frequency, hvd_category: d.hvd_category };
  const extras = [...Object.entries(columns).filter(([, v]) => v !== null), ...Object.entries(d.extras ?? {})].map(([key, value]) => ({ key, value }));
  await patchPackage(ctx, { id: d.id, extras });
  return true;
}

/** Creates or updates the dataset of every municipality with figures of a completed month
 *  (`through`: the last month covered, by default the last completed one). */
export async function publishDatasets(db: Db, config: Pick<Config, 'publicUrl' | 'analytics'>, through = lastCompleteMonth()): Promise<PublishResult> {
  const result: PublishResult = { created: [], updated: [], unchanged: [], skipped: [], through };
  const tenants = await repo.tenantsWithData(db, through);
  if (!tenants.length) return result;
  const ctx = await publisherCtx(db);
  if (!ctx) {
    result.skipped.push(...tenants.map((t) => ({ tenant: t.slug, reason: 'keine aktive Plattform-Administration, in deren Auftrag veröffentlicht werden kann' })));
    return result;
  }
  const base = config.publicUrl.replace(/\/+$/, ''); // as the catalogue's DCAT export builds its IRIs
  const failed: string[] = [];
  for (const t of tenants) {
    try {
      const existing = await repo.datasetByName(db, datasetName(t.slug));
      if (!existing) {
        await createPackage(ctx, datasetDict(base, t, through, config.analytics.minCell));
        result.created.push(t.slug);
        continue;
      }
      if (existing.state === 'deleted') {
        result.skipped.push({ tenant: t.slug, reason: 'von der Kommune gelöscht' });
        continue;
      }
      let changed = false;
      for (const want of distributions(base, t, through, config.analytics.minCell)) {
        const have = existing.resources.find((r) => r.format === want.format);
        if (!have) await createResource(ctx, { package_id: existing.id, ...want });
        else if (have.url !== want.url || have.description !== want.description) await updateResource(ctx, { id: have.id, ...want }, true);
        else continue;
        changed = true;
      }
      if (await widenCoverage(ctx, existing, `${t.first}-01`)) changed = true;
      (changed ? result.updated : result.unchanged).push(t.slug);
    } catch (err) {
      // One municipality's problem (e.g. its organisation was removed) must not stop the others.
      failed.push(`${t.slug}: ${err instanceof CkanValidation ? JSON.stringify(err.fields) : String(err)}`);
    }
  }
  if (failed.length) throw new Error(`Veröffentlichung fehlgeschlagen für ${failed.join('; ')}`);
  return result;
}

export function registerOpenDataJobs(jobs: JobRunner, { db, config }: { db: Db; config: Config }): void {
  jobs.register(PUBLISH_JOB, () => publishDatasets(db, config), { maxAttempts: 3, timeoutS: 600 });
  // Checked daily so that a completed month is published on the 1st (an interval of "a month"
  // would drift against the calendar); runs in between change nothing. A new schedule is due at
  // once, so a fresh installation (and `serve --demo`) publishes right after its first start.
  jobs.declareSchedule({ name: PUBLISH_JOB, type: PUBLISH_JOB, intervalSeconds: 86_400 });
}
