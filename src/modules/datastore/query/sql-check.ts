// The first line of defence of datastore_search_sql: the statement is parsed by PostgreSQL's own
// parser (libpg-query) and refused unless it is exactly one SELECT that reads only datastore
// views and CTEs, calls only allow-listed functions, takes no row locks and writes nothing. The
// second line is the execution itself: a READ ONLY transaction with statement timeout and
// search_path `datastore` (repo.runUserSelect).
import { loadModule, parseSync } from 'libpg-query';

export type SqlRefusal = { kind: 'invalid'; message: string } | { kind: 'forbidden'; message: string };
/** `views`: merged views of common schemas (datastore."schema_<cooperation>_<schema>") by name. */
export type CheckedSql = { ok: true; resourceIds: string[]; views: string[] } | { ok: false; refusal: SqlRefusal };

let loaded: Promise<void> | undefined;
/** The parser is WebAssembly, loaded once per process. */
export const loadSqlParser = () => (loaded ??= loadModule());

/** Functions a query may call: aggregates, windows, maths, text, dates, JSON, full text. Nothing that reads files, other relations, settings or sleeps. */
export const ALLOWED_FUNCTIONS = new Set(`
count sum avg min max stddev stddev_pop stddev_samp variance var_pop var_samp every bool_and bool_or bit_and bit_or
string_agg array_agg json_agg jsonb_agg json_object_agg jsonb_object_agg percentile_cont percentile_disc mode corr covar_pop covar_samp
regr_slope regr_intercept regr_r2 regr_count regr_avgx regr_avgy
row_number rank dense_rank percent_rank cume_dist ntile lag lead first_value last_value nth_value
abs ceil ceiling floor round trunc sign sqrt cbrt power pow exp ln log log10 mod div pi degrees radians width_bucket random
sin cos tan asin acos atan atan2 greatest least num_nonnulls num_nulls scale
lower upper initcap length char_length character_length octet_length bit_length substr substring left right trim btrim ltrim rtrim
replace translate concat concat_ws format reverse position strpos split_part starts_with overlay
regexp_replace regexp_match regexp_matches regexp_split_to_array regexp_split_to_table regexp_like regexp_count regexp_substr regexp_instr
to_char to_number to_date to_timestamp md5 encode decode ascii chr quote_literal quote_ident unaccent normalize
date_trunc date_part extract age make_date make_time make_timestamp make_interval justify_days justify_hours justify_interval
date_bin isfinite now timezone clock_timestamp statement_timestamp transaction_timestamp
to_json to_jsonb json_build_object jsonb_build_object json_build_array jsonb_build_array json_array_length jsonb_array_length
json_array_elements jsonb_array_elements json_array_elements_text jsonb_array_elements_text json_each jsonb_each json_each_text jsonb_each_text
json_extract_path json_extract_path_text jsonb_extract_path jsonb_extract_path_text json_typeof jsonb_typeof jsonb_pretty json_object_keys jsonb_object_keys
jsonb_strip_nulls jsonb_set jsonb_insert jsonb_path_query jsonb_path_query_array jsonb_path_query_first jsonb_path_exists jsonb_path_match row_to_json array_to_json
to_tsvector to_tsquery plainto_tsquery phraseto_tsquery websearch_to_tsquery ts_rank ts_rank_cd ts_headline setweight
array_length array_lower array_upper array_position array_positions array_remove array_replace array_append array_prepend array_cat array_to_string string_to_array unnest cardinality
generate_series nullif coalesce
`.split(/\s+/).filter(Boolean));

/** SQLValueFunctions that are only dates and times (not current_user, current_schema …). */
const ALLOWED_SVF = new Set(['SVFOP_CURRENT_DATE', 'SVFOP_CURRENT_TIME', 'SVFOP_CURRENT_TIME_N', 'SVFOP_CURRENT_TIMESTAMP', 'SVFOP_CURRENT_TIMESTAMP_N', 'SVFOP_LOCALTIME', 'SVFOP_LOCALTIME_N', 'SVFOP_LOCALTIMESTAMP', 'SVFOP_LOCALTIMESTAMP_N']);
const SAMPLE_METHODS = new Set(['bernoulli', 'system']);
const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** The name of a merged view; the caller checks that a common schema owns it. */
const MERGED_VIEW_RE = /^schema_[a-z0-9][a-z0-9-]*_[a-z0-9][a-z0-9-]*$/;

const sval = (n: unknown): string => ((n as { String?: { sval?: string } })?.String?.sval ?? '');

/** Parses and checks one statement; says which resources (datastore views) and merged views of
 *  common schemas it reads. */
