/**
 * `npx tsx bench/stream-row.ts [--duration N] [--runs N]`: the log-stream rows of `npm run bench`
 * alone, each run on a fresh server as bench/run.ts starts it (dispatcher on, loopback endpoints
 * allowed): tokens/s with a webhook stream vs without, interleaved, and the delivery lag under
 * logins. Prints one JSON line per run with the load average before it.
 */
import os from 'node:os';
import { parseArgs } from 'node:util';
import { startGatehouse } from './lib/gatehouse.js';
import { measureLogStreams } from './scenarios/log-streams.js';
import { prepareLogins } from './scenarios/login.js';
import { createBenchApi } from './scenarios/tokens.js';

const { values: args } = parseArgs({ options: { duration: { type: 'string', default: '6' }, runs: { type: 'string', default: '1' } } });
const seconds = Number(args.duration);
for (let run = 0; run < Number(args.runs); run += 1) {
  const load = os.loadavg()[0];
  const server = await startGatehouse({ dispatcher: true, env: { GATEHOUSE_LOG_STREAM_ALLOW_PRIVATE: 'true' } });
  try {
    await createBenchApi(server);
    const jobs = await prepareLogins(server, seconds);
    const m = await measureLogStreams(server, jobs.plain, seconds);
    const ratio = m.tokens.with / m.tokens.without;
    process.stdout.write(`${JSON.stringify({ load: Number(load.toFixed(2)), ...m, ratio: Number(ratio.toFixed(3)) })}\n`);
  } finally {
    await server.close();
  }
}
