import { startSession } from './session';
import { PortalProblem } from './PortalProblem';
import { Portal } from './Portal';
import { mountPage } from '../app/mount-page';
import '../styles.css';
import '../screens/organizations/organizations.css';

mountPage({
  startSession,
  page: () => <Portal />,
  problem: (error, description) => <PortalProblem error={error} description={description} />,
  unavailable: 'portal_unavailable',
});
