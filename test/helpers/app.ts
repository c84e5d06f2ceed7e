// An in-process app on a fresh database, with helpers to create users, sessions and tokens.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig, type Config } from '../../src/server/config.ts';
import type { Db } from '../../src/server/db/connect.ts';
import { seedTenants } from '../../src/modules/core/seed/demo.ts';
import { hashPassword, newApiToken } from '../../src/modules/core/identity/secrets.ts';
import { freshDatabase } from './db.ts';
import { createJobRunner } from '../../src/server/platform.ts';
import type { JobRunner } from '../../src/modules/core/index.ts';

export const PASSWORD = 'korrekt-pferd-batterie';

export type TestApp = {
  app: FastifyInstance;
  db: Db;
  config: Config;
  tenants: Map<string, string>;
  /** Every module's job handlers, not started: tests run due jobs with `jobs.runOnce()`. */
  jobs: JobRunner;
  makeUser(o: { email: string; platformAdmin?: boolean; roles?: Record<string, 'admin' | 'editor' | 'viewer'> }): Promise<string>;
  token(userId: string, scopes?: string[], o?: { expiresAt?: Date; revoked?: boolean }): Promise<string>;
  login(email: string, password?: string): Promise<{ cookie: string; csrf: string }>;
  close(): Promise<void>;
};

export async function testApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const fresh = await freshDatabase();
  const config = loadConfig({ DATABASE_URL: fresh.url, LOG_LEVEL: 'silent', JOBS_ENABLED: 'false' }, overrides);
  const jobs = createJobRunner(config, fresh.db, () => undefined);
  const app = await buildApp({ config, db: fresh.db, jobs });
  await app.ready();
  const tenants = await seedTenants(fresh.db);
  const hash = await hashPassword(PASSWORD);
  return {
    app, db: fresh.db, config, tenants, jobs,
    async makeUser({ email, platformAdmin = false, roles = {} }) {
      const { id } = await fresh.db.insertInto('core_users').values({ email, name: email.split('@')[0]!, password_hash: hash, is_platform_admin: platformAdmin }).returning('id').executeTakeFirstOrThrow();
      for (const [slug, role] of Object.entries(roles)) {
        await fresh.db.insertInto('core_memberships').values({ user_id: id, tenant_id: tenants.get(slug)!, role }).execute();
      }
      return id;
    },
    async token(userId, scopes = ['read', 'write', 'admin'], o = {}) {
      const t = newApiToken();
      await fresh.db.insertInto('core_api_tokens').values({
        user_id: userId, name: 'test', token_hash: t.hash, prefix: t.prefix, scopes,
        expires_at: o.expiresAt ?? new Date(Date.now() + 86_400_000), revoked_at: o.revoked ? new Date() : null,
        // "Last used" is bookkeeping written at most once a minute; starting it now keeps it from
        // showing up as a change in tests that prove a refused request changed nothing.
        last_used_at: new Date(),
      }).execute();
      return t.token;
    },
    async login(email, password = PASSWORD) {
      const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email, password } });
      if (res.statusCode !== 200) throw new Error(`login failed: ${res.statusCode} ${res.body}`);
      const c = res.cookies.find((x) => x.name === 'stadtkern_session')!;
      return { cookie: `stadtkern_session=${c.value}`, csrf: res.json().csrfToken as string };
    },
    async close() {
      await app.close();
      await fresh.drop();
    },
  };
}

export const bearer = (token: string) => ({ authorization: `Bearer ${token}` });

/** Asserts an RFC 9457 problem response and returns its body. */
export function problem(res: LightMyRequestResponse, status: number): { title: string; detail: string; errors?: { field: string; message: string }[] } {
  if (res.statusCode !== status) throw new Error(`expected ${status}, got ${res.statusCode}: ${res.body}`);
  if (!String(res.headers['content-type']).startsWith('application/problem+json')) throw new Error(`not problem+json: ${res.headers['content-type']}`);
  return res.json();
}
