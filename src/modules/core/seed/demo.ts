// Idempotent demo data: real tenants and cooperations, departments and demo accounts.
// Running it twice changes nothing; later modules extend it with their own demo content.
import { sql } from 'kysely';
import type { Db } from '../../../server/db/connect.ts';
import { hashPassword } from '../identity/secrets.ts';
import { SEED_COOPERATIONS, SEED_DEPARTMENTS, SEED_POPULATION_DATE, SEED_TENANTS } from './tenants.ts';

export const DEMO_PASSWORD = 'stadtkern-demo-2030';
export const DEMO_USERS = [
  { email: 'admin@stadtkern.example', name: 'Plattform-Administration', platformAdmin: true, memberships: [] as [string, 'admin' | 'editor' | 'viewer'][] },
  { email: 'admin@frankfurt.example', name: 'Petra Schneider (Frankfurt)', platformAdmin: false, memberships: [['frankfurt', 'admin']] as [string, 'admin' | 'editor' | 'viewer'][] },
  { email: 'redaktion@giessen.example', name: 'Jonas Weber (Gießen)', platformAdmin: false, memberships: [['giessen', 'editor']] as [string, 'admin' | 'editor' | 'viewer'][] },
  { email: 'lesen@wetterau.example', name: 'Aylin Demir (Wetterau)', platformAdmin: false, memberships: [['wetteraukreis', 'viewer']] as [string, 'admin' | 'editor' | 'viewer'][] },
];

export async function seedTenants(db: Db): Promise<Map<string, string>> {
  return db.transaction().execute(async (trx) => {
    const ids = new Map<string, string>();
    for (const t of SEED_TENANTS) {
      const row = await trx
        .insertInto('core_tenants')
        .values({ slug: t.slug, name: t.name, type: t.type, ags: t.ags, ars: t.ars, website: t.website, population: t.population, population_date: SEED_POPULATION_DATE, parent_id: t.parent ? ids.get(t.parent)! : null })
        .onConflict((oc) => oc.column('slug').doUpdateSet({ name: t.name }))
        .returning('id')
        .executeTakeFirstOrThrow();
      ids.set(t.slug, row.id);
    }
    for (const c of SEED_COOPERATIONS) {
      const { id } = await trx
        .insertInto('core_cooperations')
        .values({ slug: c.slug, name: c.name, description: c.description })
        .onConflict((oc) => oc.column('slug').doUpdateSet({ name: c.name }))
        .returning('id')
        .executeTakeFirstOrThrow();
      await trx
        .insertInto('core_cooperation_members')
        .values(c.members.map((m) => ({ cooperation_id: id, tenant_id: ids.get(m)! })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    for (const [, tenantId] of ids) {
      await trx
        .insertInto('core_departments')
        .values(SEED_DEPARTMENTS.map((d) => ({ tenant_id: tenantId, slug: d.slug, name: d.name, is_public: d.isPublic })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    return ids;
  });
}

export async function seedDemo(db: Db, log: (m: string) => void = () => undefined): Promise<void> {
  const ids = await seedTenants(db);
  const hash = await hashPassword(DEMO_PASSWORD);
  for (const u of DEMO_USERS) {
    const existing = await db.selectFrom('core_users').select('id').where(sql`lower(email)`, '=', u.email).executeTakeFirst();
    const id =
      existing?.id ??
      (await db.insertInto('core_users').values({ email: u.email, name: u.name, password_hash: hash, is_platform_admin: u.platformAdmin }).returning('id').executeTakeFirstOrThrow()).id;
    for (const [slug, role] of u.memberships) {
      await db.insertInto('core_memberships').values({ user_id: id, tenant_id: ids.get(slug)!, role }).onConflict((oc) => oc.doNothing()).execute();
    }
  }
  log(`Demo-Daten: ${ids.size} Kommunen, ${SEED_COOPERATIONS.length} Kooperationen, ${DEMO_USERS.length} Konten (Passwort "${DEMO_PASSWORD}")`);
}
