// Service metrics from counters sent through the connector: conversion, funnel with abandonment,
// method shares and failure rates, ratings; staff of the municipality only; bad periods 400.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { bearer, problem, testApp, type TestApp } from '../../../../test/helpers/app.ts';
import { sourceKey } from '../connector/test-source.ts';

const today = new Date().toLocaleDateString('sv-SE', { timeZone: 'Europe/Berlin' });
const ev = (type: string, count: number, extra: Record<string, unknown> = {}) => ({ type, count, ars: '065310005005', service_key: '99102013000000', online_service: 'Anwohnerparkausweis', day: today, ...extra });

describe('analytics: service metrics', () => {
  let t: TestApp;
  let viewer: Record<string, string>;
  before(async () => {
    t = await testApp();
    const admin = bearer(await t.token(await t.makeUser({ email: 'admin@giessen.test', roles: { giessen: 'admin' } })));
    viewer = bearer(await t.token(await t.makeUser({ email: 'lesen@giessen.test', roles: { giessen: 'viewer' } })));
    const key = await sourceKey(t, 'giessen', admin);
    const res = await t.app.inject({ method: 'POST', url: '/api/v1/analytics/events', headers: { 'x-analytics-key': key }, payload: { batch_id: 'm-1', events: [
      ev('view', 1000), ev('start', 200), ev('step', 200, { step: 1 }), ev('step', 150, { step: 2 }), ev('step', 120, { step: 3 }), ev('submitted', 100),
      ev('auth', 60, { method: 'eid', outcome: 'success' }), ev('auth', 20, { method: 'eid', outcome: 'failure' }), ev('auth', 20, { method: 'bundid_password', outcome: 'success' }),
      ev('feedback', 3, { rating: 5 }), ev('feedback', 1, { rating: 2 }), ev('duration', 7, { bucket: '5-15m' }), ev('error', 4, { kind: 'upload' }),
    ] } });
    assert.equal(res.statusCode, 202, res.body);
  });
  after(() => t.close());

  test('conversion, funnel, methods, ratings and durations of a service', async () => {
    const res = await t.app.inject({ url: '/api/v1/tenants/giessen/analytics/services/99102013000000', headers: viewer });
    assert.equal(res.statusCode, 200, res.body);
    const m = res.json();
    assert.deepEqual([m.views, m.starts, m.submissions, m.conversion], [1000, 200, 100, 50]);
    assert.deepEqual(m.funnel, [
      { step: 1, reached: 200, abandoned: 50, abandonment_rate: 25 },
      { step: 2, reached: 150, abandoned: 30, abandonment_rate: 20 },
      { step: 3, reached: 120, abandoned: 20, abandonment_rate: 16.7 },
    ]);
    assert.deepEqual(m.auth[0], { method: 'eid', success: 60, failure: 20, abort: 0, share: 80, failure_rate: 25 });
    assert.equal(m.rating_mean, 4.25);
    assert.deepEqual(m.durations.find((d: { bucket: string }) => d.bucket === '5-15m'), { bucket: '5-15m', count: 7 });
    assert.deepEqual(m.errors, [{ kind: 'upload', count: 4 }]);
    const empty = (await t.app.inject({ url: '/api/v1/tenants/giessen/analytics/services/99102013000000?from=2020-01-01&to=2020-01-31', headers: viewer })).json();
    assert.deepEqual([empty.starts, empty.conversion, empty.rating_mean], [0, null, null]);
  });

  test('staff of the municipality only; bad periods are 400', async () => {
    const other = bearer(await t.token(await t.makeUser({ email: 'team@frankfurt.test', roles: { frankfurt: 'editor' } })));
    problem(await t.app.inject({ url: '/api/v1/tenants/giessen/analytics/services/99102013000000', headers: other }), 403);
    problem(await t.app.inject({ url: '/api/v1/tenants/giessen/analytics/services/99102013000000' }), 401);
    problem(await t.app.inject({ url: '/api/v1/tenants/giessen/analytics/services/99102013000000?from=2026-12-01&to=2026-01-01', headers: viewer }), 400);
    problem(await t.app.inject({ url: '/api/v1/tenants/giessen/analytics/services/99102013000000?from=gestern', headers: viewer }), 400);
  });
});
