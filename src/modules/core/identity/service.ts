// Use cases for logging in and out, users and their memberships.
import type { z } from 'zod';
import type { Config } from '../../../server/config.ts';
import type { Ctx, Principal } from '../../../server/http/context.ts';
import { AppError, Conflict, Forbidden, NotFound, ValidationFailed } from '../../../server/http/errors.ts';
import { violatedConstraint } from '../../../server/db/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { adminTenantIds, requireScope, requireUser } from '../permissions.ts';
import type { LoginBody, UserCreate, UserT, UserUpdate } from '../contract.ts';
import type { Role } from '../tables.ts';
import { tenantIdsBySlug } from '../tenants/repo.ts';
import * as repo from './repo.ts';
import { DUMMY_HASH_PROMISE, hashPassword, newSessionSecret, verifyPassword } from './secrets.ts';

type UserRow = NonNullable<Awaited<ReturnType<typeof repo.findUserById>>>;

export function presentUser(u: UserRow, ms: repo.MembershipRow[]): UserT {
  return {
    id: u.id, email: u.email, name: u.name, isPlatformAdmin: u.is_platform_admin, disabled: u.disabled,
    lockedUntil: u.locked_until && u.locked_until > new Date() ? u.locked_until.toISOString() : null,
    lastLoginAt: u.last_login_at?.toISOString() ?? null,
    memberships: ms.filter((m) => m.user_id === u.id).map((m) => ({ tenantSlug: m.tenant_slug, tenantName: m.tenant_name, role: m.role })),
  };
}

export async function getUser(ctx: Ctx, id: string): Promise<UserT> {
  const u = await repo.findUserById(ctx.db, id);
  if (!u) throw NotFound('Benutzerkonto');
  const me = requireScope(ctx, 'read');
  const ms = await repo.membershipsOf(ctx.db, [id]);
  if (me.userId !== id && !me.isPlatformAdmin && !ms.some((m) => adminTenantIds(me).includes(m.tenant_id))) {
    throw NotFound('Benutzerkonto'); // not 403: do not reveal that the account exists
  }
  return presentUser(u, ms);
}

// ---- login
const LOGIN_FAILED = () => new AppError(401, 'login-failed', 'Anmeldung fehlgeschlagen', 'E-Mail-Adresse oder Passwort ist falsch');

export async function login(ctx: Ctx, config: Config, input: z.infer<typeof LoginBody>) {
  const u = await repo.findUserByEmail(ctx.db, input.email.trim());
  if (!u || !u.password_hash || u.disabled) {
    await verifyPassword(input.password, await DUMMY_HASH_PROMISE);
    throw LOGIN_FAILED();
  }
  if (u.locked_until && u.locked_until > new Date()) {
    const s = Math.ceil((u.locked_until.getTime() - Date.now()) / 1000);
    throw new AppError(429, 'account-locked', 'Konto vorübergehend gesperrt', `Zu viele Fehlversuche. Erneut möglich in ${Math.ceil(s / 60)} Minuten.`, [], { 'retry-after': String(s) });
  }
  if (!(await verifyPassword(input.password, u.password_hash))) {
    const r = await repo.registerFailedLogin(ctx.db, u.id, config.loginMaxFailures, config.loginLockMs);
    if (r.locked_until && r.failed_logins === config.loginMaxFailures) {
      await ctx.db.transaction().execute((trx) =>
        recordAudit(trx, { ...ctx, actor: { kind: 'system', label: 'anmeldung' } }, { tenantId: null, action: 'user.locked', entityType: 'user', entityId: u.id, after: { lockedUntil: r.locked_until } }),
      );
    }
    throw LOGIN_FAILED();
  }
  await repo.registerLogin(ctx.db, u.id);
  const secret = newSessionSecret();
  const expiresAt = new Date(Date.now() + config.sessionTtlMs);
  await repo.insertSession(ctx.db, { id: secret.id, userId: u.id, csrf: secret.csrf, expiresAt });
  const user = presentUser({ ...u, last_login_at: new Date(), locked_until: null }, await repo.membershipsOf(ctx.db, [u.id]));
  return { cookie: secret.value, session: { user, csrfToken: secret.csrf, expiresAt: expiresAt.toISOString() } };
}

