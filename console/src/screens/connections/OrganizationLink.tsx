import { Link } from 'react-router';
import { get } from '../../api/client';
import { useLoad } from '../../ui/hooks';

// Several rows often name the same organization: one request each, shared.
const names = new Map<string, Promise<string>>();

function organizationName(id: string): Promise<string> {
  let name = names.get(id);
  if (!name) {
    name = get<{ name: string; display_name?: string }>(`/organizations/${id}`).then(
      (o) => o.display_name ?? o.name,
      () => id,
    );
    names.set(id, name);
  }
  return name;
}

/** A link to the organization that owns a connection, by its display name. */
export function OrganizationLink({ id }: { id: string }) {
  const name = useLoad(id, () => organizationName(id));
  return <Link to={`/organizations/${id}`}>{name.data ?? id}</Link>;
}
