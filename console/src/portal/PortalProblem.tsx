import { signIn } from './session';

/** Shown instead of the portal when signing in failed or the account administers nothing here. */
export function PortalProblem({ error, description }: { error: string; description: string }) {
  return (
    <main className="auth-problem" id="main">
      <h1>{error === 'no_access' ? 'No access to the organization portal' : 'Could not sign you in'}</h1>
      <p role="alert">{description}</p>
      <p className="hint">
        Error code: <code>{error}</code>
      </p>
      <div className="actions">
        <button type="button" onClick={() => void signIn(undefined, { prompt: 'login' })}>
          Sign in as another user
        </button>
      </div>
    </main>
  );
}
