import fs from 'node:fs';
import type { Actor } from './domain/events/actor.js';
import type { Services } from './domain/services.js';
import type { UserJob } from './domain/jobs/jobs.types.js';

/** Who the CLI's jobs are recorded as started by. */
const CLI_ACTOR: Actor = { type: 'system', id: 'gatehouse', name: 'gatehouse CLI' };

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at === -1 ? undefined : args[at + 1];
}

/** A bar redrawn in place on a terminal; a plain line per change of percentage elsewhere (logs, CI). */
function progress(out: NodeJS.WriteStream) {
  let last = -1;
  return (job: UserJob) => {
    const pct = job.percentage_done ?? 0;
    const s = job.summary;
    const counts = s ? ` ${s.inserted} inserted, ${s.updated} updated, ${s.failed} failed of ${s.total}` : '';
    if (out.isTTY) {
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      out.write(`\r[${'#'.repeat(filled)}${' '.repeat(width - filled)}] ${String(pct).padStart(3)}%${counts}`);
      if (job.status === 'completed' || job.status === 'failed') out.write('\n');
    } else if (pct !== last || job.status === 'completed') out.write(`${job.status} ${pct}%${counts}\n`);
    last = pct;
  };
}

async function waitFor(services: Services, id: string, report: (job: UserJob) => void): Promise<UserJob> {
  services.jobs.runner.wake();
  for (;;) {
    const job = await services.jobs.get(id);
    report(job);
    if (job.status === 'completed' || job.status === 'failed') return job;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

/**
 * `gatehouse import users FILE --connection NAME [--upsert]` and `gatehouse export users
 * [--connection NAME] [--format json|csv] [--output FILE]`: the jobs API's work run against the
 * database by this process (a running server would pick the job up as well; the lease keeps one).
 */
export async function runJobCommand(
  services: Services,
  command: 'import' | 'export',
  args: string[],
  connection: { id: string } | undefined,
): Promise<number> {
  if (command === 'import') {
    const file = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
    if (!file || !connection) throw new Error('usage: gatehouse import users FILE --connection NAME [--upsert]');
    const created = await services.jobs.createImport(CLI_ACTOR, {
      connectionId: connection.id,
      uploadId: (await services.jobs.storeImportFile(fs.createReadStream(file))).uploadId,
      upsert: args.includes('--upsert'),
      sendCompletionEmail: false,
    });
    const job = await waitFor(services, created.id, progress(process.stderr));
    for (const row of await services.jobs.errors(job.id))
      process.stderr.write(
        `row ${JSON.stringify((row.user as { email?: string })?.email ?? row.user)}: ${row.errors.map((e) => `${e.path}: ${e.message}`).join('; ')}\n`,
      );
    await services.jobs.runner.stop();
    return job.status === 'completed' && job.summary?.failed === 0 ? 0 : 1;
  }
  const format = (option(args, '--format') ?? 'json') as 'json' | 'csv';
  if (format !== 'json' && format !== 'csv') throw new Error('--format is json or csv');
  const created = await services.jobs.createExport(CLI_ACTOR, { format, connectionId: connection?.id });
  const job = await waitFor(services, created.id, () => {});
  await services.jobs.runner.stop();
  // The file is read through its own signed link, as a download would.
  const link = new URL(job.location!);
  const file = await services.jobs.exportFile(job.id, Number(link.searchParams.get('expires')), link.searchParams.get('signature') ?? '');
  const output = option(args, '--output');
  if (output) fs.writeFileSync(output, file.body, { mode: 0o600 });
  else process.stdout.write(file.body);
  return 0;
}

export { option };
