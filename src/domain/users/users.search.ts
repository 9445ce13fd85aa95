import { sql, type Expression, type ExpressionBuilder, type SqlBool } from 'kysely';
import type { Database } from '../../db/database.js';
import { invalidQuery } from '../errors.js';

type Where = (eb: ExpressionBuilder<Database, 'users'>) => Expression<SqlBool>;

const TEXT_FIELDS = { name: 'name', given_name: 'given_name', family_name: 'family_name', nickname: 'nickname' } as const;

function invalid(rule: string): never {
  invalidQuery('q', rule);
}

/** Splits on whitespace outside double quotes: `email:"a b" jane` → two terms. */
function tokens(q: string): string[] {
  const out = q.match(/(?:[^\s"]+|"[^"]*")+/g) ?? [];
  if ((q.match(/"/g) ?? []).length % 2 === 1) invalid('Unbalanced quotes');
  return out.filter((t) => t !== 'AND');
}

/** `"x"` → exact x; `x*` → prefix x; `x` → exact x. */
function value(raw: string): { text: string; prefix: boolean } {
  if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) return { text: raw.slice(1, -1), prefix: false };
  if (raw.endsWith('*')) return { text: raw.slice(0, -1), prefix: true };
  return { text: raw, prefix: false };
}

const likePrefix = (text: string) => `${text.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;

/**
 * Case-insensitive exact or prefix match on a text column, the same on SQLite and PostgreSQL.
 * `email_normalized` is stored lowercase: compared bare, an exact match uses its index.
 */
function textMatch(column: string, v: { text: string; prefix: boolean }): Where {
  const ref = sql.ref(`users.${column}`);
  const lowered = column === 'email_normalized' ? sql<string>`${ref}` : sql<string>`lower(${ref})`;
  const text = v.text.toLowerCase();
  return v.prefix ? () => sql<SqlBool>`${lowered} like ${likePrefix(text)} escape '\\'` : (eb) => eb(lowered, '=', text);
}

function flag(raw: string, column: 'email_verified' | 'blocked'): Where {
  if (raw !== 'true' && raw !== 'false') invalid(`Expected true or false for ${column}`);
  return (eb) => eb(`users.${column}`, '=', raw === 'true' ? 1 : 0);
}

function term(token: string): Where {
  if (/^(OR|NOT|-)/.test(token) || token.startsWith('(')) invalid(`Unsupported operator in: ${token}`);
  const colon = token.indexOf(':');
  if (colon <= 0 || token.startsWith('"')) {
    // A bare term: prefix match on email or name, as a search box would.
    const v = { text: value(token).text.replace(/\*$/, ''), prefix: true };
    return (eb) => eb.or([textMatch('email_normalized', v)(eb), textMatch('name', v)(eb)]);
  }
  const field = token.slice(0, colon);
  const v = value(token.slice(colon + 1));
  if (v.text === '') invalid(`Empty value for ${field}`);
  switch (field) {
    case 'email':
      return textMatch('email_normalized', v);
    case 'user_id':
      return v.prefix
        ? () => sql<SqlBool>`${sql.ref('users.id')} like ${likePrefix(v.text)} escape '\\'`
        : (eb) => eb('users.id', '=', v.text);
    case 'username':
      return v.prefix ? textMatch('username', v) : (eb) => eb('users.username', '=', v.text);
    case 'email_verified':
      return flag(v.text, 'email_verified');
    case 'blocked':
      return flag(v.text, 'blocked');
    case 'identities.connection':
      return (eb) =>
        eb.exists(
          eb
            .selectFrom('identities')
            .innerJoin('connections', 'connections.id', 'identities.connection_id')
            .select('identities.id')
            .whereRef('identities.user_id', '=', 'users.id')
            .where('connections.name', '=', v.text),
        );
    default:
      if (field in TEXT_FIELDS) return textMatch(TEXT_FIELDS[field as keyof typeof TEXT_FIELDS], v);
      return invalid(`Unsupported field: ${field}`);
  }
}

/**
 * A subset of Auth0's Lucene user search: `field:value`, `field:"exact value"`, `field:prefix*`, bare
 * terms (prefix of email or name), joined by spaces or AND. Text matches ignore case. Fields: email,
 * name, given_name, family_name, nickname, username, user_id, email_verified, blocked, identities.connection.
 */
export function parseUserSearch(q: string | undefined): Where | undefined {
  if (q === undefined || q.trim() === '') return undefined;
  const wheres = tokens(q.trim()).map(term);
  return (eb) => eb.and(wheres.map((w) => w(eb)));
}

const SORTABLE = {
  created_at: 'created_at',
  updated_at: 'updated_at',
  email: 'email_normalized',
  name: 'name',
  user_id: 'id',
  username: 'username',
  last_login: 'last_login',
  logins_count: 'logins_count',
} as const;

export type UserSort = { column: (typeof SORTABLE)[keyof typeof SORTABLE]; direction: 'asc' | 'desc' };

/** Auth0's `sort=field:1` (ascending) or `field:-1` (descending). Default: oldest first. */
export function parseUserSort(sort: string | undefined): UserSort {
  if (sort === undefined) return { column: 'created_at', direction: 'asc' };
  const match = /^([a-z_]+):(1|-1)$/.exec(sort);
  if (!match || !(match[1] in SORTABLE)) {
    invalidQuery('sort', `Sort must be <field>:1 or <field>:-1 with field one of ${Object.keys(SORTABLE).join(', ')}`, { value: sort });
  }
  return { column: SORTABLE[match[1] as keyof typeof SORTABLE], direction: match[2] === '1' ? 'asc' : 'desc' };
}
