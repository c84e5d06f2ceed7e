// Demo data of the analytics: a year of usage figures of twelve online services in the nine
// demo cities, as a form platform would have sent them — daily for the last five weeks, weekly
// (on Mondays) for the nine weeks before, and one delivery a month (on the 15th) before that; form version 2 (two months old) loses fewer
// applicants. Offline counts for Gießen and Marburg give a digital share; Gießen's editor owns
// Gießen's services and sees a few (scrubbed) comments. Deterministic (setseed), so screenshots
// and the open-data export do not change from run to run. The service keys are demo keys in the
// LeiKa format, not official ones.
import { sql } from 'kysely';
import type { Db } from '../../server/db/connect.ts';
import { scrubComment } from './feedback/scrub.ts';

const SERVICES: [key: string, name: string, perThousandAndDay: number, paid: boolean][] = [
  ['99102013000000', 'Bewohnerparkausweis beantragen', 0.30, true],
  ['99115001001000', 'Wohnsitz anmelden', 0.55, false],
  ['99115005000000', 'Meldebescheinigung ausstellen', 0.40, true],
  ['99107017000000', 'Hund zur Hundesteuer anmelden', 0.08, false],
  ['99050012104000', 'Gewerbe anmelden', 0.12, true],
  ['99137005000000', 'Sperrmüllabholung bestellen', 0.35, false],
  ['99035003000000', 'Geburtsurkunde beantragen', 0.10, true],
  ['99121001000000', 'Wohngeld beantragen', 0.09, false],
  ['99002011000000', 'Kita-Platz vormerken', 0.07, false],
  ['99116013000000', 'Sondernutzung öffentlicher Straßen beantragen', 0.03, true],
  ['99065004000000', 'Baumfällung genehmigen lassen', 0.02, true],
  ['99037003000000', 'Briefwahlunterlagen anfordern', 0.20, false],
];
const CITIES = ['frankfurt', 'wiesbaden', 'darmstadt', 'offenbach', 'marburg', 'giessen', 'limburg', 'fulda', 'wetzlar'];

// metric, dimension, share of the base (views for view*, starts for the rest), paid services only, factor in form version 2
const METRICS: [string, string, number, boolean, number][] = [
  ['view', '', 1, false, 1], ['view.device', 'desktop', 0.55, false, 1], ['view.device', 'mobile', 0.4, false, 1], ['view.device', 'tablet', 0.05, false, 1],
  ['start', '', 1, false, 1], ['step', '1', 1, false, 1], ['step', '2', 0.82, false, 1.1], ['step', '3', 0.68, false, 1.22], ['step', '4', 0.6, false, 1.28],
  ['submitted', '', 0.5, false, 1.42],
  ['auth', 'eid:success', 0.22, false, 1], ['auth', 'eid:failure', 0.06, false, 0.5], ['auth', 'bundid_password:success', 0.48, false, 1],
  ['auth', 'bundid_password:abort', 0.07, false, 1], ['auth', 'elster_certificate:success', 0.05, false, 1],
  ['payment', 'paypal:success', 0.2, true, 1.3], ['payment', 'card:success', 0.15, true, 1.3], ['payment', 'sepa_direct_debit:success', 0.1, true, 1.3], ['payment', 'paypal:failure', 0.03, true, 0.6],
  ['error', 'validation', 0.12, false, 0.6], ['error', 'technical', 0.02, false, 1], ['error', 'upload', 0.03, false, 0.7],
  ['duration', '1-5m', 0.15, false, 1.5], ['duration', '5-15m', 0.25, false, 1.4], ['duration', '15-60m', 0.1, false, 1.2],
  ['rating', '1', 0.006, false, 0.5], ['rating', '2', 0.008, false, 0.6], ['rating', '3', 0.02, false, 1], ['rating', '4', 0.04, false, 1.3], ['rating', '5', 0.05, false, 1.6],
];
const COMMENTS = [
  [2, 'Beim Hochladen des Fahrzeugscheins kam dreimal ein Fehler. Bitte rufen Sie mich an: 0641 306-1234'],
  [5, 'Ging schnell, in 5 Minuten erledigt. Danke!'],
  [3, 'Die Anmeldung mit dem Online-Ausweis hat erst beim zweiten Versuch geklappt.'],
  [1, 'Bezahlung mit PayPal ging nicht, bitte Rückmeldung an jana.k@example.de'],
  [4, 'Gut, aber Schritt 3 ist unklar formuliert.'],
] as const;

