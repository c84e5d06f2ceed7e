// All SQL of full-text search over datastore tables: the row document, the condition and rank
// of `q`/`_search`, and the GIN expression index that makes them fast on big tables.
//
// The query and the index are built from the same function (documentVector), so PostgreSQL can
// match the query's expression against the index's. For that the expression must be IMMUTABLE
// and spelled identically: the text search configuration is a literal ('german'::regconfig —
// a parameter cast to regconfig is neither constant nor immutable), columns are joined with
// `||` (array_to_string and concat_ws are only STABLE) and NULLs become '' (a run of blanks
// splits words exactly as one blank does, so the words and positions are those of the old
// array_to_string document). Casts of bigint, numeric, boolean and jsonb to text are
// immutable; date and timestamp go through datastore_search_text (ISO, independent of
// DateStyle; migration 20261123_1400).
import { createHash } from 'node:crypto';
import { sql, type Kysely, type RawBuilder } from 'kysely';
import type { Database } from '../../../server/db/types.ts';
import type { Field } from '../tables.ts';
import { dataRef } from '../repo.ts';
import { DEFAULT_TS_CONFIG, TS_CONFIGS, type Column, type TextSearch } from '../query/model.ts';

type Sql = RawBuilder<unknown>;
type Q = Kysely<Database>;

/** Tables with fewer rows are searched by a sequential scan, fast enough at that size. */
export const SEARCH_INDEX_MIN_ROWS = 10_000;
/** An index serves one configuration; it is built for the default of `q` and `_search`. */
export const INDEXED_TS_CONFIG = DEFAULT_TS_CONFIG;
/** Bumped whenever the document expression changes, so old indexes get new names (rebuilt). */
const DOCUMENT_VERSION = 1;

const qualified = (name: string) => `datastore_data."${name.replace(/"/g, '""')}"`;

function tsConfig(language: string): Sql {
  // Inlined (not a parameter) so the expression is a constant the index can match; TS_CONFIGS
  // is a fixed list of plain names, so this is never user text.
  if (!TS_CONFIGS.has(language)) throw new Error(`unknown text search configuration ${language}`);
  return sql.raw(`'${language}'::regconfig`);
}

/** One column as words of the document, never NULL. */
function docPart(c: Column): Sql {
  const id = sql.id(c.id);
  if (c.type === 'text') return sql`coalesce(${id}, '')`;
  if (c.type === 'date' || c.type === 'timestamp') return sql`coalesce(datastore_search_text(${id}), '')`;
  return sql`coalesce(${id}::text, '')`;
}

/** The document of a row: all its columns (but `_id`) as text, separated by blanks. */
export function rowDocument(columns: Column[]): Sql {
  const parts = columns.filter((c) => c.id !== '_id').map(docPart);
  return parts.length ? sql.join(parts, sql` || ' ' || `) : sql`''`;
}

/** to_tsvector of the row document: the exact expression of the search index. */
export const documentVector = (columns: Column[], language: string): Sql => sql`to_tsvector(${tsConfig(language)}, ${rowDocument(columns)})`;

function tsQuery(s: TextSearch, q: string): Sql {
  return s.plain ? sql`plainto_tsquery(${tsConfig(s.language)}, ${q})` : sql`to_tsquery(${tsConfig(s.language)}, ${q})`;
}

/** Full-text conditions and the rank expression to order by. */
export function textSearchSql(s: TextSearch, columns: Column[]): { where: Sql; rank: Sql } {
  if (typeof s.q === 'string') {
    const doc = documentVector(columns, s.language);
    return { where: sql`${doc} @@ ${tsQuery(s, s.q)}`, rank: sql`ts_rank(${doc}, ${tsQuery(s, s.q)})` };
  }
  // Per column (CKAN's q as a dict): not indexed; each column's words alone.
  const parts = [...s.q].map(([c, q]) => ({ doc: sql`to_tsvector(${tsConfig(s.language)}, ${docPart(c)})`, q: tsQuery(s, q) }));
  return {
    where: sql.join(parts.map((p) => sql`${p.doc} @@ ${p.q}`), sql` AND `),
    rank: sql.join(parts.map((p) => sql`ts_rank(${p.doc}, ${p.q})`), sql` + `),
  };
}

/**
 * The name of a table's search index: the table name and a hash of what the expression is made
 * of (column names and types in order, configuration, document version). A table whose columns
 * change in place (order, a new document version) thus needs an index of another name, and the
 * job replaces the old one. At most 41 + 13 characters, below PostgreSQL's 63.
 */
