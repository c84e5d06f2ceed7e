// Parser for the Solr/Lucene query subset that CKAN clients and ckanext-harvest send to
// package_search (q and fq), and a translator of the parse tree into a Kysely boolean
// expression. The translator never builds SQL from user text itself: every value is handed
// to a caller-supplied callback, which is expected to bind it as a parameter.
import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';

export type Clause =
  | { kind: 'and' | 'or'; items: Clause[] }
  | { kind: 'not'; item: Clause }
  | { kind: 'term'; field: string | null; value: string; phrase: boolean; prefix: boolean }
  | { kind: 'range'; field: string; from: string | null; to: string | null; fromInclusive: boolean; toInclusive: boolean }
  | { kind: 'all' };

export class SolrSyntaxError extends Error {
  override name = 'SolrSyntaxError';
}

const MAX_LENGTH = 2000;
const MAX_DEPTH = 20;
const FIELD_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;
// Characters that end an unescaped word. `-` and `+` are deliberately absent: as in Lucene they
// are operators only at the start of a clause, so `NOW-1DAY` or `dl-by-de` stay single words.
const WORD_STOP = new Set(['(', ')', '"', '[', ']', '{', '}', ':', '^', '~', '!']);
const isSpace = (ch: string | undefined): boolean => ch !== undefined && /\s/.test(ch);

export function parseSolr(input: string): Clause {
  if (input.length > MAX_LENGTH) throw new SolrSyntaxError(`Search Query is invalid: query is longer than ${MAX_LENGTH} characters`);
  if (input.trim() === '') return { kind: 'all' };
  return new Parser(input).parse();
}

type Word = { raw: string; value: string; prefix: boolean; star: boolean };

class Parser {
  private i = 0;
  private depth = 0;
  constructor(private readonly s: string) {}

  parse(): Clause {
    const clause = this.parseOr(null);
    this.skipSpace();
    if (this.i < this.s.length) {
      const ch = this.s[this.i]!;
      throw this.fail(ch === ')' ? "unbalanced parentheses: unexpected ')'" : `unexpected '${ch}'`);
    }
    return clause;
  }

  private fail(detail: string, at = this.i): SolrSyntaxError {
    return new SolrSyntaxError(`Search Query is invalid: ${detail} (at position ${at})`);
  }

  private skipSpace(): void {
    while (isSpace(this.s[this.i])) this.i++;
  }

