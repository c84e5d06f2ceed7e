// A load from a resource URL finds out what the catalogue's link checker would: the URL
// answers, or why not (HTTP status, timeout, refused address …). That outcome is recorded as the
// resource's link check, so the quality score does not call a URL broken that was just loaded,
// nor reachable when the load has just seen a 404. Failures about the file itself (too big,
// empty, not a table) say nothing about the link and are not recorded; a file that is fetched but
// then proves unusable counts as a reachable link.
import type { Db } from '../../../server/db/connect.ts';
import { recordLinkCheck } from '../../catalog/index.ts';
import { fromUrl, LoadFailed, type Fetched, type OnBytes, type SourceLimits, type Tap } from './source.ts';

type Load = { resource_id: string; source_url: string | null };
type Previous = Parameters<typeof fromUrl>[2];

/** fromUrl for a load, recording the fetch outcome as the resource's link check (stored only
 *  while the resource still has that URL: a load from another address does not count). */
export async function fetchUrlForLoad(db: Db, load: Load, limits: SourceLimits, prev: Previous, onBytes: OnBytes, signal?: AbortSignal, tap?: Tap): Promise<Fetched> {
  const url = load.source_url!;
  const started = performance.now();
  const durationMs = () => Math.round(performance.now() - started);
  let fetched: Fetched;
  try {
    fetched = await fromUrl(url, limits, prev, onBytes, signal, tap);
  } catch (err) {
    // Not when the job was stopped: that says nothing about the URL.
    if (err instanceof LoadFailed && err.link && !signal?.aborted) {
      const { error, status, finalUrl } = err.link;
      await recordLinkCheck(db, { resourceId: load.resource_id, url, ok: false, status, error, detail: err.message.slice(0, 300), finalUrl, durationMs: durationMs() });
    }
    throw err;
  }
  const a = fetched.answer;
  try {
    await recordLinkCheck(db, {
      resourceId: load.resource_id, url, ok: true, status: a?.status ?? null, error: null, detail: null, finalUrl: a?.finalUrl ?? null,
      redirects: a?.redirects ?? 0, contentType: fetched.contentType?.slice(0, 200) ?? null, contentLength: fetched.notModified ? null : fetched.bytes,
      durationMs: durationMs(),
    });
  } catch (err) {
    await fetched.cleanup(); // the caller never gets the file to clean up
    throw err;
  }
  return fetched;
}
