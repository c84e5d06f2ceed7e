// Unit tests for the Solr subset parser and its Kysely translation; no database is needed
// because queries are only compiled, against a dummy driver.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DummyDriver, Kysely, PostgresAdapter, PostgresIntrospector, PostgresQueryCompiler, sql } from 'kysely';
import { parseSolr, SolrSyntaxError, toSql, UnknownFieldError, type Clause, type FieldMap, type RangeMap } from './solr-query.ts';

const t = (field: string | null, value: string, extra: Partial<{ phrase: boolean; prefix: boolean }> = {}): Clause => ({
  kind: 'term', field, value, phrase: extra.phrase ?? false, prefix: extra.prefix ?? false,
});
const and = (...items: Clause[]): Clause => ({ kind: 'and', items });
const or = (...items: Clause[]): Clause => ({ kind: 'or', items });
const not = (item: Clause): Clause => ({ kind: 'not', item });
const range = (field: string, from: string | null, to: string | null, fromInclusive = true, toInclusive = true): Clause => ({
  kind: 'range', field, from, to, fromInclusive, toInclusive,
});
const ALL: Clause = { kind: 'all' };

const parses: [string, Clause][] = [
  ['', ALL],
  ['   ', ALL],
  ['*:*', ALL],
  ['*', ALL],
  ['parkhaus', t(null, 'parkhaus')],
  ['"freie plätze"', t(null, 'freie plätze', { phrase: true })],
  ['park*', t(null, 'park', { prefix: true })],
  ['organization:giessen', t('organization', 'giessen')],
  ['title:"freie plätze"', t('title', 'freie plätze', { phrase: true })],
  ['name:park*', t('name', 'park', { prefix: true })],
  ['extras_contributorID:"http://dcat-ap.de/def/contributors/x"', t('extras_contributorID', 'http://dcat-ap.de/def/contributors/x', { phrase: true })],
  ['license_id:dl-by-de/2.0', t('license_id', 'dl-by-de/2.0')],
  ['a.b-c_d:x', t('a.b-c_d', 'x')],
  ['title:Gießen', t('title', 'Gießen')],
  ['"Straßenbäume"', t(null, 'Straßenbäume', { phrase: true })],
  ['Straßenbäume', t(null, 'Straßenbäume')],
  ['metadata_modified:[2024-01-01T00:00:00Z TO *]', range('metadata_modified', '2024-01-01T00:00:00Z', null)],
  ['metadata_modified:{* TO NOW-1DAY}', range('metadata_modified', null, 'NOW-1DAY', false, false)],
  ['metadata_modified:[NOW/DAY-7DAYS TO NOW}', range('metadata_modified', 'NOW/DAY-7DAYS', 'NOW', true, false)],
  ['metadata_modified:{a TO b]', range('metadata_modified', 'a', 'b', false, true)],
  ['num:[ 1  TO  2 ]', range('num', '1', '2')],
  ['title:["a b" TO "c"]', range('title', 'a b', 'c')],
  ['metadata_modified:[* TO *]', range('metadata_modified', null, null)],
  [
    'metadata_modified:[2024-01-01T00:00:00Z TO *] organization:giessen',
    and(range('metadata_modified', '2024-01-01T00:00:00Z', null), t('organization', 'giessen')),
  ],
  ['-tags:test', not(t('tags', 'test'))],
  ['+organization:giessen +tags:x', and(t('organization', 'giessen'), t('tags', 'x'))],
  ['tags:(verkehr OR umwelt) AND res_format:CSV', and(or(t('tags', 'verkehr'), t('tags', 'umwelt')), t('res_format', 'CSV'))],
  ['tags:(a name:b "c d")', and(t('tags', 'a'), t('name', 'b'), t('tags', 'c d', { phrase: true }))],
  ['metadata_modified:([a TO b] OR [c TO d])', or(range('metadata_modified', 'a', 'b'), range('metadata_modified', 'c', 'd'))],
  ['NOT private:true', not(t('private', 'true'))],
  ['!private:true', not(t('private', 'true'))],
  ['a AND b', and(t(null, 'a'), t(null, 'b'))],
  ['a && b', and(t(null, 'a'), t(null, 'b'))],
  ['a OR b', or(t(null, 'a'), t(null, 'b'))],
  ['a || b', or(t(null, 'a'), t(null, 'b'))],
  ['a b c', and(t(null, 'a'), t(null, 'b'), t(null, 'c'))],
  ['a NOT b', and(t(null, 'a'), not(t(null, 'b')))],
  ['a -b', and(t(null, 'a'), not(t(null, 'b')))],
  ['a AND NOT b', and(t(null, 'a'), not(t(null, 'b')))],
  ['NOT NOT a', not(not(t(null, 'a')))],
  // Precedence: NOT binds tighter than AND, AND tighter than OR.
  ['a OR b AND c', or(t(null, 'a'), and(t(null, 'b'), t(null, 'c')))],
  ['a AND b OR c', or(and(t(null, 'a'), t(null, 'b')), t(null, 'c'))],
  ['NOT a AND b', and(not(t(null, 'a')), t(null, 'b'))],
  ['a b OR c', or(and(t(null, 'a'), t(null, 'b')), t(null, 'c'))],
  ['(a OR b) AND c', and(or(t(null, 'a'), t(null, 'b')), t(null, 'c'))],
  ['NOT (a OR b)', not(or(t(null, 'a'), t(null, 'b')))],
  ['((a))', t(null, 'a')],
  ['(a)(b)', and(t(null, 'a'), t(null, 'b'))],
  ['*:* AND tags:x', and(ALL, t('tags', 'x'))],
  // Lower-case words and words merely starting with an operator are ordinary terms.
  ['a and b', and(t(null, 'a'), t(null, 'and'), t(null, 'b'))],
  ['ANDROID ORGANISATION NOTE', and(t(null, 'ANDROID'), t(null, 'ORGANISATION'), t(null, 'NOTE'))],
  ['a&&b', t(null, 'a&&b')],
  // Escapes.
  ['name:a\\:b', t('name', 'a:b')],
  ['"say \\"hi\\""', t(null, 'say "hi"', { phrase: true })],
  ['back\\\\slash', t(null, 'back\\slash')],
  ['star\\*', t(null, 'star*')],
  ['\\(x\\)', t(null, '(x)')],
  ['a\\ b', t(null, 'a b')],
  ['\\-minus', t(null, '-minus')],
  ['d:[a\\ b TO c]', range('d', 'a b', 'c')],
  ['NOW-1DAY', t(null, 'NOW-1DAY')],
];

