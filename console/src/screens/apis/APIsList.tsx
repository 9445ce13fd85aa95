import { PageHeader } from '../../ui/layout';

export default function APIsList() {
  return <PageHeader title="APIs" />;
}