  // Recognises an operator at the cursor without consuming it. Word operators must be followed
  // by a non-word character so that `ANDROID` or `ORGANISATION` remain ordinary terms.
  private peekOp(): { op: 'AND' | 'OR' | 'NOT'; len: number } | null {
    const rest = this.s.slice(this.i);
    if (rest.startsWith('&&')) return { op: 'AND', len: 2 };
    if (rest.startsWith('||')) return { op: 'OR', len: 2 };
    if (rest.startsWith('!')) return { op: 'NOT', len: 1 };
    const m = /^(AND|OR|NOT)(?=$|[\s()"[\]{}:^~!])/.exec(rest);
    return m ? { op: m[1] as 'AND' | 'OR' | 'NOT', len: m[1]!.length } : null;
  }

  // Checked before parsing an operand, so `a AND`, `OR a`, `a AND OR b`, `NOT` fail clearly.
  private expectOperand(after: string): void {
    this.skipSpace();
    const op = this.peekOp();
    if (this.i >= this.s.length || this.s[this.i] === ')' || (op && op.op !== 'NOT')) {
      throw this.fail(`operator ${after} is not followed by a clause`);
    }
  }

  private parseOr(field: string | null): Clause {
    const items = [this.parseAnd(field)];
    for (;;) {
      this.skipSpace();
      const op = this.peekOp();
      if (op?.op !== 'OR') break;
      this.i += op.len;
      this.expectOperand('OR');
      items.push(this.parseAnd(field));
    }
    return items.length === 1 ? items[0]! : { kind: 'or', items };
  }

  // Juxtaposed clauses are ANDed (CKAN sends q.op=AND, and fq clauses are all required).
  private parseAnd(field: string | null): Clause {
    const items = [this.parseUnary(field)];
    for (;;) {
      this.skipSpace();
      if (this.i >= this.s.length || this.s[this.i] === ')') break;
      const op = this.peekOp();
      if (op?.op === 'OR') break;
      if (op?.op === 'AND') {
        this.i += op.len;
        this.expectOperand('AND');
      }
      items.push(this.parseUnary(field));
    }
    return items.length === 1 ? items[0]! : { kind: 'and', items };
  }

  private parseUnary(field: string | null): Clause {
    this.skipSpace();
    const op = this.peekOp();
    if (op && op.op !== 'NOT') throw this.fail(`operator ${op.op} is not preceded by a clause`);
    const ch = this.s[this.i];
    if (op?.op === 'NOT' || ch === '-') {
      const len = op ? op.len : 1;
      this.i += len;
      this.expectOperand(op ? this.s.slice(this.i - len, this.i) : '-');
      return { kind: 'not', item: this.parseUnary(field) };
    }
    if (ch === '+') {
      // "+" marks a clause as required, which the default AND already implies.
      this.i++;
      this.expectOperand('+');
      return this.parseUnary(field);
    }
    return this.parsePrimary(field);
  }

  private parsePrimary(field: string | null): Clause {
    const ch = this.s[this.i]!;
    if (ch === '(') return this.parseGroup(field);
    if (ch === '"') return { kind: 'term', field, value: this.readPhrase(), phrase: true, prefix: false };
    if (ch === '[' || ch === '{') {
      if (field === null) throw this.fail('a range needs a field, e.g. metadata_modified:[X TO Y]');
      return this.parseRange(field);
    }
    if (ch === ')') throw this.fail("unbalanced parentheses: unexpected ')'");
    if (ch === ']' || ch === '}') throw this.fail(`unbalanced brackets: unexpected '${ch}'`);
    if (ch === '^' || ch === '~') throw this.fail(`boost and fuzzy syntax ('${ch}') is not supported`);
    if (ch === ':') throw this.fail("missing field name before ':'");
    const start = this.i;
    const word = this.readWord();
    if (this.s[this.i] !== ':') return this.wordTerm(field, word, start);
    this.i++;
    if (word.raw === '*') {
      if (this.s[this.i] === '*' && this.readWord().raw === '*') return { kind: 'all' };
      throw this.fail("'*' is only valid as the field of '*:*'", start);
    }
    if (!FIELD_NAME.test(word.raw)) throw this.fail(`invalid field name '${word.raw}'`, start);
    return this.parseFieldValue(word.raw);
  }

  private parseFieldValue(field: string): Clause {
    const ch = this.s[this.i];
    if (ch === '(') return this.parseGroup(field);
    if (ch === '"') return { kind: 'term', field, value: this.readPhrase(), phrase: true, prefix: false };
    if (ch === '[' || ch === '{') return this.parseRange(field);
    const start = this.i;
    const word = this.readWord();
    if (word.raw === '') throw this.fail(`empty value for field '${field}'`, start);
    if (this.s[this.i] === ':') throw this.fail("unexpected ':' in a value (escape it as \\:)");
    return this.wordTerm(field, word, start);
  }

  private wordTerm(field: string | null, word: Word, start: number): Clause {
    if (word.raw === '') throw this.fail(`unexpected '${this.s[this.i] ?? 'end of query'}'`, start);
    if (word.star && word.value === '') {
      if (field === null && !word.prefix) return { kind: 'all' };
      throw this.fail(`a value consisting only of '*' is not supported${field ? ` for field '${field}'` : ''}`, start);
    }
    return { kind: 'term', field, value: word.value, phrase: false, prefix: word.prefix };
  }

  // Parentheses, plain or as a field group `tags:(a OR b)` where `tags` becomes the default field.
  private parseGroup(field: string | null): Clause {
    const open = this.i++;
    if (++this.depth > MAX_DEPTH) throw this.fail(`nesting is deeper than ${MAX_DEPTH} levels`, open);
    this.skipSpace();
    if (this.i >= this.s.length) throw this.fail("unbalanced parentheses: missing ')'", open);
    if (this.s[this.i] === ')') throw this.fail('empty parentheses', open);
    const inner = this.parseOr(field);
    this.skipSpace();
    if (this.s[this.i] !== ')') throw this.fail("unbalanced parentheses: missing ')'", open);
    this.i++;
    this.depth--;
    return inner;
  }

  private parseRange(field: string): Clause {
    const open = this.i;
    const fromInclusive = this.s[this.i++] === '[';
    this.skipSpace();
    const from = this.readBound(open);
    if (!isSpace(this.s[this.i])) throw this.fail("expected ' TO ' in range", this.i);
    this.skipSpace();
    if (!this.s.startsWith('TO', this.i) || !isSpace(this.s[this.i + 2])) throw this.fail("expected ' TO ' in range", this.i);
    this.i += 2;
    this.skipSpace();
    const to = this.readBound(open);
    this.skipSpace();
    const close = this.s[this.i];
    if (close !== ']' && close !== '}') throw this.fail("unbalanced brackets: range is missing ']' or '}'", open);
    this.i++;
    return { kind: 'range', field, from, to, fromInclusive, toInclusive: close === ']' };
  }

  // A range end: quoted, `*` (open, returned as null) or raw text up to whitespace or a
  // closing bracket, so timestamps with ':' and date math like NOW-1DAY pass through as text.
  private readBound(open: number): string | null {
    if (this.s[this.i] === '"') return this.readPhrase();
    let value = '';
    let raw = '';
    while (this.i < this.s.length && !isSpace(this.s[this.i]) && this.s[this.i] !== ']' && this.s[this.i] !== '}') {
      const ch = this.s[this.i]!;
      if (ch === '[' || ch === '{' || ch === '(' || ch === ')' || ch === '"') throw this.fail(`unexpected '${ch}' in range`);
      const esc = this.readChar();
      value += esc.ch;
      raw += esc.raw;
    }
    if (this.i >= this.s.length) throw this.fail("unbalanced brackets: range is missing ']' or '}'", open);
    if (raw === '') throw this.fail('empty range bound', this.i);
    return raw === '*' ? null : value;
  }

  // One character, resolving a backslash escape.
  private readChar(): { ch: string; raw: string } {
    const ch = this.s[this.i]!;
    if (ch !== '\\') {
      this.i++;
      return { ch, raw: ch };
    }
    const next = this.s[this.i + 1];
    if (next === undefined) throw this.fail('trailing backslash');
    this.i += 2;
    return { ch: next, raw: ch + next };
  }

  private readPhrase(): string {
    const open = this.i++;
    let value = '';
    for (;;) {
      if (this.i >= this.s.length) throw this.fail('unbalanced quotes: missing closing \'"\'', open);
      if (this.s[this.i] === '"') break;
      value += this.readChar().ch;
    }
    this.i++;
    if (value.trim() === '') throw this.fail('empty phrase', open);
    return value;
  }

  // Reads an unquoted word, resolving escapes. Only a single trailing unescaped `*` (prefix
  // query) is supported; other wildcards would need a different SQL shape, so they are refused.
  private readWord(): Word {
    const start = this.i;
    let raw = '';
    let value = '';
    let prefix = false;
    let star = false;
    while (this.i < this.s.length) {
      const ch = this.s[this.i]!;
      if (isSpace(ch) || WORD_STOP.has(ch)) break;
      if (prefix) throw this.fail("wildcards are only supported at the end of a term", start);
      if (ch === '\\') {
        const esc = this.readChar();
        raw += esc.raw;
        value += esc.ch;
        continue;
      }
      if (ch === '?') throw this.fail("the '?' wildcard is not supported (escape it as \\?)", this.i);
      if (ch === '*') prefix = star = true;
      else value += ch;
      raw += ch;
      this.i++;
    }
    if (raw === '*') prefix = false;
    return { raw, value, prefix, star };
  }
}

type MatchOpts = { prefix: boolean; phrase: boolean };
export type FieldMap = Record<string, (value: string, opts: MatchOpts) => Expression<SqlBool>>;
export type RangeMap = Record<
  string,
  (from: string | null, to: string | null, fromInclusive: boolean, toInclusive: boolean) => Expression<SqlBool>
>;

export class UnknownFieldError extends Error {
  override name = 'UnknownFieldError';
  constructor(public field: string) {
    super(`Search Query is invalid: undefined field ${field}`);
  }
}

// Own-property lookup, so `constructor` or `__proto__` typed as a field name cannot reach
// Object.prototype members.
function lookup<F>(map: Record<string, F>, field: string): F {
  const fn = Object.hasOwn(map, field) ? map[field] : undefined;
  if (!fn) throw new UnknownFieldError(field);
  return fn;
}

export function toSql<DB, TB extends keyof DB>(
  clause: Clause,
  eb: ExpressionBuilder<DB, TB>,
  maps: { fields: FieldMap; ranges: RangeMap; text: (value: string, opts: MatchOpts) => Expression<SqlBool> },
): Expression<SqlBool> {
  switch (clause.kind) {
    case 'all':
      return sql<boolean>`true`;
    case 'and':
      return eb.and(clause.items.map((c) => toSql(c, eb, maps)));
    case 'or':
      return eb.or(clause.items.map((c) => toSql(c, eb, maps)));
    case 'not':
      return eb.not(toSql(clause.item, eb, maps));
    case 'term': {
      const opts = { prefix: clause.prefix, phrase: clause.phrase };
      return clause.field === null ? maps.text(clause.value, opts) : lookup(maps.fields, clause.field)(clause.value, opts);
    }
    case 'range':
      return lookup(maps.ranges, clause.field)(clause.from, clause.to, clause.fromInclusive, clause.toInclusive);
  }
}
