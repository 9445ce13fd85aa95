import { invalidQuery } from '../errors.js';
import { parseLogId } from './log-id.js';

/**
 * The subset of Lucene that Auth0's log search takes in `q`, parsed into a tree (log-query.sql.ts
 * turns it into a WHERE clause with bound values). No maintained Lucene parser is a dependency,
 * and the subset is small, so it is parsed here, strictly: anything outside it is a 400.
 *
 *   query   := or
 *   or      := and ("OR" and)*
 *   and     := unary (["AND"] unary)*          juxtaposition is AND
 *   unary   := ("NOT" | "-") unary | "(" or ")" | term
 *   term    := field ":" (value | "*" | range) | value
 *   value   := word | word"*" (prefix) | "quoted \"text\""
 *   range   := ("[" | "{") bound "TO" bound ("]" | "}")    [ ] inclusive, { } exclusive, * open
 */

/** The fields `q` may name: Auth0's searchable log fields, plus `organization_name` and Gatehouse's `action`. */
export const LOG_QUERY_FIELDS = [
  'type',
  'action',
  'user_id',
  'user_name',
  'client_id',
  'client_name',
  'connection',
  'connection_id',
  'strategy',
  'strategy_type',
  'organization_id',
  'organization_name',
  'ip',
  'user_agent',
  'description',
  'date',
  'log_id',
] as const;

export type LogQueryField = (typeof LOG_QUERY_FIELDS)[number];

/** The fields a bare term (no field name) is matched against, as in Auth0. */
export const BARE_TERM_FIELDS = ['client_name', 'connection', 'description', 'ip', 'log_id', 'type', 'user_name'] as const;

export interface Bound {
  value: string;
  inclusive: boolean;
}

export type LogQuery =
  | { kind: 'and'; terms: LogQuery[] }
  | { kind: 'or'; terms: LogQuery[] }
  | { kind: 'not'; term: LogQuery }
  /** `field` undefined: a bare term. `prefix`: the value ended with `*`. */
  | { kind: 'match'; field: LogQueryField | undefined; value: string; prefix: boolean }
  /** `field:*`: the field has a value. */
  | { kind: 'exists'; field: LogQueryField }
  /** Date bounds are ISO instants; log_id bounds are digits. */
  | { kind: 'range'; field: 'date' | 'log_id'; lower?: Bound; upper?: Bound };

const MAX_TERMS = 50;
const MAX_DEPTH = 8;
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2})$/;
/** Characters that end an unquoted word (a backslash escapes any of them). */
const WORD_END = new Set([' ', '\t', '\n', '\r', '(', ')', '"', '[', ']', '{', '}']);

function invalid(rule: string): never {
  invalidQuery('q', rule);
}

/** The UTC day of `YYYY-MM-DD`, checked (2026-02-30 is refused); undefined when `text` is not a day. */
function dayStart(text: string): Date | undefined {
  const match = DAY.exec(text);
  if (!match) return undefined;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (date.toISOString().slice(0, 10) !== text) invalid(`Invalid date: ${text}`);
  return date;
}

const nextDay = (day: Date) => new Date(day.getTime() + 86_400_000);

/** A full ISO instant (with a time zone), normalized to the stored form. */
function instant(text: string): string {
  const date = new Date(text);
  if (!INSTANT.test(text) || Number.isNaN(date.getTime())) {
    invalid(`Invalid date: ${text}; use YYYY-MM-DD or an ISO 8601 date-time with a time zone`);
  }
  return date.toISOString();
}

/**
 * A date bound. A bare day stands for the whole UTC day: `[d` from its start, `{d` after it, `d]`
 * through its end, `d}` before its start. A date-time bound is that instant.
 */
function dateBound(text: string, side: 'lower' | 'upper', inclusive: boolean): Bound {
  const day = dayStart(text);
  if (!day) return { value: instant(text), inclusive };
  if (side === 'lower') return { value: (inclusive ? day : nextDay(day)).toISOString(), inclusive: true };
  return { value: (inclusive ? nextDay(day) : day).toISOString(), inclusive: false };
}

function logIdValue(text: string): string {
  if (parseLogId(text) === undefined) invalid(`Invalid log_id: ${text}; a log_id is up to 20 digits, at most ${Number.MAX_SAFE_INTEGER}`);
  return text;
}

