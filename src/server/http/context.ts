// Who is acting, and how. Services receive a Ctx and never look at the HTTP request.
import type { Db } from '../db/connect.ts';
import type { Role } from '../../modules/core/tables.ts';

export const SCOPES = ['read', 'write', 'admin'] as const;
export type Scope = (typeof SCOPES)[number];

export type Principal = {
  kind: 'user';
  userId: string;
  email: string;
  name: string;
  isPlatformAdmin: boolean;
  /** tenant id → role */
  roles: Map<string, Role>;
  via: 'session' | 'token';
  tokenId?: string;
  /** When the session or token stops working. */
  expiresAt: Date;
  /** Sessions carry every scope; tokens only the ones they were created with. */
  scopes: ReadonlySet<Scope>;
};

export type SystemActor = { kind: 'system' | 'cli'; label: string };
export type Actor = Principal | SystemActor;

export type Ctx = { db: Db; actor: Actor | undefined; requestId?: string };

export const ROLE_RANK: Record<Role, number> = { viewer: 1, editor: 2, admin: 3 };

export function isUser(actor: Actor | undefined): actor is Principal {
  return actor?.kind === 'user';
}
