import { type Expression, type ExpressionBuilder, type SqlBool, sql } from 'kysely';
import type { Database } from '../../db/database.js';
import { parseLogId } from './log-id.js';
import { BARE_TERM_FIELDS, type Bound, type LogQuery, type LogQueryField } from './log-query.js';

/** A condition on `events`, built from the expression builder so every value is a bound parameter. */
export type EventWhere = (eb: ExpressionBuilder<Database, 'events'>) => Expression<SqlBool>;

type TextField = Exclude<LogQueryField, 'log_id'>;

/**
 * Equality, or a prefix compared with substr (not LIKE, whose case rules differ between SQLite and
 * PostgreSQL): matches are case-sensitive on both, as Auth0's are. A null column never matches, so
 * `NOT field:x` keeps the entries without the field, as Lucene does.
 */
function text(field: TextField, value: string, prefix: boolean): EventWhere {
  const column = sql.ref(`events.${field}`);
  if (!prefix) return (eb) => eb.and([eb(column, 'is not', null), eb(column, '=', value)]);
  // sql.lit of a length computed here: a number, never text from the query.
  const head = sql<string>`substr(${column}, 1, ${sql.lit([...value].length)})`;
  return (eb) => eb.and([eb(column, 'is not', null), eb(head, '=', value)]);
}

function logId(value: string): EventWhere {
  return (eb) => eb('events.seq', '=', Number(value));
}

/** `[* TO *]` has no bound: it then keeps every entry with the field (all of them). */
function bounded(column: 'events.seq' | 'events.date', lower: Bound | undefined, upper: Bound | undefined): EventWhere {
  const ref = sql.ref(column);
  const value = (bound: Bound) => (column === 'events.seq' ? Number(bound.value) : bound.value);
  return (eb) => {
    const parts = [
      ...(lower ? [eb(ref, lower.inclusive ? '>=' : '>', value(lower))] : []),
      ...(upper ? [eb(ref, upper.inclusive ? '<=' : '<', value(upper))] : []),
    ];
    return parts.length ? eb.and(parts) : eb(ref, 'is not', null);
  };
}

/** The WHERE clause of a parsed `q`. */
export function logQueryWhere(node: LogQuery): EventWhere {
  switch (node.kind) {
    case 'and': {
      const terms = node.terms.map(logQueryWhere);
      return (eb) => eb.and(terms.map((t) => t(eb)));
    }
    case 'or': {
      const terms = node.terms.map(logQueryWhere);
      return (eb) => eb.or(terms.map((t) => t(eb)));
    }
    case 'not': {
      const term = logQueryWhere(node.term);
      return (eb) => eb.not(term(eb));
    }
    case 'exists':
      return node.field === 'log_id'
        ? (eb) => eb('events.seq', 'is not', null)
        : (eb) => eb(sql.ref(`events.${node.field}`), 'is not', null);
    case 'range':
      return bounded(node.field === 'log_id' ? 'events.seq' : 'events.date', node.lower, node.upper);
    case 'match': {
      if (node.field === 'log_id') return logId(node.value);
      if (node.field) return text(node.field, node.value, node.prefix);
      // A bare term: any of Auth0's bare-term fields; log_id only when the term could be one.
      const couldBeLogId = !node.prefix && parseLogId(node.value) !== undefined;
      const terms = BARE_TERM_FIELDS.filter((field) => field !== 'log_id' || couldBeLogId).map((field) =>
        field === 'log_id' ? logId(node.value) : text(field, node.value, node.prefix),
      );
      return (eb) => eb.or(terms.map((t) => t(eb)));
    }
  }
}
