import { Navigate } from 'react-router';

/** `/organizations/:id` opens the Overview tab, so every tab has its own URL. */
export default function OverviewRedirect() {
  return <Navigate to="overview" replace />;
}
