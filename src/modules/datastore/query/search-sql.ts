// CKAN's datastore_search_sql: one read-only SELECT over the datastore views the caller may read,
// and the merged views of common schemas (public rows of public resources only, for everyone).
// Refusals use CKAN's shapes: Validation Error {query: [...], info: {...}} (409) for statements
// that are not one SELECT, SQL errors and timeouts; Authorization Error (403) for tables and
// functions the caller may not use.
import type { Ctx } from '../../../server/http/context.ts';
import { Forbidden, AppError } from '../../../server/http/errors.ts';
import { CkanValidation, ckanText, type CkanParams } from '../../catalog/index.ts';
import { readableTable } from '../access.ts';
import { isMergedView } from '../schemas/service.ts';
import { checkSql } from './sql-check.ts';
import * as repo from './repo.ts';

export type SqlLimits = { timeoutMs: number; maxRows: number };

const MAX_SQL_LENGTH = 100_000;

const invalid = (sqlText: string, message: string) =>
  new CkanValidation({ query: [message], info: { statement: [sqlText], params: [], orig: [message] } } as unknown as Record<string, string[]>);

export async function datastoreSearchSql(ctx: Ctx, p: CkanParams, limits: SqlLimits) {
  const text = ckanText(p.sql);
  if (!text || !text.trim()) throw new CkanValidation({ sql: ['Missing value'] });
  if (text.length > MAX_SQL_LENGTH) throw invalid(text.slice(0, 200), `Query is longer than ${MAX_SQL_LENGTH} characters.`);
  const checked = await checkSql(text);
  if (!checked.ok) {
    if (checked.refusal.kind === 'forbidden') throw Forbidden(checked.refusal.message);
    throw invalid(text, checked.refusal.message);
  }
  for (const id of checked.resourceIds) {
    try {
      await readableTable(ctx, id);
    } catch (e) {
      // Private, foreign, unknown or not loaded: the same answer, so nothing is revealed.
      if (e instanceof AppError && e.status === 404) throw Forbidden('Not authorized to read resource.');
      throw e;
    }
  }
  for (const name of checked.views) {
    if (!(await isMergedView(ctx, name))) throw Forbidden('Not authorized to read resource.');
  }
  try {
    const r = await repo.runUserSelect(ctx.db, text, limits);
    return { sql: text, fields: r.fields, records: r.records, ...(r.truncated && { records_truncated: true }) };
  } catch (e) {
    if (e instanceof repo.QueryTimeout) throw new CkanValidation({ query: ['Query took too long'] });
    const code = repo.pgCode(e);
    if (code === '42501') throw Forbidden('Not authorized to read resource.');
    if (code === '25006') throw invalid(text, (e as Error).message); // read-only transaction
    if (code && /^(22|42|2F|0A|54|53)/.test(code)) throw invalid(text, (e as Error).message);
    throw e;
  }
}
