import { sql, type Kysely } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import type { Db } from '../../../server/db/connect.ts';

export type AuditInsert = {
  actorUserId: string | null;
  actorLabel: string;
  via: 'session' | 'token' | 'system' | 'cli';
  tokenId: string | null;
  tenantId: string | null;
  action: string;
  entityType: string;
  entityId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
};

export async function insertAudit(db: Kysely<Database>, e: AuditInsert): Promise<void> {
  await db
    .insertInto('core_audit_log')
    .values({
      actor_user_id: e.actorUserId,
      actor_label: e.actorLabel,
      via: e.via,
      token_id: e.tokenId,
      tenant_id: e.tenantId,
      action: e.action,
      entity_type: e.entityType,
      entity_id: e.entityId,
      before: e.before === undefined || e.before === null ? null : JSON.stringify(e.before),
      after: e.after === undefined || e.after === null ? null : JSON.stringify(e.after),
      request_id: e.requestId,
    })
    .execute();
}

export async function listAudit(db: Db, f: { tenantIds?: string[]; limit: number; offset: number }) {
  let q = db.selectFrom('core_audit_log as a').leftJoin('core_tenants as t', 't.id', 'a.tenant_id');
  if (f.tenantIds) q = q.where('a.tenant_id', 'in', f.tenantIds.length ? f.tenantIds : ['00000000-0000-0000-0000-000000000000']);
  const [rows, count] = await Promise.all([
    q
      .select([
        'a.id', 'a.at', 'a.actor_label', 'a.via', 'a.action', 'a.entity_type', 'a.entity_id', 'a.before', 'a.after', 'a.request_id',
        't.slug as tenant_slug',
      ])
      .orderBy('a.at', 'desc')
      .orderBy('a.id', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select(sql<number>`count(*)::int`.as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: count.n };
}
