// API tokens: random, shown once, stored as a hash, with expiry, scopes and revocation.
import type { z } from 'zod';
import type { Config } from '../../../server/config.ts';
import type { Ctx, Principal } from '../../../server/http/context.ts';
import { Forbidden, NotFound, ValidationFailed } from '../../../server/http/errors.ts';
import { recordAudit } from '../audit/service.ts';
import { requireUser } from '../permissions.ts';
import type { ApiTokenCreate, ApiTokenT } from '../contract.ts';
import * as repo from './repo.ts';
import { newApiToken } from './secrets.ts';

type TokenRow = Awaited<ReturnType<typeof repo.listTokens>>[number];

function present(t: TokenRow): ApiTokenT {
  return {
    id: t.id, name: t.name, prefix: t.prefix, scopes: t.scopes as ApiTokenT['scopes'],
    expiresAt: t.expires_at.toISOString(), revokedAt: t.revoked_at?.toISOString() ?? null,
    lastUsedAt: t.last_used_at?.toISOString() ?? null, createdAt: new Date(t.created_at).toISOString(),
  };
}

/** Tokens are managed in a browser session, or with a token that itself has the admin scope. */
function requireTokenManager(ctx: Ctx): Principal {
  const p = requireUser(ctx);
  if (p.via === 'token' && !p.scopes.has('admin')) throw Forbidden('Tokens verwalten braucht eine Sitzung oder den Bereich "admin"');
  return p;
}

export async function listTokens(ctx: Ctx) {
  const p = requireTokenManager(ctx);
  return (await repo.listTokens(ctx.db, p.userId)).map(present);
}

export async function createToken(ctx: Ctx, config: Config, input: z.infer<typeof ApiTokenCreate>) {
  const p = requireTokenManager(ctx);
  if (input.expiresInDays > config.tokenMaxDays) {
    throw ValidationFailed([{ field: 'body.expiresInDays', message: `höchstens ${config.tokenMaxDays} Tage` }]);
  }
  // A token never gets more than its creator could do through the token that created it.
  const beyond = input.scopes.filter((s) => !p.scopes.has(s));
  if (beyond.length) throw Forbidden(`Bereiche ${beyond.join(', ')} stehen Ihnen hier nicht zu`);
  const secret = newApiToken();
  const expiresAt = new Date(Date.now() + input.expiresInDays * 86_400_000);
  return ctx.db.transaction().execute(async (trx) => {
    const row = await repo.insertToken(trx, { userId: p.userId, name: input.name, hash: secret.hash, prefix: secret.prefix, scopes: [...new Set(input.scopes)], expiresAt });
    const t = present(row);
    await recordAudit(trx, ctx, { tenantId: null, action: 'token.create', entityType: 'api_token', entityId: row.id, after: t });
    return { ...t, token: secret.token };
  });
}

export async function revokeToken(ctx: Ctx, id: string) {
  const p = requireTokenManager(ctx);
  const t = await repo.findToken(ctx.db, id);
  // Other people's tokens are indistinguishable from missing ones, except for platform admins.
  if (!t || (t.user_id !== p.userId && !p.isPlatformAdmin)) throw NotFound('API-Token');
  await ctx.db.transaction().execute(async (trx) => {
    await repo.revokeToken(trx, id);
    const after = await repo.findToken(trx, id);
    await recordAudit(trx, ctx, { tenantId: null, action: 'token.revoke', entityType: 'api_token', entityId: id, before: present(t), after: after && present(after) });
  });
}
