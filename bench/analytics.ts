// npm run bench -- analytics [seconds] [connections] [batch] [tenants] [services] [calls]
//   defaults:               15        10            100     100       300        50
// Service analytics, on a fresh database with stadtkern running as its own process (HTTP over
// loopback), in one run:
// 1. Seed: `tenants` bench municipalities/districts × `services` online services, counters for
//    three years (daily for the current month and the two before, the monthly rollup for 36
//    months; see fixtures/analytics-seed.ts).
// 2. Dashboard reads, `calls` sequential calls each, over HTTP with a staff token, each next to
//    the bare SQL doing the same aggregation in the same run: a service over a year, the overview
//    of all services (with the year before), a 36-month series, peers (cooperation, size class;
//    the first call protects and stores the 12 months of the open data's table, timed on its own),
//    open data of a municipality and of a service over 12 months.
//    A read whose p50 reaches 100 ms gets its SQL's plan printed (EXPLAIN ANALYZE).
// 3. Ingest: POST /api/v1/analytics/events, batches of `batch` varied events (form sessions:
//    view, start, steps, auth and payment with outcome, submitted, duration, feedback with some
//    comments; a dozen services, several days; ten sources of ten municipalities; unique batch ids)
//    at `connections` concurrent connections for `seconds` s after a 5 s warm-up: events/s (events
//    committed in the database during the run, per second) and the p50/p99 latency per batch.
// 4. The same form sessions stored one row per event, one event per HTTP request, at the same
//    concurrency:
//    - with UMAMI_DIR set: Umami itself (its /api/send, the way its tracker sends: one event per
//      request, the cache token of the first answer sent back by the same visitor; and its
//      /api/batch, `batch` events per request as a server-side forwarder would send them, each
//      with its visitor's IP and user agent). UMAMI_DIR is a Umami checkout built beforehand
//      (outside this project: its own install, `prisma generate` and `next build`); this bench
//      only starts it (.next/standalone/server.js, else `next start`) on loopback against the
//      same PostgreSQL, in a database of its own made from Umami's migration files in
//      UMAMI_DIR/prisma/migrations (or UMAMI_DATABASE_URL, an already migrated database), logs in
//      as its default admin (UMAMI_USER/UMAMI_PASSWORD, default admin/umami), creates a website,
//      and stops it and drops that database at the end. No Umami code is part of this project.
//    - always: fixtures/event-store.ts, a minimal Fastify + pg server storing one row per event
//      the way Umami's website_event/session/event_data do (same columns and indexes). Without a
//      running Umami this is the baseline, and the output says so.
//    The ratio ours/baseline in events/s is printed (target ≥ 10×).
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import autocannon from 'autocannon';
import { sql, type RawBuilder } from 'kysely';
import { newApiToken } from '../src/modules/core/identity/secrets.ts';
import { lastCompleteMonth, monthIndex, monthOf, monthRange, splitRange, type Range } from '../src/modules/analytics/metrics/periods.ts';
import { createDb } from '../src/server/db/connect.ts';
import { adminQuery, freshDatabase, urlFor } from '../test/helpers/db.ts';
import { rng, seedAnalyticsBench } from './fixtures/analytics-seed.ts';
import { startChild } from './lib.ts';

const num = (i: number, d: number) => (process.argv[i] !== undefined ? Number(process.argv[i]) : d);
const SECONDS = num(2, 15);
const CONNECTIONS = num(3, 10);
const BATCH = num(4, 100);
const TENANTS = num(5, 100);
const SERVICES = num(6, 300);
const CALLS = num(7, 50);
const WARMUP = 5;
const INGEST_TENANTS = Math.min(10, TENANTS);
const SLOW_MS = 100;
const t0 = performance.now();
const secs = (from: number) => ((performance.now() - from) / 1000).toFixed(0);
// Shared machines are noisy: the load average says how much else ran at the same time.
const load = () => `load average ${os.loadavg().map((l) => l.toFixed(1)).join(' ')} on ${os.cpus().length} CPUs`;

