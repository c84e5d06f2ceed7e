// Demo of a common schema: the cooperation "Digitale Kommune@Hessen" defines "Parkhausbelegung",
// Gießen and Marburg publish their car park occupancy (generated, plausible two-day series in the
// shape of Gießen's open data) by datastore_create, attach it, and the merged view serves both.
// Idempotent: what exists is left as it is.
import { sql } from 'kysely';
import type { Db } from '../../../server/db/connect.ts';
import type { Ctx, Principal } from '../../../server/http/context.ts';
import { createPackage } from '../../catalog/index.ts';
import { datastoreCreate } from '../push/service.ts';
import * as repo from './repo.ts';
import { attachResource } from './attachments.ts';
import { createSchema } from './service.ts';

export const DEMO_COOPERATION = 'digitale-kommune-hessen';
export const DEMO_SCHEMA = 'parkhausbelegung';

export const PARKHAUS_SCHEMA = {
  fields: [
    { name: 'parkhaus', type: 'string', title: 'Parkhaus', description: 'Name des Parkhauses', constraints: { required: true } },
    { name: 'zeitpunkt', type: 'datetime', title: 'Zeitpunkt', description: 'Zeitpunkt der Meldung (Ortszeit)', constraints: { required: true } },
    { name: 'frei', type: 'integer', title: 'Freie Plätze', unit: 'Stellplätze', constraints: { required: true, minimum: 0 } },
    { name: 'belegt', type: 'integer', title: 'Belegte Plätze', unit: 'Stellplätze', constraints: { required: true, minimum: 0 } },
    { name: 'kapazitaet', type: 'integer', title: 'Kapazität', unit: 'Stellplätze', constraints: { required: true, minimum: 1 } },
  ],
  primaryKey: ['parkhaus', 'zeitpunkt'],
  missingValues: [''],
};

/** Car parks per city: name and capacity. Gießen's are the ones of its open data, and its resource
 *  joins the catalogue's existing car park dataset; Marburg gets a new dataset. */
const CITIES = [
  { tenant: 'giessen', dataset: 'giessen-parkhaeuser-belegung', title: 'Parkhäuser Gießen – aktuelle Belegung', parks: [['Am Kino', 401], ['Karstadt', 250], ['Neustädter Tor', 300]] as [string, number][], seed: 7 },
  { tenant: 'marburg', dataset: 'marburg-parkhaeuser-belegung', title: 'Parkhausbelegung Marburg', parks: [['Oberstadt', 280], ['Erlenring-Center', 520], ['Pilgrimstein', 390]] as [string, number][], seed: 11 },
];

/** Occupancy every 30 minutes over two days: a daily curve with a little deterministic noise. */
export function occupancy(parks: [string, number][], seed: number, steps = 100) {
  let x = seed;
  const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
  const start = Date.UTC(2026, 10, 16, 6, 0, 0);
  const rows: { parkhaus: string; zeitpunkt: string; frei: number; belegt: number; kapazitaet: number }[] = [];
  for (let i = 0; i < steps; i++) {
    const t = new Date(start + i * 30 * 60_000);
    const hour = t.getUTCHours() + t.getUTCMinutes() / 60;
    const curve = Math.max(0, Math.sin(((hour - 6) / 14) * Math.PI));
    for (const [name, cap] of parks) {
      const belegt = Math.min(cap, Math.max(0, Math.round(cap * (0.1 + 0.75 * curve) + (rnd() - 0.5) * cap * 0.08)));
      rows.push({ parkhaus: name, zeitpunkt: t.toISOString().slice(0, 19), frei: cap - belegt, belegt, kapazitaet: cap });
    }
  }
  return rows;
}

async function demoCtx(db: Db): Promise<Ctx | undefined> {
  const u = await db.selectFrom('core_users').select(['id', 'email', 'name']).where('is_platform_admin', '=', true).orderBy('created_at').executeTakeFirst();
  if (!u) return undefined;
  const actor: Principal = {
    kind: 'user', userId: u.id, email: u.email, name: u.name, isPlatformAdmin: true, roles: new Map(), via: 'session',
    expiresAt: new Date(Date.now() + 3_600_000), scopes: new Set(['read', 'write', 'admin']),
  };
  return { db, actor };
}

