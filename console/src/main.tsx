import { startSession } from './auth/session';
import { AuthProblem } from './app/AuthProblem';
import { App } from './app/App';
import { mountPage } from './app/mount-page';
import './styles.css';

mountPage({
  startSession,
  page: () => <App />,
  problem: (error, description) => <AuthProblem error={error} description={description} />,
  unavailable: 'console_unavailable',
});