export async function logout(ctx: Ctx, cookie: string | undefined, hash: (s: string) => string) {
  if (cookie) await repo.deleteSession(ctx.db, hash(cookie));
}

// ---- users
/** The tenants whose users this principal manages; undefined means all (platform admin). */
function managedTenants(p: Principal): string[] | undefined {
  return p.isPlatformAdmin ? undefined : adminTenantIds(p);
}

export async function listUsers(ctx: Ctx, q: { tenantSlug?: string; limit: number; offset: number }) {
  const p = requireScope(ctx, 'read');
  const managed = managedTenants(p);
  let tenantIds = managed;
  if (q.tenantSlug) {
    const [t] = await tenantIdsBySlug(ctx.db, [q.tenantSlug]);
    if (!t) throw NotFound(`Kommune "${q.tenantSlug}"`);
    if (managed && !managed.includes(t.id)) throw Forbidden('Keine Berechtigung für die Benutzer dieser Kommune');
    tenantIds = [t.id];
  } else if (managed && managed.length === 0) {
    throw Forbidden('Benutzer verwalten nur Administratorinnen und Administratoren');
  }
  const { rows, total } = await repo.listUsers(ctx.db, { tenantIds, limit: q.limit, offset: q.offset });
  const ms = await repo.membershipsOf(ctx.db, rows.map((r) => r.id));
  return { items: rows.map((u) => presentUser(u, ms)), total, limit: q.limit, offset: q.offset };
}

async function resolveMemberships(ctx: Ctx, p: Principal, list: { tenantSlug: string; role: Role }[]) {
  const found = await tenantIdsBySlug(ctx.db, list.map((m) => m.tenantSlug));
  const managed = managedTenants(p);
  const issues = list.flatMap((m, i) => {
    const t = found.find((f) => f.slug === m.tenantSlug);
    if (!t) return [{ field: `body.memberships.${i}.tenantSlug`, message: `Kommune "${m.tenantSlug}" gibt es nicht` }];
    if (managed && !managed.includes(t.id)) return [{ field: `body.memberships.${i}.tenantSlug`, message: 'Sie verwalten diese Kommune nicht' }];
    return [];
  });
  if (issues.length) throw ValidationFailed(issues);
  return list.map((m) => ({ tenantId: found.find((f) => f.slug === m.tenantSlug)!.id, role: m.role }));
}

export async function createUser(ctx: Ctx, input: z.infer<typeof UserCreate>) {
  const p = requireScope(ctx, 'admin');
  const managed = managedTenants(p);
  if (managed && managed.length === 0) throw Forbidden('Benutzer anlegen dürfen nur Administratorinnen und Administratoren');
  if (input.isPlatformAdmin && !p.isPlatformAdmin) throw Forbidden('Nur die Plattform-Administration vergibt Plattformrechte');
  if (managed && input.memberships.length === 0) {
    throw ValidationFailed([{ field: 'body.memberships', message: 'mindestens eine Kommune angeben, die Sie verwalten' }]);
  }
  const memberships = await resolveMemberships(ctx, p, input.memberships);
  const passwordHash = await hashPassword(input.password);
  return ctx.db
    .transaction()
    .execute(async (trx) => {
      const { id } = await repo.insertUser(trx, { email: input.email.trim(), name: input.name, passwordHash, isPlatformAdmin: input.isPlatformAdmin });
      for (const m of memberships) await repo.upsertMembership(trx, id, m.tenantId, m.role);
      const user = presentUser((await repo.findUserById(trx, id))!, await repo.membershipsOf(trx, [id]));
      for (const m of memberships) {
        await recordAudit(trx, ctx, { tenantId: m.tenantId, action: 'user.create', entityType: 'user', entityId: id, after: user });
      }
      if (memberships.length === 0) await recordAudit(trx, ctx, { tenantId: null, action: 'user.create', entityType: 'user', entityId: id, after: user });
      return user;
    })
    .catch((err) => {
      if (violatedConstraint(err) !== undefined) throw Conflict('Diese E-Mail-Adresse ist bereits registriert', [{ field: 'body.email', message: 'bereits vergeben' }]);
      throw err;
    });
}

