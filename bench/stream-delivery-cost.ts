/**
 * `npx tsx bench/stream-delivery-cost.ts [--events N]`: the CPU one webhook delivery costs, alone.
 * Records N token events up front on a fresh server (dispatcher off), then runs the dispatcher by
 * hand until a webhook stream to bench/webhook-receiver.ts has delivered them all, and prints the
 * CPU µs per event of this process (Gatehouse's dispatcher, nothing else loaded) and of the
 * receiver, for three measured rounds after a warm-up. CPU time, unlike tokens/s, stays readable
 * on a machine other work shares.
 */
import { parseArgs } from 'node:util';
import type { Actor } from '../src/domain/events/actor.js';
import { startGatehouse } from './lib/gatehouse.js';
import { startReceiver } from './scenarios/log-streams.js';

const { values: args } = parseArgs({ options: { events: { type: 'string', default: '3000' } } });
const count = Number(args.events);
const server = await startGatehouse({ env: { GATEHOUSE_LOG_STREAM_ALLOW_PRIVATE: 'true' } });
const receiver = await startReceiver();
const { events, logStreams } = server.app.services;
// The event a client-credentials token records.
const actor: Actor = { type: 'client', id: 'bench-client', clientId: 'bench-client', ip: '127.0.0.1', userAgent: 'autocannon' };
const item = { actor, event: { type: 'seccft' as const, clientName: 'Bench M2M', details: { audience: 'https://bench.example/api' } } };
const gatehouse: number[] = [];
const receiving: number[] = [];
try {
  for (let round = 0; round < 4; round += 1) {
    const stream = await server.api('POST', '/log-streams', {
      name: `cost ${round}`,
      type: 'webhook',
      sink: { httpEndpoint: receiver.url },
    });
    for (let n = 0; n < count; n += 200)
      await events.recordAll(
        server.db.kysely,
        Array.from({ length: 200 }, () => item),
      );
    await events.sequence(count + 200);
    const start = { self: process.cpuUsage(), receiver: receiver.cpuMs() };
    for (let delivered = 0; delivered < count; ) delivered += (await logStreams.dispatcher.run()).requests;
    const self = process.cpuUsage(start.self);
    if (round > 0) {
      gatehouse.push((self.user + self.system) / count);
      receiving.push(((receiver.cpuMs() - start.receiver) * 1000) / count);
    }
    await server.api('DELETE', `/log-streams/${stream.id}`, undefined, 204);
  }
  const rounded = (values: number[]) => values.map((v) => Math.round(v));
  process.stdout.write(
    `${JSON.stringify({ events: count, gatehouseUsPerEvent: rounded(gatehouse), receiverUsPerEvent: rounded(receiving) })}\n`,
  );
} finally {
  receiver.stop();
  await server.close();
}
