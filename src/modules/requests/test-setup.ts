// Shared setup of the requests tests: the app on a fresh database with the demo catalogue and
// requests, an Open311 client key, and Gießen's admin and an editor.
import { bearer, testApp, type TestApp } from '../../../test/helpers/app.ts';
import { seedRequestsDemo } from './seed.ts';

export type RequestsTest = { t: TestApp; key: string; admin: Record<string, string>; editor: Record<string, string> };

export async function requestsTest(o: { editorEmail?: string } = {}): Promise<RequestsTest> {
  const t = await testApp();
  await seedRequestsDemo(t.db);
  const key = await t.token(await t.makeUser({ email: 'app@example.test' }), ['read', 'write']);
  const admin = bearer(await t.token(await t.makeUser({ email: 'admin@giessen.test', roles: { giessen: 'admin' } })));
  const editor = bearer(await t.token(await t.makeUser({ email: o.editorEmail ?? 'redaktion@giessen.test', roles: { giessen: 'editor' } })));
  return { t, key, admin, editor };
}
