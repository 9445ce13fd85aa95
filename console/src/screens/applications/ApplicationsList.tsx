import { PageHeader } from '../../ui/layout';

export default function ApplicationsList() {
  return <PageHeader title="Applications" />;
}
