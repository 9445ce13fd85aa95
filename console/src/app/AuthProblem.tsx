import { signIn, signOut } from '../auth/session';

/** Shown instead of the console when signing in failed or the account may not use it. */
export function AuthProblem({ error, description }: { error: string; description: string }) {
  return (
    <main className="auth-problem" id="main">
      <h1>{error === 'no_access' ? 'No access to the console' : 'Could not sign you in'}</h1>
      <p role="alert">{description}</p>
      <p className="hint">
        Error code: <code>{error}</code>
      </p>
      <div className="actions">
        <button type="button" onClick={() => void signIn(undefined, 'login')}>
          Sign in as another user
        </button>
        {error === 'no_access' ? (
          <button type="button" className="secondary" onClick={signOut}>
            Sign out
          </button>
        ) : null}
      </div>
    </main>
  );
}
