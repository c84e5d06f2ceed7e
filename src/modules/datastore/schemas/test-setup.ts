// Shared setup of the common-schema tests: the app on a fresh database with the demo catalogue,
// a job runner that knows only this feature's jobs (the app's other schedules stay out, so
// counts are exact), and one user per role the tests need.
import type { LightMyRequestResponse } from 'fastify';
import { bearer, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { seedCatalog } from '../../catalog/seed.ts';
import { JobRunner } from '../../core/index.ts';
import { registerSchemaJobs } from './checks.ts';

export const BASE = '/api/v1/cooperations/digitale-kommune-hessen/schemas';

export type SchemaTest = {
  t: TestApp;
  runner: JobRunner;
  tokens: { platform: string; giessenAdmin: string; giessenEditor: string; marburgEditor: string; frankfurtAdmin: string };
  req: (method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE', url: string, token?: string, payload?: object) => Promise<LightMyRequestResponse>;
  /** Runs the queued schema checks. */
  checks: () => Promise<number>;
};

export async function schemaTest(): Promise<SchemaTest> {
  const t = await testApp();
  const runner = new JobRunner(t.db, { pollMs: 50, concurrency: 1, lockTimeoutS: 60 });
  registerSchemaJobs(runner, { db: t.db });
  await seedCatalog(t.db);
  const user = async (email: string, o: Parameters<TestApp['makeUser']>[0] extends infer U ? Omit<U, 'email'> : never) => t.token(await t.makeUser({ email, ...o }));
  const tokens = {
    platform: await user('admin@plattform.test', { platformAdmin: true }),
    giessenAdmin: await user('admin@giessen.test', { roles: { giessen: 'admin' } }),
    giessenEditor: await user('redaktion@giessen.test', { roles: { giessen: 'editor' } }),
    marburgEditor: await user('redaktion@marburg.test', { roles: { marburg: 'editor' } }),
    frankfurtAdmin: await user('admin@frankfurt.test', { roles: { frankfurt: 'admin' } }),
  };
  const req: SchemaTest['req'] = (method, url, token, payload) => t.app.inject({ method, url, headers: token ? bearer(token) : {}, ...(payload ? { payload } : {}) });
  return { t, runner, tokens, req, checks: () => runner.runOnce() };
}