export function searchIndexName(tableName: string, columns: Column[]): string {
  const h = createHash('sha1').update(JSON.stringify([DOCUMENT_VERSION, INDEXED_TS_CONFIG, columns.map((c) => [c.id, c.type])])).digest('hex').slice(0, 8);
  return `${tableName}_fts_${h}`;
}

// ---------------------------------------------------------------- the index and its job

export type Served = { resource_id: string; tenant_id: string; table_name: string; fields: Field[]; row_count: number };

export async function servedTable(db: Q, resourceId: string): Promise<Served | undefined> {
  return (await db.selectFrom('datastore_tables').select(['resource_id', 'tenant_id', 'table_name', 'fields', 'row_count']).where('resource_id', '=', resourceId).executeTakeFirst()) as Served | undefined;
}

/** The search indexes on a table (by name prefix), and whether each is valid (usable). */
export async function searchIndexes(db: Q, tableName: string): Promise<{ name: string; valid: boolean }[]> {
  const r = await sql<{ name: string; valid: boolean }>`
    SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
    WHERE i.indrelid = to_regclass(${qualified(tableName)}) AND left(c.relname, ${tableName.length + 5}) = ${`${tableName}_fts_`}
    ORDER BY c.relname`.execute(db);
  return r.rows;
}

/**
 * CREATE INDEX CONCURRENTLY: readers and writers (pushes) go on meanwhile; it only waits for
 * transactions already writing to the table. Runs on its own connection, outside a transaction
 * (CONCURRENTLY refuses one), with more sort memory for the build; an abort of the job cancels
 * the statement. A failure or cancel leaves an INVALID index of that name: the caller drops it.
 */
export async function buildSearchIndex(db: Q, tableName: string, name: string, columns: Column[], signal?: AbortSignal): Promise<void> {
  const ddl = sql`CREATE INDEX CONCURRENTLY IF NOT EXISTS ${sql.id(name)} ON ${dataRef(tableName)} USING gin (${documentVector(columns, INDEXED_TS_CONFIG)})`;
  await db.connection().execute(async (c) => {
    const pid = (await sql<{ pid: number }>`SELECT pg_backend_pid() AS pid`.execute(c)).rows[0]!.pid;
    const cancel = () => void sql`SELECT pg_cancel_backend(${pid})`.execute(db).catch(() => undefined);
    signal?.addEventListener('abort', cancel, { once: true });
    await sql`SET maintenance_work_mem = '128MB'`.execute(c);
    try {
      await ddl.execute(c);
    } finally {
      signal?.removeEventListener('abort', cancel);
      await sql`RESET maintenance_work_mem`.execute(c);
    }
  });
}

export async function dropSearchIndex(db: Q, name: string): Promise<void> {
  await sql`DROP INDEX CONCURRENTLY IF EXISTS ${sql.table(`datastore_data.${name}`)}`.execute(db);
}

/** Statistics of the new index's expression (ANALYZE collects them per expression index), so the
 *  planner knows how selective a search word is. Blocks neither readers nor writers. */
export async function analyzeTable(db: Q, tableName: string): Promise<void> {
  await sql`ANALYZE ${dataRef(tableName)}`.execute(db);
}

/**
 * Cancels index builds running on a table that is about to be dropped: DROP TABLE needs a lock
 * that a build holds for minutes on a big table, and every reader would queue behind the DROP.
 * The cancelled job finds its table no longer served and stops.
 */
export async function cancelIndexBuilds(db: Q, tableName: string): Promise<void> {
  await sql`SELECT pg_cancel_backend(pid) FROM pg_stat_progress_create_index
    WHERE relid = to_regclass(${qualified(tableName)}) AND pid <> pg_backend_pid()`.execute(db);
}

/** Served tables at or above `minRows`, with the names of their valid search indexes. */
export async function bigTables(db: Q, minRows: number): Promise<(Served & { indexes: string[] })[]> {
  const r = await sql<Served & { indexes: string[] }>`
    SELECT t.resource_id, t.tenant_id, t.table_name, t.fields, t.row_count,
           coalesce((SELECT array_agg(c.relname::text) FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
                     WHERE i.indrelid = to_regclass('datastore_data.' || quote_ident(t.table_name)) AND i.indisvalid), '{}') AS indexes
    FROM datastore_tables t WHERE t.row_count >= ${minRows} ORDER BY t.resource_id`.execute(db);
  return r.rows;
}
