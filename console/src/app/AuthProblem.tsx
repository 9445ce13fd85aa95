import { signIn, signOut } from '../auth/session';
import { SignInProblem } from './SignInProblem';

/** Shown instead of the console when signing in failed or the account may not use it. */
export function AuthProblem({ error, description }: { error: string; description: string }) {
  return (
    <SignInProblem
      error={error}
      description={description}
      noAccessTitle="No access to the console"
      onSignIn={() => void signIn(undefined, { prompt: 'login' })}
      onSignOut={signOut}
    />
  );
}
