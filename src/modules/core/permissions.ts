// Who may do what. Roles are per tenant (viewer < editor < admin); platform admins may do
// everything; API tokens are further limited by their scopes.
import { isUser, ROLE_RANK, type Ctx, type Principal, type Scope } from '../../server/http/context.ts';
import { Forbidden, Unauthorized } from '../../server/http/errors.ts';
import type { Role } from './tables.ts';

export function requireUser(ctx: Ctx): Principal {
  if (!isUser(ctx.actor)) throw Unauthorized();
  return ctx.actor;
}

export function requireScope(ctx: Ctx, scope: Scope): Principal {
  const p = requireUser(ctx);
  if (!p.scopes.has(scope)) throw Forbidden(`Das API-Token hat den Bereich "${scope}" nicht`);
  return p;
}

export function hasRole(p: Principal, tenantId: string, min: Role): boolean {
  if (p.isPlatformAdmin) return true;
  const r = p.roles.get(tenantId);
  return r !== undefined && ROLE_RANK[r] >= ROLE_RANK[min];
}

/** Throws 403 unless the actor holds at least `min` in the tenant and the token scope for it. */
export function requireTenantRole(ctx: Ctx, tenantId: string, min: Role, scope: Scope): Principal {
  const p = requireScope(ctx, scope);
  if (!hasRole(p, tenantId, min)) throw Forbidden('Keine Berechtigung für diese Kommune');
  return p;
}

export function requirePlatformAdmin(ctx: Ctx, scope: Scope = 'admin'): Principal {
  const p = requireScope(ctx, scope);
  if (!p.isPlatformAdmin) throw Forbidden('Nur für Plattform-Administration');
  return p;
}

export function adminTenantIds(p: Principal): string[] {
  return [...p.roles].filter(([, r]) => r === 'admin').map(([t]) => t);
}

/** Can this actor see the tenant's non-public records (members of any role, platform admins)? */
export function canSeePrivate(ctx: Ctx, tenantId: string): boolean {
  return isUser(ctx.actor) && ctx.actor.scopes.has('read') && hasRole(ctx.actor, tenantId, 'viewer');
}