for (const [q, expected] of parses) {
  test(`parses ${JSON.stringify(q)}`, () => assert.deepEqual(parseSolr(q), expected));
}

const rejects: string[] = [
  '(a', 'a)', '((a)', '()', 'tags:()', '"a', 'title:"a', 'd:[a TO b', 'd:[a TO b}}', 'd:{a TO b', 'a]', 'a}',
  'd:[a b]', 'd:[a TO ]', 'd:[ TO b]', 'd:[a TO b)', '[a TO b]',
  'a AND', 'a OR', 'OR a', 'AND', 'NOT', 'a AND OR b', 'a &&', '|| a', '!', '-', 'a -', '+', 'a NOT',
  'tags:', 'tags: x', 'tags:)', 'tags:""', '""', '"  "', ':x', 'a:b:c', '*:x', 'x:*', '*a', 'p*rk', 'a**', 'wh?t',
  '1tag:x', 'ta\\g:x', 'trailing\\', 'a^2', 'a~', '"a"~2',
  'x'.repeat(2001),
  `${'('.repeat(21)}a${')'.repeat(21)}`,
  `tags:${'('.repeat(21)}a${')'.repeat(21)}`,
];

for (const q of rejects) {
  test(`rejects ${JSON.stringify(q.length > 60 ? `${q.slice(0, 60)}…` : q)}`, () => {
    assert.throws(() => parseSolr(q), (e: unknown) => e instanceof SolrSyntaxError && e.message.startsWith('Search Query is invalid: '));
  });
}

