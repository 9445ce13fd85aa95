import { PageHeader } from '../../ui/layout';

export default function ConnectionsList() {
  return <PageHeader title="Connections" />;
}
