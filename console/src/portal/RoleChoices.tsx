import { CheckboxField } from '../ui/fields';
import type { Role } from './api';

/** The organization's roles as checkboxes under `legend`; `onChange` gets the new set of ids. */
export function RoleChoices({
  legend,
  roles,
  chosen,
  onChange,
}: {
  legend: string;
  roles: Role[];
  chosen: Set<string>;
  onChange(next: Set<string>): void;
}) {
  return (
    <fieldset>
      <legend>{legend}</legend>
      {roles.map((r) => (
        <CheckboxField
          key={r.id}
          label={r.name}
          hint={r.description}
          checked={chosen.has(r.id)}
          onChange={(e) => {
            const next = new Set(chosen);
            if (e.target.checked) next.add(r.id);
            else next.delete(r.id);
            onChange(next);
          }}
        />
      ))}
    </fieldset>
  );
}