/** A tenant admin may manage a user only when every membership of that user is in a tenant they administer. */
async function requireManageable(ctx: Ctx, p: Principal, userId: string) {
  const u = await repo.findUserById(ctx.db, userId);
  if (!u) throw NotFound('Benutzerkonto');
  const ms = await repo.membershipsOf(ctx.db, [userId]);
  const managed = managedTenants(p);
  if (managed && (u.is_platform_admin || ms.length === 0 || ms.some((m) => !managed.includes(m.tenant_id)))) {
    throw Forbidden('Dieses Benutzerkonto verwalten Sie nicht');
  }
  return { u, ms };
}

export async function updateUser(ctx: Ctx, id: string, input: z.infer<typeof UserUpdate>) {
  const p = requireUser(ctx);
  const self = p.userId === id;
  const onlySelfFields = input.disabled === undefined && input.isPlatformAdmin === undefined;
  // Everyone may change their own name and password; the rest is administration.
  const { u, ms } = self && onlySelfFields ? { u: (await repo.findUserById(ctx.db, id))!, ms: await repo.membershipsOf(ctx.db, [id]) } : await requireManageable(ctx, requireScope(ctx, 'admin'), id);
  if (self && onlySelfFields) requireScope(ctx, 'write');
  if (input.isPlatformAdmin !== undefined && !p.isPlatformAdmin) throw Forbidden('Nur die Plattform-Administration vergibt Plattformrechte');
  if (self && (input.disabled === true || input.isPlatformAdmin === false)) throw ValidationFailed([{ field: 'body', message: 'Eigene Rechte können nicht entzogen werden' }]);
  const before = presentUser(u, ms);
  return ctx.db.transaction().execute(async (trx) => {
    await repo.updateUser(trx, id, {
      ...(input.name !== undefined && { name: input.name }),
      ...(input.password !== undefined && { password_hash: await hashPassword(input.password), failed_logins: 0, locked_until: null }),
      ...(input.disabled !== undefined && { disabled: input.disabled }),
      ...(input.isPlatformAdmin !== undefined && { is_platform_admin: input.isPlatformAdmin }),
    });
    // A new password or a disabled account ends all existing sessions.
    if (input.password !== undefined || input.disabled) await repo.deleteSessionsOfUser(trx, id);
    const after = presentUser((await repo.findUserById(trx, id))!, ms);
    const changed = { ...after, ...(input.password !== undefined && { password: 'geändert' }) };
    await recordAudit(trx, ctx, { tenantId: ms[0]?.tenant_id ?? null, action: 'user.update', entityType: 'user', entityId: id, before, after: changed });
    return after;
  });
}

export async function setMembership(ctx: Ctx, userId: string, tenantSlug: string, role: Role | null) {
  const p = requireScope(ctx, 'admin');
  const [t] = await tenantIdsBySlug(ctx.db, [tenantSlug]);
  if (!t) throw NotFound(`Kommune "${tenantSlug}"`);
  const managed = managedTenants(p);
  if (managed && !managed.includes(t.id)) throw Forbidden('Sie verwalten diese Kommune nicht');
  const u = await repo.findUserById(ctx.db, userId);
  if (!u) throw NotFound('Benutzerkonto');
  const ms = await repo.membershipsOf(ctx.db, [userId]);
  const before = ms.find((m) => m.tenant_id === t.id)?.role ?? null;
  if (userId === p.userId && !p.isPlatformAdmin && before === 'admin' && role !== 'admin') {
    throw ValidationFailed([{ field: 'body.role', message: 'Die eigene Administrationsrolle kann nicht entzogen werden' }]);
  }
  return ctx.db.transaction().execute(async (trx) => {
    if (role) await repo.upsertMembership(trx, userId, t.id, role);
    else await repo.deleteMembership(trx, userId, t.id);
    await recordAudit(trx, ctx, { tenantId: t.id, action: role ? 'membership.set' : 'membership.delete', entityType: 'user', entityId: userId, before: { role: before }, after: { role } });
    return presentUser(u, await repo.membershipsOf(trx, [userId]));
  });
}
