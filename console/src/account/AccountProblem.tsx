import { SignInProblem } from '../app/SignInProblem';
import { signIn, signOut } from './session';

/** Shown instead of the account page when signing in failed. */
export function AccountProblem({ error, description }: { error: string; description: string }) {
  return (
    <SignInProblem
      error={error}
      description={description}
      noAccessTitle="No access to your account page"
      onSignIn={() => void signIn(undefined, { prompt: 'login' })}
      onSignOut={signOut}
    />
  );
}