class Parser {
  private pos = 0;
  private terms = 0;

  constructor(private readonly text: string) {}

  parse(): LogQuery {
    const node = this.or(0);
    this.space();
    if (this.pos < this.text.length) invalid(`Unexpected ${this.text[this.pos]} at position ${this.pos + 1}`);
    return node;
  }

  private or(depth: number): LogQuery {
    const terms = [this.and(depth)];
    while (this.keyword('OR')) terms.push(this.and(depth));
    return terms.length === 1 ? terms[0] : { kind: 'or', terms };
  }

  private and(depth: number): LogQuery {
    const terms = [this.unary(depth)];
    for (;;) {
      this.space();
      if (this.pos >= this.text.length || this.text[this.pos] === ')' || this.isKeyword('OR')) break;
      this.keyword('AND');
      terms.push(this.unary(depth));
    }
    return terms.length === 1 ? terms[0] : { kind: 'and', terms };
  }

  private unary(depth: number): LogQuery {
    this.space();
    if (this.keyword('NOT') || this.dash()) {
      if (depth >= MAX_DEPTH) invalid(`Too deeply nested: at most ${MAX_DEPTH} levels of NOT and parentheses`);
      return { kind: 'not', term: this.unary(depth + 1) };
    }
    const char = this.text[this.pos];
    if (char === undefined) invalid(this.pos === 0 ? 'Empty query' : 'Expected a term at the end');
    if (char === '(') {
      if (depth >= MAX_DEPTH) invalid(`Too deeply nested: at most ${MAX_DEPTH} levels of NOT and parentheses`);
      this.pos += 1;
      const node = this.or(depth + 1);
      this.space();
      if (this.text[this.pos] !== ')') invalid('Missing closing parenthesis');
      this.pos += 1;
      return node;
    }
    if (char === ')') invalid(`Unexpected ) at position ${this.pos + 1}`);
    if (this.isKeyword('AND') || this.isKeyword('OR')) invalid(`Expected a term before ${this.isKeyword('AND') ? 'AND' : 'OR'}`);
    return this.term();
  }

  private term(): LogQuery {
    this.terms += 1;
    if (this.terms > MAX_TERMS) invalid(`Too many terms: at most ${MAX_TERMS}`);
    if (this.text[this.pos] === '"') return { kind: 'match', field: undefined, value: this.quoted(), prefix: false };
    const start = this.pos;
    const word = this.word(true);
    if (this.text[this.pos] !== ':') {
      if (word.text === '') invalid(`Unexpected ${this.text[this.pos]} at position ${this.pos + 1}`);
      return { kind: 'match', field: undefined, value: word.text, prefix: word.prefix };
    }
    if (word.prefix || word.text === '') invalid(`Expected a field name before : at position ${this.pos + 1}`);
    const field = word.text;
    if (!(LOG_QUERY_FIELDS as readonly string[]).includes(field)) {
      invalid(`Unknown field ${field} at position ${start + 1}; fields are ${LOG_QUERY_FIELDS.join(', ')}`);
    }
    this.pos += 1;
    return this.fieldValue(field as LogQueryField);
  }

  private fieldValue(field: LogQueryField): LogQuery {
    const char = this.text[this.pos];
    if (char === '[' || char === '{') return this.range(field);
    if (char === '(') invalid(`Grouped values are not supported: write ${field}:a OR ${field}:b`);
    if (char === '"') return this.checked(field, this.quoted(), false);
    const word = this.word(false);
    if (word.text === '' && word.prefix) return { kind: 'exists', field };
    if (word.text === '') invalid(`Empty value for ${field}`);
    return this.checked(field, word.text, word.prefix);
  }

  /** A field's single value; a date becomes the range it names, a log_id must be digits. */
  private checked(field: LogQueryField, value: string, prefix: boolean): LogQuery {
    if (field === 'log_id') {
      if (prefix) invalid('log_id takes a whole log id, not a prefix');
      return { kind: 'match', field, value: logIdValue(value), prefix: false };
    }
    if (field === 'date' && !prefix) {
      const day = dayStart(value);
      if (day)
        return {
          kind: 'range',
          field,
          lower: { value: day.toISOString(), inclusive: true },
          upper: { value: nextDay(day).toISOString(), inclusive: false },
        };
      const at = instant(value);
      return { kind: 'range', field, lower: { value: at, inclusive: true }, upper: { value: at, inclusive: true } };
    }
    return { kind: 'match', field, value, prefix };
  }

