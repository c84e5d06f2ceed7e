// npm run bench -- requests [requests] [seconds] [connections]
// Seeds 1,000,000 citizen requests (default) over 10 municipalities with histories (created, in
// progress, resolved; deadlines), then measures on a running stadtkern (its own process, HTTP over
// loopback): the staff inbox (one department, due soonest, page of 50) and the public
// Serviceversprechen figures, each next to the bare SQL doing the same in the same run; deadline
// computations per second next to a minute-stepping baseline; and POST /open311/v2/requests.json
// throughput at a fixed concurrency next to a bare Fastify hello-world.
import autocannon from 'autocannon';
import { sql } from 'kysely';
import { newApiToken } from '../src/modules/core/identity/secrets.ts';
import { recompute } from '../src/modules/requests/deadlines/recompute.ts';
import { tenantCalendar } from '../src/modules/requests/deadlines/calendar-store.ts';
import { businessTimeBetween } from '../src/modules/requests/sla/business-time.ts';
import { computeDeadlines } from '../src/modules/requests/sla/deadlines.ts';
import { parsePolicy } from '../src/modules/requests/sla/policy.ts';
import { freshDatabase } from '../test/helpers/db.ts';
import { load, startChild } from './lib.ts';

const N = Number(process.argv[2] ?? 1_000_000);
const SECONDS = Number(process.argv[3] ?? 10);
const CONNECTIONS = Number(process.argv[4] ?? 10);
const CALLS = 50;

