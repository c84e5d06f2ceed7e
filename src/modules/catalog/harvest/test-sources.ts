// For tests: a real HTTP server on the loopback interface that serves catalogue pages (real
// files from ../shared/data, hand-made pages, garbage), and helpers around harvest runs.
import http from 'node:http';
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Db } from '../../../server/db/connect.ts';
import * as hrepo from './repo.ts';
import type { HarvestType } from './tables.ts';

export const SHARED = path.resolve(import.meta.dirname, '../../../../../shared/data');
export const sharedMissing = !existsSync(SHARED);
if (sharedMissing && process.env.CI !== 'true') console.warn(`\n⚠ ${SHARED} fehlt: Harvesting-Tests mit echten Katalogseiten übersprungen\n`);
/** For describe(): skip without ../shared/data, except under CI=true, where reading then fails. */
export const skipWithoutShared = sharedMissing && process.env.CI !== 'true' ? `${SHARED} fehlt` : false;
export const shared = (rel: string) => readFileSync(path.join(SHARED, rel), 'utf8');

export type Reply = { status?: number; type?: string; body: string } | ((req: http.IncomingMessage, res: http.ServerResponse) => void);

export type FixtureServer = {
  url: string;
  /** Keyed by path with query ("/cat.ttl?page=2"), falling back to the bare path. */
  routes: Map<string, Reply>;
  requests: string[];
  close(): Promise<void>;
};

export async function serveFixtures(): Promise<FixtureServer> {
  const routes = new Map<string, Reply>();
  const requests: string[] = [];
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    requests.push(url.pathname + url.search);
    const r = routes.get(url.pathname + url.search) ?? routes.get(url.pathname);
    if (!r) {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
      return;
    }
    if (typeof r === 'function') return r(req, res);
    res.writeHead(r.status ?? 200, { 'content-type': r.type ?? 'text/turtle' }).end(r.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    routes,
    requests,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** The loopback test server is a private address: tests allow it (HARVEST_ALLOW_PRIVATE). */
export const LOOPBACK = { allowPrivate: true } as const;

export async function addSource(db: Db, tenantId: string, s: { name: string; type: HarvestType; url: string; organization?: string }): Promise<string> {
  const { id } = await hrepo.insertSource(db, tenantId, { name: s.name, type: s.type, url: s.url, organization: s.organization ?? null, interval_minutes: null, enabled: true });
  return id;
}

export async function runLog(db: Db, runId: string) {
  return (await hrepo.logOf(db, runId, undefined, 10_000, 0)).rows;
}

/** The catalogue's own tables: what a failed run must leave exactly as it was. */
export const CATALOG_TABLES = ['catalog_datasets', 'catalog_resources', 'catalog_dataset_history', 'catalog_organizations', 'catalog_version', 'catalog_harvest_records'];
