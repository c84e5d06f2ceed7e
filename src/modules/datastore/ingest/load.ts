// One load of a resource into the datastore (the job `datastore.load`): fetch into a temporary
// file while the same bytes are read, typed over whole columns and COPYed into the next
// version's table (load-session.ts, ADR 0006), then swap it in. Until the swap, readers see the
// previous version; a failure anywhere drops what this load built and leaves the served table
// as it was.
import type { Db } from '../../../server/db/connect.ts';
import { poolOf } from '../../../server/db/connect.ts';
import type { Field, FieldInfo } from '../tables.ts';
import { findTable, versionName } from '../repo.ts';
import { nextVersion } from '../push/tables-sql.ts';
import { dropQuietly, swapIn } from './build.ts';
import * as repo from './repo.ts';
import { NotTabular } from './sniff.ts';
import { fromStoredFile, LoadFailed, type Fetched, type SourceLimits } from './source.ts';
import { fetchUrlForLoad } from './link-result.ts';
import { LoadSession } from './load-session.ts';

const GEO: [RegExp, FieldInfo['geo']][] = [[/^(lat|latitude|breite|breitengrad|y_wgs84|wgs84_lat)$/i, 'lat'], [/^(lon|lng|long|longitude|länge|laenge|längengrad|x_wgs84|wgs84_lon)$/i, 'lon']];

export async function runLoad(db: Db, loadId: number, limits: SourceLimits, signal?: AbortSignal): Promise<{ status: string; rows?: number }> {
  const load = await repo.findLoad(db, loadId);
  if (!load || load.status === 'succeeded' || load.status === 'unchanged' || load.status === 'failed') return { status: load?.status ?? 'missing' };
  let versionTable: string | undefined;
  let lastProgress = 0;
  let expected: number | undefined; // bytes, once the source says how many
  const progress = (phase: string, rows: number, bytes: number) => {
    if (Date.now() - lastProgress < 500) return;
    lastProgress = Date.now();
    void repo.progress(db, loadId, { phase, rows, bytes, bytesTotal: expected }).catch(() => undefined);
  };
  // Thrown, not returned: the job is retried with backoff until the other load is done.
  if (!(await repo.start(db, loadId, load.resource_id))) throw new Error('Ein anderer Ladevorgang dieser Ressource läuft noch');
  let fetched: Fetched | undefined;
  // The load runs alongside the download (load-session.ts), on a connection of its own.
  const client = await poolOf(db).connect();
  let session: LoadSession | undefined;
  try {
    const previous = await repo.lastSucceeded(db, load.resource_id);
    const version = await nextVersion(db, load.resource_id);
    versionTable = versionName(load.resource_id, version);
    await dropQuietly(db, `datastore_data.${versionTable}`); // a crashed earlier attempt of this version
    session = new LoadSession(client, {
      table: versionTable, signal,
      onProgress: (rows, bytes) => progress('einlesen', rows, bytes),
      onDialect: async (dialect) => void (await repo.progress(db, loadId, { phase: 'einlesen', dialect })),
    });
    const tap = (chunk: Buffer) => session!.push(chunk);
    // Until the first megabyte is in, the download is all there is to report; then the rows.
    const fetchProgress = (n: number, total: number | null) => {
      expected = total ?? undefined;
      if (!session?.dialect) progress('herunterladen', 0, n);
    };
    fetched = load.file_id
      ? await fromStoredFile(db, load.file_id, limits, fetchProgress, tap)
      : await fetchUrlForLoad(db, load, limits, previous ?? undefined, fetchProgress, signal, tap); // also the resource's link check
    const served = await findTable(db, load.resource_id);
    if (served && (fetched.notModified || (previous && previous.checksum === fetched.sha256))) {
      await session.abort();
      await repo.finish(db, loadId, { status: 'unchanged', checksum: previous?.checksum ?? null, etag: fetched.etag, lastModified: fetched.lastModified });
      return { status: 'unchanged' };
    }
    await repo.progress(db, loadId, { phase: 'einlesen', bytesTotal: fetched.bytes, checksum: fetched.sha256, etag: fetched.etag, lastModified: fetched.lastModified });
    const loaded = await session.finish(fetched.file);
    const dialect = session.dialect!;
    if (loaded.rows === 0) throw new LoadFailed('Keine Datenzeilen unter der Kopfzeile gefunden');
    const fields: Field[] = loaded.kept.map((k) => {
      const header = dialect.columns[k]!;
      const inferred = loaded.inference[k]!.result(dialect.delimiter);
      const info: FieldInfo = {};
      if (header.label !== header.id) info.label = header.label;
      const geo = GEO.find(([re]) => re.test(header.id))?.[1];
      if (geo && (inferred.type === 'numeric' || inferred.type === 'int')) info.geo = geo;
      return { id: header.id, type: inferred.type, ...(Object.keys(info).length && { info }) };
    });
    await repo.progress(db, loadId, { phase: 'umschalten', rows: loaded.rows, bytes: fetched.bytes, dialect: { ...dialect, passes: loaded.passes } });
    await repo.saveProblems(db, loadId, loaded.problems, loaded.problemCount);
    await swapIn(db, { resourceId: load.resource_id, tenantId: load.tenant_id, table: versionTable, version, fields, rowCount: loaded.rows, loadId });
    return { status: 'succeeded', rows: loaded.rows };
  } catch (err) {
    await session?.abort();
    if (versionTable) await dropQuietly(db, `datastore_data.${versionTable}`);
    const known = err instanceof LoadFailed || err instanceof NotTabular;
    const message = known ? (err as Error).message : `Interner Fehler beim Laden: ${(err as Error).message}`;
    await repo.finish(db, loadId, { status: 'failed', error: message.slice(0, 2000) });
    if (!known && !signal?.aborted) throw err;
    return { status: 'failed' };
  } finally {
    client.release();
    await fetched?.cleanup();
  }
}
