/** Shown instead of a page when signing in failed or the account may not use it. */
export function SignInProblem({
  error,
  description,
  noAccessTitle,
  onSignIn,
  onSignOut,
}: {
  error: string;
  description: string;
  /** The heading when the account has no access (`no_access`). */
  noAccessTitle: string;
  onSignIn(): void;
  /** Offered when the account has no access, so another can sign in. */
  onSignOut?: () => void;
}) {
  return (
    <main className="auth-problem" id="main">
      <h1>{error === 'no_access' ? noAccessTitle : 'Could not sign you in'}</h1>
      <p role="alert">{description}</p>
      <p className="hint">
        Error code: <code>{error}</code>
      </p>
      <div className="actions">
        <button type="button" onClick={onSignIn}>
          Sign in as another user
        </button>
        {error === 'no_access' && onSignOut ? (
          <button type="button" className="secondary" onClick={onSignOut}>
            Sign out
          </button>
        ) : null}
      </div>
    </main>
  );
}