export async function checkSql(text: string): Promise<CheckedSql> {
  await loadSqlParser();
  let tree: { stmts?: { stmt: Record<string, unknown> }[] };
  try {
    tree = parseSync(text) as typeof tree;
  } catch (e) {
    return { ok: false, refusal: { kind: 'invalid', message: (e as Error).message } };
  }
  const stmts = tree.stmts ?? [];
  if (stmts.length !== 1) return { ok: false, refusal: { kind: 'invalid', message: 'Query is not a single statement.' } };
  const top = stmts[0]!.stmt;
  if (!('SelectStmt' in top)) return { ok: false, refusal: { kind: 'invalid', message: `Only SELECT statements are allowed, not ${Object.keys(top)[0]?.replace(/Stmt$/, '') ?? 'this statement'}.` } };

  const ctes = new Set<string>();
  const relations = new Set<string>();
  const views = new Set<string>();
  let refusal: SqlRefusal | undefined;
  const refuse = (r: SqlRefusal) => {
    refusal ??= r;
  };

  // CTE names first: a reference to one is not a table.
  const collect = (node: unknown): void => {
    if (Array.isArray(node)) return node.forEach(collect);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k === 'CommonTableExpr') ctes.add(String((v as { ctename?: string }).ctename ?? ''));
      collect(v);
    }
  };
  collect(top);

  const walk = (node: unknown): void => {
    if (refusal) return;
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== 'object') return;
    for (const [k, v] of Object.entries(node)) {
      if (k.endsWith('Stmt') && k !== 'SelectStmt') return refuse({ kind: 'invalid', message: `Only SELECT is allowed: the query contains ${k.replace(/Stmt$/, '').toUpperCase()}.` });
      if (k === 'intoClause') return refuse({ kind: 'invalid', message: 'SELECT INTO is not allowed.' });
      if (k === 'lockingClause') return refuse({ kind: 'invalid', message: 'Row locks (FOR UPDATE/SHARE) are not allowed.' });
      if (k === 'RangeVar') {
        const rv = v as { schemaname?: string; relname?: string; catalogname?: string };
        const name = rv.relname ?? '';
        if (rv.catalogname) return refuse({ kind: 'forbidden', message: 'Not authorized to read resource.' });
        const schema = rv.schemaname;
        if ((schema && (schema.startsWith('pg_') || schema === 'information_schema')) || (!schema && name.startsWith('pg_'))) return refuse({ kind: 'forbidden', message: 'Not authorized to access system tables' });
        if (schema && schema !== 'datastore') return refuse({ kind: 'forbidden', message: 'Not authorized to read resource.' });
        if (!schema && ctes.has(name)) continue;
        if (MERGED_VIEW_RE.test(name)) views.add(name);
        else if (UUID_RE.test(name)) relations.add(name);
        else return refuse({ kind: 'forbidden', message: 'Not authorized to read resource.' });
        continue;
      }
      if (k === 'FuncCall') {
        const names = ((v as { funcname?: unknown[] }).funcname ?? []).map(sval);
        const base = names[names.length - 1]!.toLowerCase();
        const schemaOk = names.length === 1 || (names.length === 2 && names[0] === 'pg_catalog');
        if (!schemaOk || !ALLOWED_FUNCTIONS.has(base)) return refuse({ kind: 'forbidden', message: `Not authorized to call function ${names.join('.')}` });
      }
      if (k === 'SQLValueFunction' && !ALLOWED_SVF.has(String((v as { op?: string }).op))) return refuse({ kind: 'forbidden', message: 'Not authorized to read session information' });
      if (k === 'TypeName') {
        const names = ((v as { names?: unknown[] }).names ?? []).map(sval);
        const base = names[names.length - 1]!.toLowerCase();
        if (base.startsWith('reg') || base.startsWith('pg_') || (names.length > 1 && names[0] !== 'pg_catalog')) return refuse({ kind: 'forbidden', message: `Not authorized to use type ${names.join('.')}` });
      }
      if (k === 'typeName' && v && typeof v === 'object' && !('TypeName' in v)) walk({ TypeName: v });
      if (k === 'RangeTableSample') {
        const method = ((v as { method?: unknown[] }).method ?? []).map(sval);
        if (method.length !== 1 || !SAMPLE_METHODS.has(method[0]!.toLowerCase())) return refuse({ kind: 'forbidden', message: `Not authorized to use TABLESAMPLE ${method.join('.')}` });
      }
      walk(v);
    }
  };
  walk(top);
  if (refusal) return { ok: false, refusal };
  return { ok: true, resourceIds: [...relations], views: [...views] };
}
