// SQL for users, memberships, sessions and API tokens.
import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import type { Db } from '../../../server/db/connect.ts';
import type { Role } from '../tables.ts';

type Q = Kysely<Database>;

const USER_COLS = [
  'u.id', 'u.email', 'u.name', 'u.is_platform_admin', 'u.disabled', 'u.locked_until', 'u.last_login_at', 'u.password_hash',
  'u.failed_logins',
] as const;

export type UserRow = Awaited<ReturnType<typeof findUserById>> & object;
export type MembershipRow = { user_id: string; tenant_id: string; tenant_slug: string; tenant_name: string; role: Role };

export function findUserById(db: Q, id: string) {
  return db.selectFrom('core_users as u').select(USER_COLS).where('u.id', '=', id).executeTakeFirst();
}

export function findUserByEmail(db: Q, email: string) {
  return db.selectFrom('core_users as u').select(USER_COLS).where(sql`lower(u.email)`, '=', email.toLowerCase()).executeTakeFirst();
}

export async function listUsers(db: Db, f: { tenantIds?: string[]; limit: number; offset: number }) {
  let q = db.selectFrom('core_users as u');
  if (f.tenantIds) {
    const ids = f.tenantIds.length ? f.tenantIds : ['00000000-0000-0000-0000-000000000000'];
    q = q.where((eb) => eb.exists(eb.selectFrom('core_memberships as m').whereRef('m.user_id', '=', 'u.id').where('m.tenant_id', 'in', ids)));
  }
  const [rows, count] = await Promise.all([
    q.select(USER_COLS).orderBy('u.name').orderBy('u.id').limit(f.limit).offset(f.offset).execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}

export function membershipsOf(db: Q, userIds: string[]): Promise<MembershipRow[]> {
  if (userIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('core_memberships as m')
    .innerJoin('core_tenants as t', 't.id', 'm.tenant_id')
    .select(['m.user_id', 'm.tenant_id', 'm.role', 't.slug as tenant_slug', 't.name as tenant_name'])
    .where('m.user_id', 'in', userIds)
    .orderBy('t.name')
    .execute();
}

export function insertUser(db: Q, u: { email: string; name: string; passwordHash: string | null; isPlatformAdmin: boolean }) {
  return db
    .insertInto('core_users')
    .values({ email: u.email, name: u.name, password_hash: u.passwordHash, is_platform_admin: u.isPlatformAdmin })
    .returning('id')
    .executeTakeFirstOrThrow();
}

export function updateUser(
  db: Q,
  id: string,
  patch: Partial<{ name: string; password_hash: string; disabled: boolean; is_platform_admin: boolean; failed_logins: number; locked_until: Date | null }>,
) {
  return db.updateTable('core_users').set({ ...patch, updated_at: sql`now()` }).where('id', '=', id).execute();
}

export function upsertMembership(db: Q, userId: string, tenantId: string, role: Role) {
  return db
    .insertInto('core_memberships')
    .values({ user_id: userId, tenant_id: tenantId, role })
    .onConflict((oc) => oc.columns(['user_id', 'tenant_id']).doUpdateSet({ role }))
    .execute();
}

export function deleteMembership(db: Q, userId: string, tenantId: string) {
  return db.deleteFrom('core_memberships').where('user_id', '=', userId).where('tenant_id', '=', tenantId).executeTakeFirst();
}

/** Counts a failed login and locks the account once the limit is reached, atomically. */
export function registerFailedLogin(db: Q, userId: string, max: number, lockMs: number) {
  return db
    .updateTable('core_users')
    .set({
      failed_logins: sql`failed_logins + 1`,
      locked_until: sql`CASE WHEN failed_logins + 1 >= ${max} THEN now() + ${`${lockMs} milliseconds`}::interval ELSE locked_until END`,
    })
    .where('id', '=', userId)
    .returning(['failed_logins', 'locked_until'])
    .executeTakeFirstOrThrow();
}

export function registerLogin(db: Q, userId: string) {
  return db
    .updateTable('core_users')
    .set({ failed_logins: 0, locked_until: null, last_login_at: sql`now()` })
    .where('id', '=', userId)
    .execute();
}

// ---- sessions
export function insertSession(db: Q, s: { id: string; userId: string; csrf: string; expiresAt: Date }) {
  return db.insertInto('core_sessions').values({ id: s.id, user_id: s.userId, csrf_token: s.csrf, expires_at: s.expiresAt }).execute();
}

export function deleteSession(db: Q, id: string) {
  return db.deleteFrom('core_sessions').where('id', '=', id).execute();
}

export function deleteSessionsOfUser(db: Q, userId: string) {
  return db.deleteFrom('core_sessions').where('user_id', '=', userId).execute();
}

// ---- API tokens
const TOKEN_COLS = ['id', 'user_id', 'name', 'prefix', 'scopes', 'expires_at', 'revoked_at', 'last_used_at', 'created_at'] as const;

export function insertToken(db: Q, t: { userId: string; name: string; hash: string; prefix: string; scopes: string[]; expiresAt: Date }) {
  return db
    .insertInto('core_api_tokens')
    .values({ user_id: t.userId, name: t.name, token_hash: t.hash, prefix: t.prefix, scopes: t.scopes, expires_at: t.expiresAt })
    .returning(TOKEN_COLS)
    .executeTakeFirstOrThrow();
}

export function listTokens(db: Q, userId: string) {
  return db.selectFrom('core_api_tokens').select(TOKEN_COLS).where('user_id', '=', userId).orderBy('created_at', 'desc').execute();
}

export function findToken(db: Q, id: string) {
  return db.selectFrom('core_api_tokens').select(TOKEN_COLS).where('id', '=', id).executeTakeFirst();
}

// Memberships as [[tenant_id, role], ...], so authentication is one round trip.
const ROLES_JSON = sql<[string, Role][]>`coalesce((SELECT json_agg(json_build_array(m.tenant_id, m.role))
  FROM core_memberships m WHERE m.user_id = u.id), '[]')`;

/** A usable token: matching hash, not revoked, not expired, owner enabled; with the owner's roles. */
export function findUsableToken(db: Q, hash: string) {
  return db
    .selectFrom('core_api_tokens as k')
    .innerJoin('core_users as u', 'u.id', 'k.user_id')
    .select(['k.id', 'k.scopes', 'k.last_used_at', 'k.expires_at', 'u.id as user_id', 'u.email', 'u.name', 'u.is_platform_admin', ROLES_JSON.as('roles')])
    .where('k.token_hash', '=', hash)
    .where('k.revoked_at', 'is', null)
    .where('k.expires_at', '>', sql<Date>`now()`)
    .where('u.disabled', '=', false)
    .executeTakeFirst();
}

/** A live session of an enabled user, with the user's roles. */
export function findLiveSessionUser(db: Q, id: string) {
  return db
    .selectFrom('core_sessions as s')
    .innerJoin('core_users as u', 'u.id', 's.user_id')
    .select(['s.csrf_token', 's.expires_at', 'u.id as user_id', 'u.email', 'u.name', 'u.is_platform_admin', ROLES_JSON.as('roles')])
    .where('s.id', '=', id)
    .where('s.expires_at', '>', sql<Date>`now()`)
    .where('u.disabled', '=', false)
    .executeTakeFirst();
}

export function revokeToken(db: Q, id: string) {
  return db.updateTable('core_api_tokens').set({ revoked_at: sql`now()` }).where('id', '=', id).where('revoked_at', 'is', null).execute();
}

/** Written at most once a minute per token, so reads do not turn into writes. */
export function touchToken(db: Q, id: string) {
  return db
    .updateTable('core_api_tokens')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_used_at', 'is', null), eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`)]))
    .execute();
}
