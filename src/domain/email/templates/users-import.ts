import { type RenderedEmail, render } from './frame.js';

/** "Users import completed" (or failed) for the tenant's administrators, with the job's summary. */
export function usersImportEmail(input: {
  link: string;
  jobId: string;
  connection: string;
  status: 'completed' | 'failed';
  statusDetails?: string;
  summary: { inserted: number; updated: number; failed: number; total: number };
}): RenderedEmail {
  const { summary } = input;
  const title = input.status === 'completed' ? 'Users import completed' : 'Users import failed';
  const counts = `${summary.total} ${summary.total === 1 ? 'row' : 'rows'}: ${summary.inserted} inserted, ${summary.updated} updated, ${summary.failed} refused.`;
  return render(title, {
    title,
    paragraphs: [
      `The users import ${input.jobId} into the connection ${input.connection} has ${input.status}.`,
      ...(input.statusDetails ? [input.statusDetails] : []),
      counts,
    ],
    action: { label: 'See the import', href: input.link },
    footnote: 'You receive this because you administer this Gatehouse tenant and the import asked for a completion email.',
    branding: {},
  });
}
