import { sql, type Kysely } from 'kysely';

// Full-text search over datastore tables uses a GIN expression index on the row document
// (src/modules/datastore/fulltext/). An index expression must be IMMUTABLE, but casting a date
// or timestamp to text is only STABLE: its output depends on the session's DateStyle. These two
// functions give the ISO form with a fixed to_char pattern instead; the pattern has no
// locale-dependent fields (no TM prefix, no names), so the result depends on the value alone
// and declaring them IMMUTABLE is truthful. `infinity` keeps its name (to_char gives '').
export async function up(db: Kysely<unknown>): Promise<void> {
  await sql`
    CREATE FUNCTION datastore_search_text(d date) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE WHEN isfinite(d) THEN to_char(d, 'YYYY-MM-DD') ELSE d::text END;

    CREATE FUNCTION datastore_search_text(ts timestamp) RETURNS text
    LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE
    RETURN CASE WHEN isfinite(ts) THEN to_char(ts, 'YYYY-MM-DD HH24:MI:SS') ELSE ts::text END;
  `.execute(db);
}
