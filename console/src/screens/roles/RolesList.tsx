import { PageHeader } from '../../ui/layout';

export default function RolesList() {
  return <PageHeader title="Roles" />;
}