export async function seedSchemas(db: Db, log: (m: string) => void = () => undefined): Promise<void> {
  const ctx = await demoCtx(db);
  const coop = await repo.findCooperation(db, DEMO_COOPERATION);
  if (!ctx || !coop) return log('Gemeinsame Schemas: keine Demo-Kooperation oder Administration – übersprungen');
  if (!(await repo.findSchema(db, coop.id, DEMO_SCHEMA))) {
    await createSchema(ctx, undefined, DEMO_COOPERATION, {
      name: DEMO_SCHEMA, title: 'Parkhausbelegung', version: '1.0', schema: PARKHAUS_SCHEMA,
      description: 'Belegung der Parkhäuser: freie und belegte Stellplätze mit Kapazität und Zeitpunkt, gemeinsam veröffentlicht von den Kommunen der Kooperation.',
    });
  }
  let attached = 0;
  for (const c of CITIES) {
    const existing = await sql<{ id: string }>`SELECT r.id FROM catalog_resources r JOIN catalog_datasets d ON d.id = r.dataset_id
      WHERE d.name = ${c.dataset} AND r.name = 'Belegung (Datastore)' ORDER BY r.id LIMIT 1`.execute(db);
    let resourceId = existing.rows[0]?.id;
    if (!resourceId) {
      const pkg = await db.selectFrom('catalog_datasets').select('id').where('name', '=', c.dataset).executeTakeFirst();
      if (!pkg) {
        await createPackage(ctx, {
          name: c.dataset, title: c.title, owner_org: c.tenant, license_id: 'dl-zero-de/2.0',
          notes: `Freie und belegte Stellplätze der Parkhäuser (${c.parks.map((p) => p[0]).join(', ')}), alle 30 Minuten, im gemeinsamen Schema „Parkhausbelegung“ der Kooperation Digitale Kommune@Hessen.`,
          tags: [{ name: 'Parken' }, { name: 'Verkehr' }, { name: 'Echtzeit' }], groups: [{ name: 'tran' }],
          extras: [{ key: 'frequency', value: 'CONT' }, { key: 'issued', value: '2026-11-16' }, { key: 'hvd_category', value: 'c_b79e35eb' }],
        });
      }
      const created = (await datastoreCreate(ctx, {
        resource: { package_id: c.dataset, name: 'Belegung (Datastore)', format: 'CSV', description: 'Belegung der Parkhäuser im Schema Parkhausbelegung' },
        fields: [
          { id: 'parkhaus', type: 'text', info: { label: 'Parkhaus' } }, { id: 'zeitpunkt', type: 'timestamp', info: { label: 'Zeitpunkt' } },
          { id: 'frei', type: 'int', info: { label: 'Freie Plätze', unit: 'Stellplätze' } }, { id: 'belegt', type: 'int', info: { label: 'Belegte Plätze', unit: 'Stellplätze' } },
          { id: 'kapazitaet', type: 'int', info: { label: 'Kapazität', unit: 'Stellplätze' } },
        ],
        primary_key: ['parkhaus', 'zeitpunkt'],
        records: occupancy(c.parks, c.seed),
      })) as { resource_id: string };
      resourceId = created.resource_id;
    }
    const s = await repo.findSchema(db, coop.id, DEMO_SCHEMA);
    if (s && !(await repo.findAttachment(db, s.id, resourceId))) {
      await attachResource(ctx, 'now', DEMO_COOPERATION, DEMO_SCHEMA, resourceId); // small: checked at once, no job runner here
      attached++;
    }
  }
  log(`Gemeinsame Schemas: „Parkhausbelegung“ der Kooperation ${coop.name}, ${attached} Ressourcen neu angehängt`);
}
