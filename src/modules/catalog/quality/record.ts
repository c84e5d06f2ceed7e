// Link check results that other modules observe: a datastore load that fetches a resource URL
// learns what the link checker would (the URL answers, or why not), so its outcome is stored as
// the resource's latest check instead of leaving an older, possibly contrary one until the
// checker's next run.
import type { Db } from '../../../server/db/connect.ts';
import type { LinkCheckResult } from './link-check.ts';
import { saveCheck } from './repo.ts';

export type ObservedLinkCheck = { resourceId: string; url: string }
  & Pick<LinkCheckResult, 'ok' | 'status' | 'error' | 'detail'>
  & Partial<Omit<LinkCheckResult, 'ok' | 'status' | 'error' | 'detail'>>;

/** Stores the outcome as the resource's link check, with the checker's rules (a failure streak
 *  keeps its start). Only while the resource still has that URL: a load from another address says
 *  nothing about the resource's link. True when stored. */
export async function recordLinkCheck(db: Db, c: ObservedLinkCheck): Promise<boolean> {
  const { resourceId, url, ...result } = c;
  const saved = await saveCheck(db, [resourceId], url, {
    method: 'GET', finalUrl: null, redirects: 0, contentType: null, contentLength: null, durationMs: 0, ...result,
  });
  return saved > 0;
}