test('limits are inclusive: 2000 characters and 20 levels are accepted', () => {
  assert.deepEqual(parseSolr('x'.repeat(2000)), t(null, 'x'.repeat(2000)));
  assert.deepEqual(parseSolr(`${'('.repeat(20)}a${')'.repeat(20)}`), t(null, 'a'));
  assert.deepEqual(parseSolr('(a) '.repeat(30).trim()), and(...Array.from({ length: 30 }, () => t(null, 'a'))));
});

test('error messages are readable', () => {
  assert.throws(() => parseSolr('(a'), /unbalanced parentheses/);
  assert.throws(() => parseSolr('"a'), /unbalanced quotes/);
  assert.throws(() => parseSolr('d:[a TO b'), /unbalanced brackets/);
  assert.throws(() => parseSolr('a AND'), /not followed by a clause/);
  assert.throws(() => parseSolr('tags: x'), /empty value for field 'tags'/);
});

// --- toSql ---

const db = new Kysely<Record<string, Record<string, unknown>>>({
  dialect: {
    createAdapter: () => new PostgresAdapter(),
    createDriver: () => new DummyDriver(),
    createIntrospector: (k) => new PostgresIntrospector(k),
    createQueryCompiler: () => new PostgresQueryCompiler(),
  },
});

const fields: FieldMap = {
  tags: (v, o) => sql<boolean>`tags @> array[${o.prefix ? `${v}%` : v}]`,
  organization: (v) => sql<boolean>`org = ${v}`,
  res_format: (v) => sql<boolean>`lower(fmt) = lower(${v})`,
  private: (v) => sql<boolean>`private = ${v === 'true'}`,
};
const ranges: RangeMap = {
  metadata_modified: (from, to, fi, ti) => sql<boolean>`modified_range(${from}, ${to}, ${fi}, ${ti})`,
};
const text = (v: string, o: { prefix: boolean; phrase: boolean }) => sql<boolean>`fts(${v}, ${o.prefix}, ${o.phrase})`;
const maps = { fields, ranges, text };

const compile = (q: string) => db.selectFrom('t').selectAll().where((eb) => toSql(parseSolr(q), eb, maps)).compile();

test('toSql: harvester fq becomes a parameterised AND', () => {
  const c = compile('metadata_modified:[2024-01-01T00:00:00Z TO *] organization:giessen');
  assert.equal(c.sql, 'select * from "t" where (modified_range($1, $2, $3, $4) and org = $5)');
  assert.deepEqual(c.parameters, ['2024-01-01T00:00:00Z', null, true, true, 'giessen']);
});

test('toSql: not, or, field groups and prefix', () => {
  const c = compile('-tags:test (tags:(verkehr OR umw*) AND res_format:CSV)');
  assert.equal(c.sql, 'select * from "t" where (not tags @> array[$1] and ((tags @> array[$2] or tags @> array[$3]) and lower(fmt) = lower($4)))');
  assert.deepEqual(c.parameters, ['test', 'verkehr', 'umw%', 'CSV']);
});

test('toSql: NOT private:true and all', () => {
  assert.equal(compile('NOT private:true').sql, 'select * from "t" where not private = $1');
  assert.equal(compile('*:*').sql, 'select * from "t" where true');
  assert.equal(compile('').sql, 'select * from "t" where true');
});

test('toSql: hostile user values only ever appear as parameters', () => {
  const values = ["x'; drop table t; --", 'Straßenbäume', 'a"b', "o'brien"];
  const q = `"${values[0]}" "Straßenbäume" organization:a\\"b tags:"o'brien"`;
  const c = compile(q);
  assert.equal(c.sql, 'select * from "t" where (fts($1, $2, $3) and fts($4, $5, $6) and org = $7 and tags @> array[$8])');
  assert.deepEqual(c.parameters, [values[0], false, true, values[1], false, true, values[2], values[3]]);
  for (const v of values) assert.ok(!c.sql.includes(v), `${v} leaked into SQL`);
});

test('toSql: unknown fields throw UnknownFieldError, including prototype names', () => {
  for (const q of ['nosuch:x', 'constructor:x', '__proto__:x', 'organization:[a TO b]', 'metadata_modified:x']) {
    assert.throws(() => compile(q), (e: unknown) => e instanceof UnknownFieldError && q.startsWith(e.field));
  }
});
