// For tests: registers a source system through the API, as a municipality's admin does, and
// gives its key (shown once).
import assert from 'node:assert/strict';
import type { TestApp } from '../../../../test/helpers/app.ts';

export async function sourceKey(t: TestApp, slug: string, headers: Record<string, string>, name = 'Formulare'): Promise<string> {
  const res = await t.app.inject({ method: 'POST', url: `/api/v1/tenants/${slug}/analytics/sources`, headers, payload: { name } });
  assert.equal(res.statusCode, 201, res.body);
  return res.json().key as string;
}
