// The command line as an operator uses it: help, migrate, seed-demo, create-admin.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { freshDatabase, type FreshDb } from './helpers/db.ts';
import { buildApp } from '../src/server/app.ts';
import { loadConfig } from '../src/server/config.ts';

const root = path.resolve(import.meta.dirname, '..');
const cli = (args: string[], env: NodeJS.ProcessEnv = {}) =>
  spawnSync(process.execPath, ['bin/stadtkern.js', ...args], { cwd: root, env: { ...process.env, LOG_LEVEL: 'warn', ...env }, encoding: 'utf8', timeout: 60_000 });

describe('stadtkern CLI', () => {
  let fresh: FreshDb;
  before(async () => (fresh = await freshDatabase()));
  after(() => fresh.drop());

  test('--help lists the commands; an unknown command fails', () => {
    const help = cli(['--help']);
    assert.equal(help.status, 0);
    for (const c of ['serve', 'migrate', 'seed-demo', 'create-admin']) assert.match(help.stdout, new RegExp(c));
    const bad = cli(['zaubern']);
    assert.equal(bad.status, 2);
    assert.match(bad.stderr, /Unbekannter Befehl/);
  });

  test('bad configuration stops with a message naming the variable', () => {
    const r = cli(['migrate'], { PORT: 'achtzig' });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /PORT/);
  });

  test('migrate and seed-demo are idempotent', async () => {
    for (let i = 0; i < 2; i++) {
      assert.equal(cli(['migrate'], { DATABASE_URL: fresh.url }).status, 0);
      const s = cli(['seed-demo'], { DATABASE_URL: fresh.url });
      assert.equal(s.status, 0, s.stderr);
    }
    const n = await fresh.db.selectFrom('core_tenants').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(n.n), 16);
    const coop = await fresh.db.selectFrom('core_cooperation_members').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    assert.equal(Number(coop.n), 9);
    const datasets = await fresh.db.selectFrom('catalog_datasets').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
    // The catalogue's 14 and Marburg's car park dataset of the common schema demo (datastore).
    assert.equal(Number(datasets.n), 15, 'demo datasets seeded once');
  });

  test('create-admin creates a platform admin who can log in; a generated password is shown once', async () => {
    const r = cli(['create-admin', '--email', 'it@landkreis.example', '--name', 'IT-Leitung'], { DATABASE_URL: fresh.url });
    assert.equal(r.status, 0, r.stderr);
    const password = /Passwort \(nur jetzt sichtbar\): (\S+)/.exec(r.stdout)?.[1];
    assert.ok(password && password.length >= 12, r.stdout);
    const app = await buildApp({ config: loadConfig({ DATABASE_URL: fresh.url, LOG_LEVEL: 'silent' }), db: fresh.db });
    try {
      const res = await app.inject({ method: 'POST', url: '/api/v1/session', payload: { email: 'it@landkreis.example', password } });
      assert.equal(res.statusCode, 200, res.body);
      assert.equal(res.json().user.isPlatformAdmin, true);
    } finally {
      await app.close();
    }
    const short = cli(['create-admin', '--email', 'x@y.example', '--password', 'kurz'], { DATABASE_URL: fresh.url });
    assert.equal(short.status, 1);
    assert.match(short.stderr, /12 Zeichen/);
    assert.equal(cli(['create-admin'], { DATABASE_URL: fresh.url }).status, 2);
  });
});
