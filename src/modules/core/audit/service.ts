// Every write is recorded with who, where, what, when and before/after, in the same transaction
// as the write itself, so the log can never miss a change that happened.
import type { Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import { isUser, type Ctx } from '../../../server/http/context.ts';
import { insertAudit, listAudit } from './repo.ts';
import { adminTenantIds, requireScope } from '../permissions.ts';
import { Forbidden } from '../../../server/http/errors.ts';
import type { AuditEntryT } from '../contract.ts';

// Secrets never reach the log, whatever a caller passes in.
const SECRET_KEYS = new Set(['password', 'password_hash', 'passwordHash', 'token', 'token_hash', 'tokenHash', 'csrf_token']);

function redact(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(redact);
  if (v instanceof Date) return v.toISOString();
  if (v && typeof v === 'object') {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, SECRET_KEYS.has(k) ? '[entfernt]' : redact(x)]));
  }
  return v;
}

export type AuditEvent = {
  tenantId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before?: unknown;
  after?: unknown;
};

export async function recordAudit(trx: Kysely<Database>, ctx: Ctx, e: AuditEvent): Promise<void> {
  const a = ctx.actor;
  await insertAudit(trx, {
    actorUserId: isUser(a) ? a.userId : null,
    actorLabel: isUser(a) ? a.email : (a?.label ?? 'anonym'),
    via: isUser(a) ? a.via : (a?.kind ?? 'system'),
    tokenId: isUser(a) ? (a.tokenId ?? null) : null,
    tenantId: e.tenantId,
    action: e.action,
    entityType: e.entityType,
    entityId: e.entityId,
    before: redact(e.before ?? null),
    after: redact(e.after ?? null),
    requestId: ctx.requestId ?? null,
  });
}

/** Platform admins read everything; tenant admins read the entries of their tenants. */
export async function readAuditLog(ctx: Ctx, q: { tenantId?: string; limit: number; offset: number }) {
  const p = requireScope(ctx, 'read');
  let tenantIds: string[] | undefined;
  if (p.isPlatformAdmin) {
    tenantIds = q.tenantId ? [q.tenantId] : undefined;
  } else {
    const mine = adminTenantIds(p);
    if (mine.length === 0) throw Forbidden('Das Protokoll lesen nur Administratorinnen und Administratoren einer Kommune');
    if (q.tenantId && !mine.includes(q.tenantId)) throw Forbidden('Kein Zugriff auf das Protokoll dieser Kommune');
    tenantIds = q.tenantId ? [q.tenantId] : mine;
  }
  const { rows, total } = await listAudit(ctx.db, { tenantIds, limit: q.limit, offset: q.offset });
  const items: AuditEntryT[] = rows.map((r) => ({
    id: r.id,
    at: new Date(r.at).toISOString(),
    actor: r.actor_label,
    via: r.via,
    tenantSlug: r.tenant_slug,
    action: r.action,
    entityType: r.entity_type,
    entityId: r.entity_id,
    before: r.before,
    after: r.after,
    requestId: r.request_id,
  }));
  return { items, total, limit: q.limit, offset: q.offset };
}
