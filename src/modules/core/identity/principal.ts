// Turns a session cookie or an API token into a Principal (used by the HTTP auth hook).
import type { Db } from '../../../server/db/connect.ts';
import type { Config } from '../../../server/config.ts';
import { SCOPES, type Principal, type Scope } from '../../../server/http/context.ts';
import type { PrincipalResolver } from '../../../server/http/auth.ts';
import * as repo from './repo.ts';
import { sha256, TOKEN_PREFIX } from './secrets.ts';

export function principalResolver(db: Db, _config: Config): PrincipalResolver {
  return {
    async fromToken(token) {
      if (!token.startsWith(TOKEN_PREFIX) || token.length > 200) return undefined;
      const row = await repo.findUsableToken(db, sha256(token));
      if (!row) return undefined;
      if (!row.last_used_at || Date.now() - row.last_used_at.getTime() > 60_000) {
        // Bookkeeping only: a failure here must not fail the request.
        repo.touchToken(db, row.id).catch(() => undefined);
      }
      const p: Principal = {
        kind: 'user', userId: row.user_id, email: row.email, name: row.name, isPlatformAdmin: row.is_platform_admin,
        roles: new Map(row.roles), via: 'token', tokenId: row.id, expiresAt: row.expires_at,
        scopes: new Set(row.scopes.filter((s): s is Scope => (SCOPES as readonly string[]).includes(s))),
      };
      return p;
    },
    async fromSession(cookie) {
      if (cookie.length > 200) return undefined;
      const s = await repo.findLiveSessionUser(db, sha256(cookie));
      if (!s) return undefined;
      const principal: Principal = {
        kind: 'user', userId: s.user_id, email: s.email, name: s.name, isPlatformAdmin: s.is_platform_admin,
        roles: new Map(s.roles), via: 'session', expiresAt: s.expires_at, scopes: new Set(SCOPES),
      };
      return { principal, csrfToken: s.csrf_token };
    },
  };
}
