import { SignInProblem } from '../app/SignInProblem';
import { signIn } from './session';

/** Shown instead of the portal when signing in failed or the account administers nothing here. */
export function PortalProblem({ error, description }: { error: string; description: string }) {
  return (
    <SignInProblem
      error={error}
      description={description}
      noAccessTitle="No access to the organization portal"
      onSignIn={() => void signIn(undefined, { prompt: 'login' })}
    />
  );
}
