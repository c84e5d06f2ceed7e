// The command line as an operator uses it: help, migrate, seed-demo, create-admin, and serve
// with an external database stopped by SIGTERM as a container runtime does.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { request } from 'node:http';
import path from 'node:path';
import { freshDatabase, type FreshDb } from './helpers/db.ts';
import { exitOf, freePort, serve, waitFor } from './helpers/process.ts';
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

  test('serve with an external database: SIGTERM lets a request in flight finish, then exits 0', { timeout: 90_000 }, async () => {
    const port = await freePort();
    let answered: Promise<number> = Promise.resolve(0);
    const s = serve({ ...process.env, DATABASE_URL: fresh.url, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn' });
    try {
      await waitFor(`http://127.0.0.1:${port}/-/health`, 60_000);
      // A login whose body arrives slowly is still being received when the signal comes.
      const body = JSON.stringify({ email: 'niemand@example.org', password: 'falsch-falsch-falsch' });
      answered = new Promise<number>((resolve, reject) => {
        const req = request({ host: '127.0.0.1', port, method: 'POST', path: '/api/v1/session', headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        });
        req.on('error', reject);
        req.write(body.slice(0, 10));
        setTimeout(() => req.end(body.slice(10)), 1_500);
      });
      await new Promise((r) => setTimeout(r, 300));
    } finally {
      s.child.kill('SIGTERM'); // once: a second signal means "exit now"
    }
    assert.equal(await answered, 401, 'the request in flight got its answer');
    assert.equal(await exitOf(s, 30_000), 0, s.output());
    assert.match(s.output(), /SIGTERM empfangen, fahre herunter/);
  });
});