export async function seedAnalyticsDemo(db: Db, log: (m: string) => void): Promise<void> {
  if (await db.selectFrom('analytics_counters').select('tenant_id').limit(1).executeTakeFirst()) return;
  await db.transaction().execute(async (trx) => {
    await sql`SELECT setseed(0.2026)`.execute(trx);
    const svc = sql.join(SERVICES.map(([k, n, r, p]) => sql`(${k}, ${n}, ${r}::float8, ${p}::boolean)`));
    const met = sql.join(METRICS.map(([m, d, s, p, v2]) => sql`(${m}, ${d}, ${s}::float8, ${p}::boolean, ${v2}::float8)`));
    await sql`
      WITH svc(service_key, name, rate, paid) AS (VALUES ${svc}),
           met(metric, dimension, share, paid_only, v2) AS (VALUES ${met}),
           days(day, weight) AS (
             SELECT d::date, 1 FROM generate_series(current_date - 35, current_date - 1, interval '1 day') d
             UNION ALL SELECT d::date, 7 FROM generate_series(date_trunc('week', current_date - 35) - interval '9 weeks', date_trunc('week', current_date - 35) - interval '1 week', interval '1 week') d
             UNION ALL SELECT (date_trunc('month', current_date) - make_interval(months => m) + interval '14 days')::date, 30 FROM generate_series(3, 12) m
              WHERE date_trunc('month', current_date) - make_interval(months => m) + interval '14 days' < date_trunc('week', current_date - 35) - interval '9 weeks'),
           base AS (
             SELECT t.id AS tenant_id, s.service_key, s.name AS online_service, s.paid, d.day,
                    CASE WHEN d.day >= current_date - 60 THEN '2' ELSE '1' END AS form_version,
                    t.population / 1000.0 * s.rate * d.weight * CASE WHEN extract(isodow FROM d.day) >= 6 AND d.weight = 1 THEN 0.35 ELSE 1 END * (0.8 + random() * 0.4) AS views
               FROM core_tenants t CROSS JOIN svc s CROSS JOIN days d
              WHERE t.slug = ANY(${CITIES}::text[]) AND d.day < current_date)
      INSERT INTO analytics_counters (tenant_id, service_key, online_service, form_version, day, metric, dimension, count)
      SELECT tenant_id, service_key, online_service, form_version, day, metric, dimension, n FROM (
        SELECT b.tenant_id, b.service_key, b.online_service, b.form_version, b.day, m.metric, m.dimension,
               round(b.views * CASE WHEN m.metric LIKE 'view%' THEN 1 ELSE 0.45 END * m.share * CASE WHEN b.form_version = '2' THEN m.v2 ELSE 1 END * (0.9 + random() * 0.2))::bigint AS n
          FROM base b JOIN met m ON b.paid OR NOT m.paid_only) x
       WHERE n > 0`.execute(trx);
    await sql`
      INSERT INTO analytics_counters_monthly
      SELECT tenant_id, service_key, online_service, form_version, date_trunc('month', day)::date, metric, dimension, sum(count)
        FROM analytics_counters GROUP BY 1, 2, 3, 4, 5, 6, 7`.execute(trx);
    const tenants = await trx.selectFrom('core_tenants').select(['id', 'slug']).where('slug', 'in', CITIES).execute();
    await trx.insertInto('analytics_services').values(tenants.flatMap((t) => SERVICES.map(([service_key, name]) => ({ tenant_id: t.id, service_key, name })))).execute();
    // Offline: counter and post, about as many as online two years ago, fewer now.
    await sql`
      INSERT INTO analytics_offline_counts (tenant_id, service_key, month, channel, count)
      SELECT m.tenant_id, m.service_key, m.month, c.channel, greatest(0, round(m.count * c.share))::int
        FROM analytics_counters_monthly m JOIN core_tenants t ON t.id = m.tenant_id
        CROSS JOIN (VALUES ('counter', 0.55), ('post', 0.15), ('email', 0.08)) c(channel, share)
       WHERE t.slug IN ('giessen', 'marburg') AND m.metric = 'submitted' AND (m.form_version = '1' OR c.share > 0.1)
      ON CONFLICT DO NOTHING`.execute(trx);
    const giessen = tenants.find((t) => t.slug === 'giessen')!;
    const editor = await trx.selectFrom('core_users').select('id').where('email', '=', 'redaktion@giessen.example').executeTakeFirst();
    if (editor) await trx.insertInto('analytics_service_owners').values(SERVICES.map(([service_key]) => ({ tenant_id: giessen.id, service_key, user_id: editor.id }))).execute();
    await trx.insertInto('analytics_comments').values(COMMENTS.map(([rating, text], i) => ({
      tenant_id: giessen.id, service_key: SERVICES[0]![0], online_service: SERVICES[0]![1], form_version: '2',
      day: new Date(Date.now() - (i + 1) * 3 * 86_400_000).toISOString().slice(0, 10), rating, comment: scrubComment(text),
    }))).execute();
  });
  const n = await sql<{ n: string }>`SELECT count(*)::text AS n FROM analytics_counters`.execute(db);
  log(`analytics: ${n.rows[0]!.n} daily counters of ${SERVICES.length} online services in ${CITIES.length} cities`);
}
