import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startSession } from './session';
import { PortalProblem } from './PortalProblem';
import { Portal } from './Portal';
import '../styles.css';
import '../screens/organizations/organizations.css';

const root = createRoot(document.getElementById('root')!);
root.render(
  <p className="loading" role="status">
    Signing you in…
  </p>,
);

startSession().then(
  (outcome) => {
    if (outcome.kind === 'redirecting') return;
    root.render(
      <StrictMode>
        {outcome.kind === 'ready' ? <Portal /> : <PortalProblem error={outcome.error} description={outcome.description} />}
      </StrictMode>,
    );
  },
  (error: unknown) =>
    root.render(<PortalProblem error="portal_unavailable" description={error instanceof Error ? error.message : String(error)} />),
);
