// Creates a platform administrator from the command line (first start of a real installation).
import { sql } from 'kysely';
import type { Db } from '../../../server/db/connect.ts';
import { hashPassword } from '../identity/secrets.ts';
import { recordAudit } from '../audit/service.ts';

export async function createAdmin(db: Db, a: { email: string; name: string; password: string }): Promise<{ created: boolean }> {
  if (a.password.length < 12) throw new Error('Das Passwort braucht mindestens 12 Zeichen');
  if (!/^[^@\s]+@[^@\s]+$/.test(a.email)) throw new Error('Ungültige E-Mail-Adresse');
  const hash = await hashPassword(a.password);
  return db.transaction().execute(async (trx) => {
    const existing = await trx.selectFrom('core_users').select('id').where(sql`lower(email)`, '=', a.email.toLowerCase()).executeTakeFirst();
    const ctx = { db, actor: { kind: 'cli' as const, label: 'stadtkern create-admin' } };
    if (existing) {
      await trx.updateTable('core_users').set({ password_hash: hash, is_platform_admin: true, disabled: false, failed_logins: 0, locked_until: null }).where('id', '=', existing.id).execute();
      await recordAudit(trx, ctx, { tenantId: null, action: 'user.update', entityType: 'user', entityId: existing.id, after: { isPlatformAdmin: true, password: 'geändert' } });
      return { created: false };
    }
    const { id } = await trx.insertInto('core_users').values({ email: a.email, name: a.name, password_hash: hash, is_platform_admin: true }).returning('id').executeTakeFirstOrThrow();
    await recordAudit(trx, ctx, { tenantId: null, action: 'user.create', entityType: 'user', entityId: id, after: { email: a.email, name: a.name, isPlatformAdmin: true } });
    return { created: true };
  });
}
