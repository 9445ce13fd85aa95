import { PageHeader } from '../../ui/layout';

export default function UsersList() {
  return <PageHeader title="Users" />;
}