const fresh = await freshDatabase();
const db = fresh.db;
const children: { stop(): Promise<void> }[] = [];
let umamiDb: string | undefined;
async function cleanUp() {
  for (const ch of children.reverse()) await ch.stop().catch(() => undefined);
  children.length = 0;
  await fresh.drop().catch(() => undefined);
  if (umamiDb) await adminQuery(`DROP DATABASE IF EXISTS "${umamiDb}" WITH (FORCE)`).catch(() => undefined);
}
// Ctrl-C: Umami runs in a process group of its own, so it is stopped here (and the databases dropped).
for (const sig of ['SIGINT', 'SIGTERM'] as const) process.once(sig, () => void cleanUp().then(() => process.exit(130)));
try {
  const platform = await startChild('bench/fixtures/platform.ts', { ...process.env, DATABASE_URL: fresh.url, JOBS_ENABLED: 'false' });
  children.push(platform);
  const url = platform.info.url!;
  console.log(`analytics bench: ${SECONDS} s per load run, ${CONNECTIONS} connections, batches of ${BATCH}, ${TENANTS} tenants × ${SERVICES} services, ${CALLS} calls per read; ${load()}`);

  // ---------------------------------------------------------------- 1. seed
  const s0 = performance.now();
  const seed = await seedAnalyticsBench(db, { tenants: TENANTS, services: SERVICES });
  const seedS = secs(s0);
  const v0 = performance.now();
  await sql`VACUUM (ANALYZE) analytics_counters, analytics_counters_monthly`.execute(db);
  await sql`ANALYZE`.execute(db);
  // The seed wrote gigabytes of WAL: write it out now rather than during the measurements.
  await sql`CHECKPOINT`.execute(db);
  const size = (await sql<{ d: string; m: string }>`SELECT pg_size_pretty(pg_total_relation_size('analytics_counters')) AS d, pg_size_pretty(pg_total_relation_size('analytics_counters_monthly')) AS m`.execute(db)).rows[0]!;
  console.log(`seeded ${seed.rows.daily.toLocaleString('en')} daily counters (${seed.dailyFrom}…, ${size.d}) and ${seed.rows.monthly.toLocaleString('en')} monthly (${seed.monthlyFrom}…, ${size.m}) in ${seedS} s, vacuum + analyze ${secs(v0)} s`);

  // A member of staff: admin of the municipalities whose form platforms send events, viewer of the
  // largest bench municipality (whose dashboards are read).
  const readTenant = [...seed.tenants].filter((t) => t.type === 'municipality').sort((a, b) => b.population - a.population)[0]!;
  const ingestTenants = seed.tenants.slice(0, INGEST_TENANTS);
  const user = await db.insertInto('core_users').values({ email: 'bench@analytics.test', name: 'Bench', password_hash: null }).returning('id').executeTakeFirstOrThrow();
  const roles = new Map<string, 'admin' | 'viewer'>(ingestTenants.map((t) => [t.id, 'admin']));
  if (!roles.has(readTenant.id)) roles.set(readTenant.id, 'viewer');
  await db.insertInto('core_memberships').values([...roles].map(([tenant_id, role]) => ({ user_id: user.id, tenant_id, role }))).execute();
  const token = newApiToken();
  await db.insertInto('core_api_tokens').values({ user_id: user.id, name: 'bench', token_hash: token.hash, prefix: token.prefix, scopes: ['read', 'write', 'admin'], expires_at: new Date(Date.now() + 3 * 3_600_000) }).execute();
  const auth = { authorization: `Bearer ${token.token}` };
  // The bare SQL runs on new connections, like the platform's: a backend that ran the seed's big
  // statements stays ~3× slower on small queries afterwards.
  const bareDb = createDb(fresh.url, 5).db;
  children.push({ stop: () => bareDb.destroy() });

  // ---------------------------------------------------------------- 2. reads
  const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
  const addDays = (d: string, n: number) => new Date(Date.parse(`${d}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);
  const year: Range = { from: addDays(today, -364), to: today };
  const yearBefore: Range = { from: addDays(year.from, -365), to: addDays(year.from, -1) };
  const threeYears: Range = { from: seed.monthlyFrom, to: today };
  const key = seed.serviceKeys[0]!;
  const members = async (kind: 'cooperation' | 'size_class') => {
    const r = await fetch(`${url}/api/v1/tenants/${readTenant.slug}/analytics/services/${key}/peers?group=${kind}&from=${year.from}&to=${year.to}`, { headers: auth });
    const slugs = ((await r.json()) as { items: { tenant: string }[] }).items.map((i) => i.tenant);
    return (await db.selectFrom('core_tenants').select('id').where('slug', 'in', slugs).execute()).map((t) => t.id);
  };
  // The first call protects the months of the comparison over every municipality × service and
  // stores them (once per month; the job protects a month again after late events).
  const pr0 = performance.now();
  const coopIds = await members('cooperation');
  const protectS = ((performance.now() - pr0) / 1000).toFixed(1);
  const classIds = await members('size_class');
  const stored = (await sql<{ months: string; cells: string }>`SELECT count(DISTINCT month)::text AS months, count(*)::text AS cells FROM analytics_open_cells`.execute(db)).rows[0]!;
  console.log(`\nfirst peer comparison: protected and stored ${stored.months} months (${Number(stored.cells).toLocaleString('en')} published cells of ${TENANTS} × ${SERVICES}) in ${protectS} s`);
  const last = lastCompleteMonth();
  const peerMonths = monthRange(monthOf(monthIndex(last) - 11), last);

  /** The counters of a range as the metrics read them: whole months from the rollup, edge days from the days. */
  const counters = (f: { tenantIds: string[]; serviceKey?: string; metrics?: string[]; range: Range }, cols: RawBuilder<unknown>) => {
    const where = sql.join([
      sql`tenant_id = ANY(${f.tenantIds}::uuid[])`,
      ...(f.serviceKey ? [sql`service_key = ${f.serviceKey}`] : []),
      ...(f.metrics ? [sql`metric = ANY(${f.metrics}::text[])`] : []),
    ], sql` AND `);
    const split = splitRange(f.range);
    const parts = split.days.map((d) => sql`SELECT ${cols}, day AS at FROM analytics_counters WHERE ${where} AND day BETWEEN ${d.from}::date AND ${d.to}::date`);
    if (split.months) parts.push(sql`SELECT ${cols}, month AS at FROM analytics_counters_monthly WHERE ${where} AND month BETWEEN ${split.months.from}::date AND ${split.months.to}::date`);
    return sql.join(parts, sql` UNION ALL `);
  };
  const c = sql`tenant_id, service_key, form_version, metric, dimension, count`;
  const OVERVIEW = ['view', 'start', 'submitted', 'rating', 'error'];
  const q = (r: Range) => `from=${r.from}&to=${r.to}`;
  const base = `/api/v1/tenants/${readTenant.slug}/analytics/services`;
  const reads: { name: string; path: string; bare: { what: string; sql: RawBuilder<unknown> }[] }[] = [
    {
      name: 'one service, a year (funnel, versions, methods, ratings…)', path: `${base}/${key}?${q(year)}`,
      bare: [{ what: 'sums per form version, metric, dimension', sql: sql`SELECT form_version, metric, dimension, sum(count) FROM (${counters({ tenantIds: [readTenant.id], serviceKey: key, range: year }, c)}) x GROUP BY 1, 2, 3` }],
    },
    {
      name: `overview: all ${SERVICES} services, a year and the year before`, path: `${base}?${q(year)}`,
      bare: [year, yearBefore].map((r) => ({ what: `sums per service, metric, dimension (${r.from}…${r.to})`, sql: sql`SELECT service_key, metric, dimension, sum(count) FROM (${counters({ tenantIds: [readTenant.id], metrics: OVERVIEW, range: r }, c)}) x GROUP BY 1, 2, 3` })),
    },
    {
      name: 'series: submitted per month, 36 months', path: `${base}/${key}/series?metric=submitted&interval=month&${q(threeYears)}`,
      bare: [{ what: 'sums per month', sql: sql`SELECT date_trunc('month', at), sum(count) FROM (${counters({ tenantIds: [readTenant.id], serviceKey: key, metrics: ['submitted'], range: threeYears }, c)}) x GROUP BY 1` }],
    },
    ...([['cooperation', coopIds], ['size_class', classIds]] as const).map(([group, ids]) => ({
      name: `peers: ${group === 'cooperation' ? 'cooperation' : 'size class'} (${ids.length} members), 12 completed months`, path: `${base}/${key}/peers?group=${group}&${q(year)}`,
      bare: [
        { what: 'own sums', sql: sql`SELECT metric, dimension, sum(count) FROM (${counters({ tenantIds: [readTenant.id], serviceKey: key, metrics: ['start', 'submitted', 'rating'], range: peerMonths }, c)}) x GROUP BY 1, 2` },
        { what: 'the others\' stored cells', sql: sql`SELECT tenant_id, month, starts, submissions, r1, r2, r3, r4, r5 FROM analytics_open_cells WHERE service_key = ${key} AND level = 'zelle' AND month BETWEEN ${peerMonths.from}::date AND ${peerMonths.to}::date AND tenant_id = ANY(${ids.filter((id) => id !== readTenant.id)}::uuid[])` },
      ],
    })),
    {
      name: 'open data: one municipality, 12 months (JSON)', path: `/api/v1/analytics/open-data/monthly.json?tenant=${readTenant.slug}&from=${monthOf(monthIndex(last) - 11)}&to=${last}`,
      bare: [{ what: 'its stored cells', sql: sql`SELECT * FROM analytics_open_cells WHERE tenant_id = ${readTenant.id} AND level IN ('zelle', 'summe_kommune') AND month BETWEEN ${peerMonths.from}::date AND ${peerMonths.to}::date ORDER BY month, position` }],
    },
    {
      name: `open data: one service, all ${TENANTS} municipalities, 12 months (CSV)`, path: `/api/v1/analytics/open-data/monthly.csv?service_key=${key}&from=${monthOf(monthIndex(last) - 11)}&to=${last}`,
      bare: [{ what: 'its stored cells', sql: sql`SELECT * FROM analytics_open_cells WHERE service_key = ${key} AND level IN ('zelle', 'summe_leistung') AND month BETWEEN ${peerMonths.from}::date AND ${peerMonths.to}::date ORDER BY month, position` }],
    },
  ];
  const stats = (xs: number[]) => {
    xs.sort((a, b) => a - b);
    return { p50: xs[Math.floor(xs.length / 2)]!, p99: xs[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))]! };
  };
  /** Both `calls` times, alternating (so that both see the same machine), after 3 warm-up calls each. */
  async function timed(a: () => Promise<unknown>, b: () => Promise<unknown>) {
    for (let i = 0; i < 3; i++) await Promise.all([a(), b()]);
    const xs: number[] = [];
    const ys: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      for (const [fn, out] of [[a, xs], [b, ys]] as const) {
        const s = performance.now();
        await fn();
        out.push(performance.now() - s);
      }
    }
    return [stats(xs), stats(ys)] as const;
  }
  const get = async (p: string) => {
    const r = await fetch(`${url}${p}`, { headers: auth });
    const body = await r.text();
    if (r.status !== 200) throw new Error(`${p}: ${r.status} ${body}`);
    return body;
  };
  const r0 = performance.now();
  console.log(`\nReads of ${readTenant.slug} (${readTenant.population.toLocaleString('en')} inhabitants), service ${key} (the busiest), year ${year.from}…${year.to}`);
  console.log(`| read (${CALLS} sequential calls) | HTTP p50 ms | HTTP p99 ms | bare SQL p50 ms | bare SQL p99 ms | response |`);
  console.log('|---|---:|---:|---:|---:|---:|');
  const slow: typeof reads = [];
  for (const r of reads) {
    const bytes = (await get(r.path)).length;
    const [a, b] = await timed(() => get(r.path), () => Promise.all(r.bare.map((x) => x.sql.execute(bareDb))));
    console.log(`| ${r.name} | ${a.p50.toFixed(1)} | ${a.p99.toFixed(1)} | ${b.p50.toFixed(1)} | ${b.p99.toFixed(1)} | ${(bytes / 1024).toFixed(1)} KB |`);
    if (a.p50 >= SLOW_MS || b.p50 >= SLOW_MS) slow.push(r);
  }
  for (const r of slow) {
    for (const x of r.bare) {
      const plan = (await sql<{ 'QUERY PLAN': string }>`EXPLAIN (ANALYZE, BUFFERS) ${x.sql}`.execute(bareDb)).rows.map((p) => p['QUERY PLAN']);
      console.log(`\nslow (p50 ≥ ${SLOW_MS} ms): ${r.name} — ${x.what}:\n${plan.map((l) => `    ${l}`).join('\n')}`);
    }
  }
  console.log(`(reads took ${secs(r0)} s)`);

  // The whole published table of the year as one CSV download (streamed through a cursor), 3 times.
  {
    const path = `/api/v1/analytics/open-data/monthly.csv?from=${monthOf(monthIndex(last) - 11)}&to=${last}`;
    const runs: { ms: number; bytes: number; lines: number }[] = [];
    for (let i = 0; i < 3; i++) {
      const s = performance.now();
      const body = await get(path);
      runs.push({ ms: performance.now() - s, bytes: Buffer.byteLength(body), lines: body.split('\n').length - 2 });
    }
    const mid = runs.sort((a, b) => a.ms - b.ms)[1]!;
    const copyMs = await (async () => {
      const s = performance.now();
      await sql`SELECT * FROM analytics_open_cells WHERE month BETWEEN ${peerMonths.from}::date AND ${peerMonths.to}::date ORDER BY month, position`.execute(bareDb);
      return performance.now() - s;
    })();
    console.log(`open data CSV, all ${TENANTS} municipalities × 12 months: ${mid.lines.toLocaleString('en')} rows, ${(mid.bytes / 1e6).toFixed(1)} MB in ${mid.ms.toFixed(0)} ms (median of 3) = ${(mid.bytes / 1e6 / (mid.ms / 1000)).toFixed(1)} MB/s; bare SELECT of the same rows ${copyMs.toFixed(0)} ms`);
  }

  // ---------------------------------------------------------------- 3. ingest
  // Form sessions: what a form platform reports about one person filling in one online service.
  type Ev = { type: string; step?: number; method?: string; outcome?: string; bucket?: string; rating?: number; comment?: string };
  type Visit = { rank: number; day: string; device: string; ua: string; ip: string; events: Ev[] };
  const rand = rng(7);
  const pick = <T>(xs: readonly T[], ws?: readonly number[]) => {
    if (!ws) return xs[Math.floor(rand() * xs.length)]!;
    let r = rand() * ws.reduce((a, b) => a + b, 0);
    for (let i = 0; i < xs.length; i++) if ((r -= ws[i]!) < 0) return xs[i]!;
    return xs[xs.length - 1]!;
  };
  const UAS = [
    ['desktop', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36'],
    ['desktop', 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0'],
    ['desktop', 'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15'],
    ['mobile', 'Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1'],
    ['mobile', 'Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Mobile Safari/537.36'],
    ['tablet', 'Mozilla/5.0 (iPad; CPU OS 18_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Mobile/15E148 Safari/604.1'],
  ] as const;
  const COMMENTS = ['Ging schnell, danke!', 'Schritt 3 war unklar formuliert.', 'Der Upload des Nachweises hat erst beim zweiten Mal geklappt. Rückruf gern unter 0641 123456', 'Online-Ausweis hat super funktioniert.', 'Bitte auch Zahlung per Rechnung anbieten.'];
  const visit = (day: string): Visit => {
    // A dozen services of the municipality, the busy ones more often.
    const rank = pick([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], [30, 18, 12, 9, 7, 6, 5, 4, 3, 3, 2, 1]);
    const [device, ua] = pick(UAS, [30, 15, 10, 25, 15, 5]);
    const events: Ev[] = [{ type: 'view' }];
    if (rand() < 0.55) {
      events.push({ type: 'start' });
      let done = true;
      for (let s = 1; s <= 4; s++) {
        events.push({ type: 'step', step: s });
        if (s === 2) {
          const method = pick(['bundid_password', 'eid', 'elster_certificate'], [6, 3, 1]);
          const outcome = pick(['success', 'failure', 'abort'], [85, 10, 5]);
          events.push({ type: 'auth', method, outcome });
          if (outcome === 'failure' && rand() < 0.6) events.push({ type: 'auth', method, outcome: 'success' });
          else if (outcome !== 'success') { done = false; break; }
        }
        if (s === 4 && rank % 3 === 0) {
          const outcome = pick(['success', 'failure', 'abort'], [90, 6, 4]);
          events.push({ type: 'payment', method: pick(['paypal', 'card', 'sepa_direct_debit', 'invoice'], [4, 3, 2, 1]), outcome });
          if (outcome !== 'success') { done = false; break; }
        }
        if (rand() < 0.1) { done = false; break; }
      }
      if (done) {
        events.push({ type: 'submitted' }, { type: 'duration', bucket: pick(['<1m', '1-5m', '5-15m', '15-60m', '>60m'], [2, 30, 45, 18, 5]) });
        if (rand() < 0.2) events.push({ type: 'feedback', rating: pick([1, 2, 3, 4, 5], [5, 5, 12, 30, 48]), ...(rand() < 0.3 ? { comment: pick(COMMENTS) } : {}) });
      }
    }
    return { rank, day, device, ua, ip: `10.${Math.floor(rand() * 250)}.${Math.floor(rand() * 250)}.${1 + Math.floor(rand() * 250)}`, events };
  };
  const deliveryDay = () => addDays(today, -(1 + Math.floor(rand() * 60)));

  // Ten sources, one per municipality, registered through the API as an admin would.
  const sources: { ars: string; key: string }[] = [];
  for (const t of ingestTenants) {
    const r = await fetch(`${url}/api/v1/tenants/${t.slug}/analytics/sources`, { method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: JSON.stringify({ name: 'Formularserver', platform: 'bench' }) });
    if (r.status !== 201) throw new Error(`source for ${t.slug}: ${r.status} ${await r.text()}`);
    sources.push({ ars: t.ars, key: ((await r.json()) as { key: string }).key });
  }
  // Batches: the form sessions of one municipality of one day (a fifth of them from the day
  // before), cut at `batch` events; 40 different ones per source, sent round robin with new ids.
  const toConnector = (ars: string, v: Visit, e: Ev) => ({
    type: e.type, ars, service_key: seed.serviceKeys[v.rank - 1], online_service: `Onlinedienst ${v.rank}`, form_version: '2', day: v.day,
    ...(e.type === 'view' ? { channel: 'web', device: v.device } : {}),
    ...(e.step !== undefined ? { step: e.step } : {}), ...(e.method ? { method: e.method, outcome: e.outcome } : {}),
    ...(e.bucket ? { bucket: e.bucket } : {}), ...(e.rating ? { rating: e.rating } : {}), ...(e.comment ? { comment: e.comment } : {}),
  });
  const pool: { key: string; events: string }[] = [];
  const mix = new Map<string, number>();
  for (let i = 0; i < 40; i++) {
    for (const s of sources) {
      const d = deliveryDay();
      const evs: ReturnType<typeof toConnector>[] = [];
      while (evs.length < BATCH) {
        const v = visit(rand() < 0.2 ? addDays(d, -1) : d);
        for (const e of v.events) if (evs.length < BATCH) evs.push(toConnector(s.ars, v, e));
      }
      for (const e of evs) mix.set(e.type, (mix.get(e.type) ?? 0) + 1);
      pool.push({ key: s.key, events: JSON.stringify(evs) });
    }
  }
  const total = [...mix.values()].reduce((a, b) => a + b, 0);
  console.log(`\nIngest: event mix ${[...mix].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${((100 * n) / total).toFixed(0)} %`).join(', ')}`);
  const runId = randomBytes(4).toString('hex');
  let seq = 0;
  type Load = { name: string; rps: number; evps: number; p50: number; p99: number; ok: number; bad: number; stored: number };
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  /** The count once requests still running after a load run have finished (it stops growing). */
  const settle = async (count: () => Promise<number>) => {
    let prev = await count();
    for (let i = 0; i < 120; i++) {
      await sleep(500);
      const n = await count();
      if (n === prev) return n;
      prev = n;
    }
    return prev;
  };
  /** Events/s = events committed during the run (the database's count before and right after) / its duration. */
  const measured = async (name: string, count: () => Promise<number>, run: () => Promise<autocannon.Result>): Promise<Load> => {
    const before = await settle(count);
    const r = await run();
    const after = await count();
    await settle(count);
    return { name, rps: r['2xx'] / r.duration, evps: (after - before) / r.duration, p50: r.latency.p50, p99: r.latency.p99, ok: r['2xx'], bad: r.non2xx + r.errors + r.timeouts, stored: after - before };
  };
  const ingest = (seconds: number) =>
    autocannon({
      url: `${url}/api/v1/analytics/events`, duration: seconds, connections: CONNECTIONS, pipelining: 1,
      requests: [{
        method: 'POST',
        setupRequest: (req) => {
          const b = pool[seq % pool.length]!;
          const body = `{"batch_id":"bench-${runId}-${seq++}","events":${b.events}}`;
          return { ...req, headers: { 'content-type': 'application/json', 'x-analytics-key': b.key }, body };
        },
      }],
    });
  const batchEvents = async () => Number((await sql<{ e: string }>`SELECT coalesce(sum(events), 0)::text AS e FROM analytics_batches`.execute(db)).rows[0]!.e);
  await ingest(WARMUP);
  const ours = await measured(`stadtkern POST /api/v1/analytics/events (${BATCH} events per batch, folded into counters)`, batchEvents, () => ingest(SECONDS));
  const claimed = (await sql<{ n: string; e: string }>`SELECT count(*)::text AS n, coalesce(sum(events), 0)::text AS e FROM analytics_batches`.execute(db)).rows[0]!;
  const [batches, events] = [Number(claimed.n), Number(claimed.e)];
  if (events !== batches * BATCH) console.log(`!! ${batches} batches with ${events} events stored`);

  // ---------------------------------------------------------------- 4. row-per-event
  // The same form sessions as a browser tracker sends them: one request per event, the visitor's
  // IP and user agent; after the first answer the visitor sends its cache token back.
  const umamiPayload = (website: string, v: Visit, e: Ev, withClient: boolean) => {
    const svc = seed.serviceKeys[v.rank - 1];
    const data: Record<string, string | number> = { service: svc!, ...(e.step !== undefined ? { step: e.step } : {}), ...(e.method ? { method: e.method, outcome: e.outcome! } : {}), ...(e.bucket ? { bucket: e.bucket } : {}), ...(e.rating ? { rating: e.rating } : {}), ...(e.comment ? { comment: e.comment } : {}) };
    return {
      type: 'event',
      payload: {
        website, hostname: 'dienste.example.de', language: 'de-DE', screen: v.device === 'desktop' ? '1920x1080' : '390x844',
        url: `/leistungen/${svc}/antrag${e.step ? `?schritt=${e.step}` : ''}`, title: `Onlinedienst ${v.rank}`, referrer: 'https://www.example-stadt.de/buergerservice',
        ...(e.type === 'view' ? {} : { name: e.type, data }),
        ...(withClient ? { ip: v.ip, userAgent: v.ua } : {}),
      },
    };
  };
  const rowLoad = (target: string, website: string, seconds: number) => {
    const MAX = 16;
    const requests = Array.from({ length: MAX }, (_, i) => ({
      method: 'POST' as const,
      path: '/api/send',
      setupRequest: (req: Record<string, unknown>, ctx: Record<string, unknown>) => {
        if (i === 0) ctx.visit = visit(deliveryDay());
        const v = ctx.visit as Visit;
        if (i >= v.events.length) return null; // the next visitor
        const headers: Record<string, string> = { 'content-type': 'application/json', 'user-agent': v.ua, 'x-forwarded-for': v.ip };
        if (typeof ctx.cache === 'string') headers['x-umami-cache'] = ctx.cache;
        return { ...req, headers, body: JSON.stringify(umamiPayload(website, v, v.events[i]!, false)) };
      },
      onResponse: (status: number, body: string, ctx: Record<string, unknown>) => {
        if (status === 200) {
          try {
            ctx.cache = (JSON.parse(body) as { cache?: string }).cache;
          } catch { /* keep none */ }
        }
      },
    }));
    return autocannon({ url: target, duration: seconds, connections: CONNECTIONS, pipelining: 1, requests: requests as never });
  };
  // Umami's /api/batch: `batch` events per request, each with its visitor's IP and user agent (a
  // server-side forwarder has no cache tokens).
  const umamiBatch = (target: string, website: string, seconds: number) => {
    const batches: string[] = [];
    for (let i = 0; i < 200; i++) {
      const items: unknown[] = [];
      while (items.length < BATCH) {
        const v = visit(deliveryDay());
        for (const e of v.events) if (items.length < BATCH) items.push(umamiPayload(website, v, e, true));
      }
      batches.push(JSON.stringify(items));
    }
    let n = 0;
    return autocannon({
      url: `${target}/api/batch`, duration: seconds, connections: CONNECTIONS, pipelining: 1, timeout: 60,
      requests: [{ method: 'POST', setupRequest: (req) => ({ ...req, headers: { 'content-type': 'application/json', 'user-agent': UAS[0][1] }, body: batches[n++ % batches.length]! }) }],
    });
  };

  const loads: Load[] = [ours];
  let baseline: Load;
  let baselineWhy: string;
  const umamiDir = process.env.UMAMI_DIR;
  const umami = umamiDir ? await startUmami(umamiDir).catch((e: Error) => {
    console.log(`Umami in UMAMI_DIR=${umamiDir} did not start (${e.message}); the baseline is the row-per-event store`);
    return undefined;
  }) : undefined;
  if (umami) {
    children.push(umami);
    await rowLoad(umami.url, umami.websiteId, WARMUP);
    const send = await measured(`Umami ${umami.version} POST /api/send (1 event per request, tracker-style cache token)`, umami.count, () => rowLoad(umami.url, umami.websiteId, SECONDS));
    const batch = await measured(`Umami ${umami.version} POST /api/batch (${BATCH} events per request)`, umami.count, () => umamiBatch(umami.url, umami.websiteId, SECONDS));
    loads.push(send, batch);
    await umami.stop();
    baseline = send;
    baselineWhy = `Umami ${umami.version} itself (UMAMI_DIR=${umamiDir}), its /api/send`;
  }
  const store = await startChild('bench/fixtures/event-store.ts', { ...process.env, DATABASE_URL: fresh.url });
  children.push(store);
  await rowLoad(store.info.url!, store.info.websiteId!, WARMUP);
  const storeEvents = async () => Number((await sql<{ n: string }>`SELECT count(*)::text AS n FROM ev_website_event`.execute(db)).rows[0]!.n);
  const rows = await measured('row-per-event store: Fastify + pg, Umami\'s tables and indexes, 1 event per request', storeEvents, () => rowLoad(store.info.url!, store.info.websiteId!, SECONDS));
  loads.push(rows);
  await store.stop();
  if (!umami) {
    baseline = rows;
    baselineWhy = umamiDir ? 'the row-per-event store (Umami did not start)' : 'the row-per-event store (UMAMI_DIR not set, so no Umami)';
  }

  console.log(`\n| ${SECONDS} s, ${CONNECTIONS} connections, loopback | requests/s | events/s | p50 ms per request | p99 ms per request | 2xx | failed | events stored in the run | events/s vs. baseline |`);
  console.log('|---|---:|---:|---:|---:|---:|---:|---:|---:|');
  for (const l of loads) {
    console.log(`| ${l.name} | ${l.rps.toFixed(1)} | ${Math.round(l.evps).toLocaleString('en')} | ${l.p50} | ${l.p99} | ${l.ok} | ${l.bad} | ${l.stored.toLocaleString('en')} | ${(l.evps / baseline!.evps).toFixed(2)}× |`);
  }
  console.log(`\nbaseline: ${baselineWhy!}`);
  console.log(`ours / baseline events/s: ${(ours.evps / baseline!.evps).toFixed(1)}× (target ≥ 10×)`);
  if (umami) console.log(`ours / row-per-event store events/s: ${(ours.evps / rows.evps).toFixed(1)}×`);
  console.log(`\ntotal ${secs(t0)} s; ${load()}`);
} finally {
  await cleanUp();
}

/** Starts a pre-built Umami from `dir` on loopback; see the header. */
async function startUmami(dir: string) {
  const version = (JSON.parse(readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version;
  let dbUrl = process.env.UMAMI_DATABASE_URL;
  if (!dbUrl) {
    umamiDb = `stadtkern_umami_${randomBytes(4).toString('hex')}`;
    await adminQuery(`CREATE DATABASE "${umamiDb}"`);
    dbUrl = urlFor(umamiDb);
    const pgc = new (await import('pg')).default.Client({ connectionString: dbUrl });
    await pgc.connect();
    try {
      const dirs = path.join(dir, 'prisma', 'migrations');
      for (const m of readdirSync(dirs).filter((d) => existsSync(path.join(dirs, d, 'migration.sql'))).sort()) await pgc.query(readFileSync(path.join(dirs, m, 'migration.sql'), 'utf8'));
    } finally {
      await pgc.end();
    }
  }
  const port = await new Promise<number>((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const p = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(p));
    });
  });
  const standalone = path.join(dir, '.next', 'standalone', 'server.js');
  const args = existsSync(standalone) ? [standalone] : [path.join(dir, 'node_modules', 'next', 'dist', 'bin', 'next'), 'start', '-H', '127.0.0.1', '-p', String(port)];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: dir, detached: true, stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH, NODE_ENV: 'production', DATABASE_URL: dbUrl, APP_SECRET: randomBytes(16).toString('hex'), HOSTNAME: '127.0.0.1', PORT: String(port), DISABLE_TELEMETRY: '1', NEXT_TELEMETRY_DISABLED: '1' },
  });
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => { stderr = (stderr + d.toString()).slice(-2000); });
  const stop = () => new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    child.once('exit', () => resolve());
    try {
      process.kill(-child.pid!, 'SIGTERM');
    } catch {
      resolve();
    }
  });
  const target = `http://127.0.0.1:${port}`;
  try {
    const until = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`exited with ${child.exitCode}: ${stderr.trim()}`);
      if (Date.now() > until) throw new Error('no answer at /api/heartbeat within 60 s');
      if (await fetch(`${target}/api/heartbeat`).then((r) => r.ok, () => false)) break;
      await new Promise((r) => setTimeout(r, 300));
    }
    const login = await fetch(`${target}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: process.env.UMAMI_USER ?? 'admin', password: process.env.UMAMI_PASSWORD ?? 'umami' }) });
    if (!login.ok) throw new Error(`login: ${login.status} ${await login.text()}`);
    const { token: t } = (await login.json()) as { token: string };
    const site = await fetch(`${target}/api/websites`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${t}` }, body: JSON.stringify({ name: 'stadtkern bench', domain: 'dienste.example.de' }) });
    if (!site.ok) throw new Error(`website: ${site.status} ${await site.text()}`);
    const websiteId = ((await site.json()) as { id: string }).id;
    const pgc = new (await import('pg')).default.Pool({ connectionString: dbUrl, max: 1 });
    const count = async () => Number((await pgc.query('SELECT count(*) AS n FROM website_event WHERE website_id = $1', [websiteId])).rows[0].n);
    let stopped = false;
    return {
      url: target, version, websiteId, count,
      stop: async () => {
        if (stopped) return;
        stopped = true;
        await stop();
        await pgc.end();
      },
    };
  } catch (e) {
    await stop();
    throw e;
  }
}
