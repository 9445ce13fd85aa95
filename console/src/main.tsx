import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { startSession } from './auth/session';
import { AuthProblem } from './app/AuthProblem';
import { App } from './app/App';
import './styles.css';

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
        {outcome.kind === 'ready' ? <App /> : <AuthProblem error={outcome.error} description={outcome.description} />}
      </StrictMode>,
    );
  },
  (error: unknown) =>
    root.render(<AuthProblem error="console_unavailable" description={error instanceof Error ? error.message : String(error)} />),
);