  private range(field: LogQueryField): LogQuery {
    if (field !== 'date' && field !== 'log_id') invalid(`Ranges apply to date and log_id only, not ${field}`);
    const lowerInclusive = this.text[this.pos] === '[';
    this.pos += 1;
    this.space();
    const lower = this.bound();
    if (!this.keyword('TO')) invalid(`Expected TO in the ${field} range`);
    this.space();
    const upper = this.bound();
    this.space();
    const close = this.text[this.pos];
    if (close !== ']' && close !== '}') invalid(`Expected ] or } to close the ${field} range`);
    this.pos += 1;
    const upperInclusive = close === ']';
    const toBound = (text: string | undefined, side: 'lower' | 'upper', inclusive: boolean): Bound | undefined => {
      if (text === undefined) return undefined;
      return field === 'date' ? dateBound(text, side, inclusive) : { value: logIdValue(text), inclusive };
    };
    return { kind: 'range', field, lower: toBound(lower, 'lower', lowerInclusive), upper: toBound(upper, 'upper', upperInclusive) };
  }

  /** A range bound; undefined for `*` (open). */
  private bound(): string | undefined {
    if (this.text[this.pos] === '"') return this.quoted();
    const start = this.pos;
    while (this.pos < this.text.length && !/[\s\]}]/.test(this.text[this.pos])) this.pos += 1;
    const text = this.text.slice(start, this.pos);
    if (text === '') invalid('Expected a range bound');
    return text === '*' ? undefined : text;
  }

  /** An unquoted word; a trailing unescaped `*` makes it a prefix. `:` ends it only before the field's value. */
  private word(stopAtColon: boolean): { text: string; prefix: boolean } {
    let text = '';
    let prefix = false;
    while (this.pos < this.text.length) {
      const char = this.text[this.pos];
      if (WORD_END.has(char) || (stopAtColon && char === ':')) break;
      if (prefix) invalid(`Wildcards are supported only at the end of a value (position ${this.pos})`);
      if (char === '\\') {
        const escaped = this.text[this.pos + 1];
        if (escaped === undefined) invalid('Nothing to escape after the final backslash');
        text += escaped;
        this.pos += 2;
        continue;
      }
      if (char === '?') invalid(`The ? wildcard is not supported (position ${this.pos + 1}); escape it as \\?`);
      if (char === '*') prefix = true;
      else text += char;
      this.pos += 1;
    }
    return { text, prefix };
  }

  /** A double-quoted value: exact, `\"` and `\\` escaped. */
  private quoted(): string {
    let text = '';
    this.pos += 1;
    while (this.pos < this.text.length) {
      const char = this.text[this.pos];
      if (char === '"') {
        this.pos += 1;
        if (text === '') invalid('Empty quoted value');
        return text;
      }
      if (char === '\\' && this.pos + 1 < this.text.length) {
        text += this.text[this.pos + 1];
        this.pos += 2;
        continue;
      }
      text += char;
      this.pos += 1;
    }
    return invalid('Unbalanced quotes');
  }

  /** Consumes a `-` (Lucene's NOT) standing before a term. */
  private dash(): boolean {
    if (this.text[this.pos] !== '-') return false;
    this.pos += 1;
    return true;
  }

  private space(): void {
    while (this.pos < this.text.length && /\s/.test(this.text[this.pos])) this.pos += 1;
  }

  /** Whether the (upper-case) operator `word` stands at the cursor, as a whole word. */
  private isKeyword(word: string): boolean {
    if (!this.text.startsWith(word, this.pos)) return false;
    const after = this.text[this.pos + word.length];
    return after === undefined || /\s/.test(after) || after === '(';
  }

  /** Consumes the operator `word` (and the space before it) when it stands at the cursor. */
  private keyword(word: string): boolean {
    this.space();
    if (!this.isKeyword(word)) return false;
    this.pos += word.length;
    return true;
  }
}

/** Parses `q`; undefined for an empty query. Throws 400 invalid_query_string naming the problem. */
export function parseLogQuery(q: string | undefined): LogQuery | undefined {
  if (q === undefined || q.trim() === '') return undefined;
  return new Parser(q).parse();
}
