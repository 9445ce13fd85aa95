import { startSession } from './session';
import { AccountProblem } from './AccountProblem';
import { Account } from './Account';
import { mountPage } from '../app/mount-page';
import '../styles.css';

mountPage({
  startSession,
  page: () => <Account />,
  problem: (error, description) => <AccountProblem error={error} description={description} />,
  unavailable: 'account_unavailable',
});
