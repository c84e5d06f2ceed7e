// datastore_search, datastore_info and datastore_search_sql as CKAN actions. Actions are
// registered once per process; the limits come from the configuration of the app whose database
// the request uses (tests run several apps in one process).
import type { Config } from '../../../server/config.ts';
import type { Db } from '../../../server/db/connect.ts';
import { registerCkanAction } from '../../catalog/index.ts';
import { datastoreInfo, datastoreSearch } from './search.ts';
import { datastoreSearchSql } from './search-sql.ts';

export type ReadLimits = Config['datastoreQuery'];
const DEFAULTS: ReadLimits = { sqlTimeoutMs: 15_000, sqlMaxRows: 32_000, searchRowsMax: 32_000 };
const LIMITS = new WeakMap<Db, ReadLimits>();
export const limitsOf = (db: Db): ReadLimits => LIMITS.get(db) ?? DEFAULTS;

let registered = false;

export function registerQueryActions(db: Db, config: Config): void {
  LIMITS.set(db, config.datastoreQuery ?? DEFAULTS);
  if (registered) return;
  registered = true;
  registerCkanAction('datastore_search', {
    help: 'Search a DataStore resource. :param resource_id: :param filters: dict (value, list = IN, {"gte": …, "lt": …} ranges, $or/$and) :param q: full text, string or {field: text} :param plain: :param language: PostgreSQL text search configuration (default german) :param distinct: :param fields: :param sort: "col desc, col2" :param limit: default 100, max 32000 :param offset: :param include_total: :param total_estimation_threshold: :param records_format: objects|lists|csv|tsv :param include_next_page:',
    run: (ctx, p) => { const l = limitsOf(ctx.db); return datastoreSearch(ctx, p, { timeoutMs: l.sqlTimeoutMs, searchRowsMax: l.searchRowsMax }); },
  });
  registerCkanAction('datastore_info', {
    help: 'Return the fields (with data dictionary and column schema) and meta data (count, sizes) of a DataStore resource. :param id: or resource_id',
    run: (ctx, p) => datastoreInfo(ctx, p),
  });
  registerCkanAction('datastore_search_sql', {
    help: 'Execute one read-only SQL SELECT over the DataStore tables you may read: SELECT * FROM "<resource id>". Statement timeout and row cap (records_truncated). :param sql:',
    run: (ctx, p) => { const l = limitsOf(ctx.db); return datastoreSearchSql(ctx, p, { timeoutMs: l.sqlTimeoutMs, maxRows: l.sqlMaxRows }); },
  });
}
