// Starting and stopping a whole stadtkern instance: database (embedded or external),
// migrations, optional demo data, job runner and HTTP server.
import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { Config } from './config.ts';
import { createDb, type Db } from './db/connect.ts';
import { startEmbeddedPostgres, type EmbeddedDb } from './db/embedded.ts';
import { migrateToLatest } from './db/migrate.ts';
import { buildApp } from './app.ts';
import { MODULES, seedAllDemo } from './modules.ts';
import { JobRunner } from '../modules/core/index.ts';

export type Log = (msg: string) => void;
export const stderrLog: Log = (m) => process.stderr.write(`[stadtkern] ${m}\n`);

export type Database = { db: Db; url: string; embedded: boolean; close(): Promise<void> };

/** Connects to DATABASE_URL, or starts the embedded PostgreSQL when none is configured. */
export async function openDatabase(config: Config, log: Log = stderrLog): Promise<Database> {
  let embedded: EmbeddedDb | undefined;
  let url = config.databaseUrl;
  if (!url) {
    const t0 = performance.now();
    embedded = await startEmbeddedPostgres({ dataDir: config.dataDir, port: config.embeddedPgPort, log });
    url = embedded.url;
    log(`Eingebettetes PostgreSQL läuft (Daten in ${config.dataDir}/pg, ${Math.round(performance.now() - t0)} ms)`);
  }
  const { db } = createDb(url, config.dbPoolMax);
  const applied = await migrateToLatest(db);
  if (applied.length) log(`Migrationen ausgeführt: ${applied.join(', ')}`);
  return {
    db,
    url,
    embedded: !!embedded,
    async close() {
      await db.destroy();
      await embedded?.stop();
    },
  };
}

export function createJobRunner(config: Config, db: Db, log: Log = stderrLog, listenUrl?: string): JobRunner {
  const jobs = new JobRunner(db, {
    // Unique even when a container restarts with the same hostname and pid.
    instanceId: `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`,
    listenUrl,
    pollMs: config.jobs.pollMs,
    concurrency: config.jobs.concurrency,
    lockTimeoutS: config.jobs.lockTimeoutS,
    log: (obj: unknown, msg: string) => log(`${msg} ${JSON.stringify(obj)}`),
  });
  for (const m of MODULES) m.registerJobs?.(jobs, { config, db });
  return jobs;
}

export type RunningPlatform = { app: FastifyInstance; database: Database; jobs: JobRunner; url: string; stop(): Promise<void> };

export async function startPlatform(config: Config, opts: { demo?: boolean; log?: Log } = {}): Promise<RunningPlatform> {
  const log = opts.log ?? stderrLog;
  const database = await openDatabase(config, log);
  try {
    if (opts.demo) await seedAllDemo(database.db, log);
    const jobs = createJobRunner(config, database.db, log, database.url);
    const app = await buildApp({ config, db: database.db, jobs });
    const address = await app.listen({ port: config.port, host: config.host });
    if (config.jobs.enabled) await jobs.start();
    let stopping: Promise<void> | undefined;
    return {
      app, database, jobs, url: address,
      stop() {
        // Order matters: stop taking work, finish requests, then close the database.
        stopping ??= (async () => {
          await jobs.stop();
          await app.close();
          await database.close();
        })();
        return stopping;
      },
    };
  } catch (err) {
    await database.close().catch(() => undefined);
    throw err;
  }
}
