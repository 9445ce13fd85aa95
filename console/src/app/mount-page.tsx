import { StrictMode, type ReactNode } from 'react';
import { createRoot } from 'react-dom/client';
import type { StartOutcome } from '../auth/oidc-session';

/**
 * Starts a page of the build: "Signing you in…" while the session starts, then the page, or the
 * problem when signing in failed (`unavailable` names a failure to start at all).
 */
export function mountPage({
  startSession,
  page,
  problem,
  unavailable,
}: {
  startSession(): Promise<StartOutcome>;
  page(): ReactNode;
  problem(error: string, description: string): ReactNode;
  unavailable: string;
}): void {
  const root = createRoot(document.getElementById('root')!);
  root.render(
    <p className="loading" role="status">
      Signing you in…
    </p>,
  );
  startSession().then(
    (outcome) => {
      if (outcome.kind === 'redirecting') return;
      root.render(<StrictMode>{outcome.kind === 'ready' ? page() : problem(outcome.error, outcome.description)}</StrictMode>);
    },
    (error: unknown) => root.render(problem(unavailable, error instanceof Error ? error.message : String(error))),
  );
}