const fresh = await freshDatabase();
const db = fresh.db;
const hello = await startChild('bench/fixtures/hello.ts');
const platform = await startChild('bench/fixtures/platform.ts', { ...process.env, DATABASE_URL: fresh.url, JOBS_ENABLED: 'false' });
const url = platform.info.url!;
try {
  // ---------------------------------------------------------------- seed
  const s0 = performance.now();
  const tenants = (await db.selectFrom('core_tenants').select(['id', 'slug']).where('slug', 'in', ['frankfurt', 'wiesbaden', 'darmstadt', 'offenbach', 'marburg', 'giessen', 'limburg', 'fulda', 'wetzlar', 'wetteraukreis']).execute());
  const per = Math.ceil(N / tenants.length);
  await sql`CREATE TEMP TABLE bench_services AS SELECT tenant_id, id, department_id, row_number() OVER (PARTITION BY tenant_id ORDER BY code) - 1 AS k FROM requests_services`.execute(db);
  for (const [idx, t] of tenants.entries()) {
    const code = `X${String.fromCharCode(65 + idx)}`; // bench numbers, apart from the demo's
    // 60 % resolved or closed within days, 40 % open in various states, over two years.
    await sql`
      INSERT INTO requests_items (tenant_id, number, service_id, state, description, lat, lon, department_id, priority, source, requested_at, updated_at, expected_at, closed_at)
      SELECT ${t.id}, ${code} || '-2024-' || lpad(g::text, 6, '0'), s.id,
             (ARRAY['resolved','closed','resolved','closed','resolved','closed','received','acknowledged','in_progress','waiting_citizen'])[g % 10 + 1],
             'Bench-Meldung ' || g, 50.5 + (g % 1000) / 10000.0, 8.6 + (g % 997) / 10000.0, s.department_id, 2, 'open311',
             now() - make_interval(hours => (g * 7) % 17520), now() - make_interval(hours => (g * 7) % 17520 - 5),
             now() - make_interval(hours => (g * 7) % 17520 - 72),
             CASE WHEN g % 10 < 6 THEN now() - make_interval(hours => (g * 7) % 17520 - (g % 120)) END
        FROM generate_series(1, ${per}) g JOIN bench_services s ON s.tenant_id = ${t.id} AND s.k = g % 5`.execute(db);
  }
  await sql`
    INSERT INTO requests_events (request_id, tenant_id, at, kind, to_state, public)
    SELECT id, tenant_id, requested_at, 'created', 'received', true FROM requests_items WHERE number LIKE '%-2024-%'
    UNION ALL SELECT id, tenant_id, requested_at + interval '2 hours', 'state', 'in_progress', true FROM requests_items WHERE number LIKE '%-2024-%' AND state <> 'received'
    UNION ALL SELECT id, tenant_id, closed_at, 'state', state, true FROM requests_items WHERE number LIKE '%-2024-%' AND closed_at IS NOT NULL`.execute(db);
  await sql`
    INSERT INTO requests_deadlines (request_id, tenant_id, clock, policy_id, cycle, status, started_at, due_at, stopped_at)
    SELECT id, tenant_id, 'resolution', 'standard', 1,
           CASE WHEN closed_at IS NULL THEN 'running' WHEN closed_at <= expected_at THEN 'met' ELSE 'breached' END,
           requested_at, expected_at, closed_at FROM requests_items WHERE number LIKE '%-2024-%'`.execute(db);
  await sql`ANALYZE`.execute(db);
  const counts = (await sql<{ items: string; events: string }>`SELECT (SELECT count(*) FROM requests_items) AS items, (SELECT count(*) FROM requests_events) AS events`.execute(db)).rows[0]!;
  console.log(`seeded ${Number(counts.items).toLocaleString('en')} requests, ${Number(counts.events).toLocaleString('en')} events over ${tenants.length} municipalities in ${((performance.now() - s0) / 1000).toFixed(0)} s`);

  // A member of Gießen's staff, and an Open311 client.
  const user = await db.insertInto('core_users').values({ email: 'bench@giessen.test', name: 'Bench', password_hash: null }).returning('id').executeTakeFirstOrThrow();
  await db.insertInto('core_memberships').values({ user_id: user.id, tenant_id: tenants.find((t) => t.slug === 'giessen')!.id, role: 'editor' }).execute();
  const token = newApiToken();
  await db.insertInto('core_api_tokens').values({ user_id: user.id, name: 'bench', token_hash: token.hash, prefix: token.prefix, scopes: ['read', 'write'], expires_at: new Date(Date.now() + 3_600_000) }).execute();
  const auth = { authorization: `Bearer ${token.token}` };

  // ---------------------------------------------------------------- reads
  const giessen = tenants.find((t) => t.slug === 'giessen')!.id;
  const dep = (await db.selectFrom('core_departments').select('id').where('tenant_id', '=', giessen).where('slug', '=', 'ordnungsamt').executeTakeFirstOrThrow()).id;
  const coopIds = (await sql<{ id: string }>`SELECT m.tenant_id AS id FROM core_cooperation_members m JOIN core_cooperations c ON c.id = m.cooperation_id WHERE c.slug = 'digitale-kommune-hessen'`.execute(db)).rows.map((r) => r.id);
  const yearAgo = new Date(Date.now() - 365 * 24 * 3600 * 1000);
  async function timed(fn: () => Promise<unknown>): Promise<{ p50: number; p99: number }> {
    for (let i = 0; i < 3; i++) await fn();
    const xs: number[] = [];
    for (let i = 0; i < CALLS; i++) {
      const t0 = performance.now();
      await fn();
      xs.push(performance.now() - t0);
    }
    xs.sort((a, b) => a - b);
    return { p50: xs[Math.floor(xs.length / 2)]!, p99: xs[Math.min(xs.length - 1, Math.floor(xs.length * 0.99))]! };
  }
  const get = async (path: string, headers: Record<string, string> = {}) => {
    const r = await fetch(`${url}${path}`, { headers });
    if (r.status !== 200) throw new Error(`${path}: ${r.status} ${await r.text()}`);
    return r.text();
  };
  const reads = [
    {
      name: 'staff inbox: Gießen, Ordnungsamt, open, due soonest, 50 (with total)',
      ours: () => get('/api/v1/tenants/giessen/requests?state=open&department=ordnungsamt&limit=50', auth),
      base: () => sql`SELECT r.number, r.state, r.expected_at, s.name FROM requests_items r JOIN requests_services s ON s.id = r.service_id
        WHERE r.tenant_id = ${giessen} AND r.department_id = ${dep} AND r.state NOT IN ('resolved', 'closed') ORDER BY r.expected_at NULLS LAST LIMIT 50`.execute(db),
    },
    {
      name: 'Serviceversprechen, one city, 12 months (3 aggregates)',
      ours: () => get('/api/v1/requests/service-promises?tenant=giessen'),
      base: () => sql`SELECT d.clock, count(*) FILTER (WHERE d.status = 'met'), count(*) FILTER (WHERE d.status <> 'met') FROM requests_deadlines d JOIN requests_items r ON r.id = d.request_id
        WHERE d.tenant_id = ${giessen} AND r.requested_at >= ${yearAgo} GROUP BY d.clock`.execute(db),
    },
    {
      name: 'Serviceversprechen, cooperation (6 cities side by side)',
      ours: () => get('/api/v1/requests/service-promises?cooperation=digitale-kommune-hessen'),
      base: () => sql`SELECT d.tenant_id, d.clock, count(*) FILTER (WHERE d.status = 'met'), count(*) FILTER (WHERE d.status <> 'met') FROM requests_deadlines d JOIN requests_items r ON r.id = d.request_id
        WHERE d.tenant_id = ANY(${coopIds}::uuid[]) AND r.requested_at >= ${yearAgo} GROUP BY 1, 2`.execute(db),
    },
  ];
  console.log(`\n| read (${CALLS} sequential calls over HTTP) | p50 ms | p99 ms | bare SQL p50 ms (baseline) | bare SQL p99 ms |`);
  console.log('|---|---:|---:|---:|---:|');
  for (const r of reads) {
    const [a, b] = [await timed(r.ours), await timed(r.base)];
    console.log(`| ${r.name} | ${a.p50.toFixed(1)} | ${a.p99.toFixed(1)} | ${b.p50.toFixed(1)} | ${b.p99.toFixed(1)} |`);
  }

  // ---------------------------------------------------------------- deadline computations
  const policy = parsePolicy({ id: 'standard', name: 'Standard', targets: { firstResponse: { hours: 8 }, maxSilence: { hours: 40 }, resolution: { hours: 40 } } });
  const calendar = await tenantCalendar(db, giessen);
  const base = Date.parse('2025-04-14T07:12:00Z');
  let k = 0;
  const events = () => {
    const s = base + ((k = (k + 7919) % 8760)) * 3_600_000;
    return [{ type: 'received' as const, at: s }, { type: 'stateChanged' as const, at: s + 7_200_000, to: 'inProgress' as const }, { type: 'publicUpdate' as const, at: s + 86_400_000 }];
  };
  const perSecond = async (fn: () => unknown, ms = 1500) => {
    let n = 0;
    const t0 = performance.now();
    while (performance.now() - t0 < ms) {
      await fn();
      n++;
    }
    return n / ((performance.now() - t0) / 1000);
  };
  // Baseline: the resolution due found by stepping minute by minute through the same calendar.
  const naiveDue = () => {
    let t = events()[0]!.at;
    let left = 40 * 60;
    while (left > 0) {
      if (businessTimeBetween(calendar, t, t + 60_000) > 0) left--;
      t += 60_000;
    }
    return t;
  };
  const ids = (await db.selectFrom('requests_items').select('id').where('tenant_id', '=', giessen).where('state', '=', 'in_progress').limit(2000).execute()).map((r) => r.id);
  await db.updateTable('requests_services').set({ sla_policy: JSON.stringify([policy]) }).where('tenant_id', '=', giessen).execute();
  let i = 0;
  const rows = [
    ['computeDeadlines (3 clocks × 3 thresholds, 3 events), in memory', await perSecond(() => computeDeadlines(events(), policy, calendar))],
    ['recompute(): read the log, compute, materialise, queue timers (PostgreSQL)', await perSecond(() => db.transaction().execute((trx) => recompute(trx, ids[i++ % ids.length]!)))],
    ['baseline: resolution due by minute stepping (40 h), in memory', await perSecond(naiveDue)],
  ] as const;
  console.log('\n| deadline computation | per second |');
  console.log('|---|---:|');
  for (const [name, v] of rows) console.log(`| ${name} | ${Math.round(v).toLocaleString('en')} |`);

  // ---------------------------------------------------------------- POST throughput
  const body = JSON.stringify({ api_key: token.token, jurisdiction_id: 'giessen', service_code: 'frage', address_string: 'Berliner Platz 1, 35390 Gießen', description: 'Bench' });
  const post = async (title: string) => {
    const r = await autocannon({ url: `${url}/open311/v2/requests.json`, method: 'POST', headers: { 'content-type': 'application/json' }, body, duration: SECONDS, connections: CONNECTIONS });
    return { title, rps: r.requests.average, p50: r.latency.p50, p99: r.latency.p99, non2xx: r.non2xx, errors: r.errors };
  };
  await post('warmup');
  const ours = await post('POST /open311/v2/requests.json (api_key, new request, event, deadlines, timers)');
  const baseline = await load('bare Fastify hello-world (baseline)', hello.info.url!, { seconds: SECONDS, connections: CONNECTIONS });
  console.log(`\n| ${SECONDS} s, ${CONNECTIONS} connections, loopback | req/s | p50 ms | p99 ms | non-2xx | vs. baseline |`);
  console.log('|---|---:|---:|---:|---:|---:|');
  console.log(`| ${baseline.name} | ${baseline.rps} | ${baseline.p50} | ${baseline.p99} | ${baseline.non2xx} | 1.00× |`);
  console.log(`| ${ours.title} | ${Math.round(ours.rps)} | ${ours.p50} | ${ours.p99} | ${ours.non2xx} | ${(ours.rps / baseline.rps).toFixed(2)}× |`);
} finally {
  await platform.stop();
  await hello.stop();
  await fresh.drop();
}
