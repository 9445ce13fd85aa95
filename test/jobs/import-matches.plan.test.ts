import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { CompiledQuery, type KyselyPlugin } from 'kysely';
import { findImportMatches } from '../../src/domain/jobs/import-batch.queries.js';
import { startServer, type TestServer } from '../helpers/start-server.js';

// A batch's collision look-up must cost the same at 1 000 users as at 100 000: every table it reads
// is reached through an index on the batch's own keys, never walked for the whole connection. This
// reads SQLite's plan of the statement the look-up sends (SQLite only: its planner has no table
// statistics, so its plan does not depend on the data; PostgreSQL's depends on its statistics and
// picks a sequential scan of tables as small as a test's). Before, the email arm's inner join was
// driven from the connection's identities by `connection_id` alone, one read of every identity of
// the connection per batch: the import's rate fell as the connection grew.
const DETAIL_OK = [
  /^COMPOUND QUERY$/,
  /^LEFT-MOST SUBQUERY$/,
  /^UNION ALL$/,
  /^MULTI-INDEX OR$/,
  /^INDEX \d+$/,
  /^SEARCH users USING (COVERING )?INDEX \w+ \((id|email_normalized)=\?\)$/,
  /^SEARCH identities USING INDEX identities_user \(user_id=\?\)( LEFT-JOIN)?$/,
  /^SEARCH identities USING INDEX identities_pending_email \(connection_id=\? AND pending_email=\?\)$/,
];

describe('the collision look-up of a users import batch [sqlite]', () => {
  let server: TestServer;
  before(async () => {
    server = await startServer('sqlite');
  });
  after(async () => {
    await server.close();
  });

  /** The plan of each statement `findImportMatches` sends for these keys. */
  async function plansFor(emails: string[], userIds: string[]): Promise<string[][]> {
    const db = server.database.db.kysely;
    // Every query node passes transformQuery (a union's arms too); the executed ones reach transformResult.
    const compiled = new Map<unknown, CompiledQuery>();
    const sent: CompiledQuery[] = [];
    const recorder: KyselyPlugin = {
      transformQuery(args) {
        compiled.set(args.queryId, db.getExecutor().compileQuery(args.node, args.queryId));
        return args.node;
      },
      async transformResult(args) {
        sent.push(compiled.get(args.queryId)!);
        return args.result;
      },
    };
    await findImportMatches(db.withPlugin(recorder), 'con_planned', emails, userIds);
    const plans: string[][] = [];
    for (const query of sent) {
      const plan = await db.executeQuery<{ detail: string }>(CompiledQuery.raw(`explain query plan ${query.sql}`, [...query.parameters]));
      plans.push(plan.rows.map((r) => r.detail));
    }
    return plans;
  }

  const emails = Array.from({ length: 500 }, (_, i) => `user${i}@plan.example`);
  for (const [name, keys] of [
    ['emails only (rows without user_id)', [emails, []]],
    ['user ids only', [[], ['auth0|plan-1', 'auth0|plan-2']]],
    ['emails and user ids', [emails, ['auth0|plan-1']]],
  ] as const) {
    it(`reads users and identities through indexes on the batch's keys: ${name}`, async () => {
      const plans = await plansFor([...keys[0]], [...keys[1]]);
      assert.equal(plans.length, 1, 'one statement');
      const unexpected = plans[0].filter((detail) => !DETAIL_OK.some((ok) => ok.test(detail)));
      assert.deepEqual(unexpected, [], plans[0].join('\n'));
    });
  }
});
