import { useState, type FormEvent } from 'react';
import { ErrorNotice } from '../../ui/feedback';
import { CheckboxField, SelectField } from '../../ui/fields';
import type { ResourceServer } from './types';

interface Props {
  /** The APIs to choose from. */
  apis: ResourceServer[];
  /** Scopes already given, per API identifier: not offered again. */
  taken?(identifier: string): Set<string>;
  /** The submit button's text, e.g. "Add permissions". */
  submitLabel: string;
  /** Whether an API with no scope left to pick may still be chosen (a grant without scopes is valid). */
  allowNoScope?: boolean;
  /** Resolves true when the change was saved (the picker then clears). */
  onSubmit(api: ResourceServer, scopes: string[]): Promise<boolean | undefined>;
  error?: Error;
  pending?: boolean;
}

/** Picks an API, then some of its permissions (scopes): for a role's permissions and an application's grants. */
export function ScopePicker({ apis, taken, submitLabel, allowNoScope = false, onSubmit, error, pending }: Props) {
  const [apiId, setApiId] = useState('');
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const api = apis.find((a) => a.id === apiId);
  const used = api && taken ? taken(api.identifier) : new Set<string>();
  const available = api ? api.scopes.filter((s) => !used.has(s.value)) : [];
  const toggle = (value: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(value);
    else next.delete(value);
    setChosen(next);
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    if (!api) return;
    if (await onSubmit(api, [...chosen])) {
      setChosen(new Set());
      setApiId('');
    }
  };
  return (
    <form className="form" onSubmit={submit}>
      <SelectField
        label="API"
        value={apiId}
        onChange={(e) => {
          setApiId(e.target.value);
          setChosen(new Set());
        }}
        options={[{ value: '', label: 'Choose an API…' }, ...apis.map((a) => ({ value: a.id, label: `${a.name} (${a.identifier})` }))]}
      />
      {api ? (
        <fieldset>
          <legend>Permissions of {api.name}</legend>
          {available.length === 0 ? <p className="hint">No permission left to add from this API.</p> : null}
          {available.map((s) => (
            <CheckboxField
              key={s.value}
              label={<code>{s.value}</code>}
              hint={s.description}
              checked={chosen.has(s.value)}
              onChange={(e) => toggle(s.value, e.target.checked)}
            />
          ))}
        </fieldset>
      ) : null}
      <ErrorNotice error={error} />
      <div className="actions">
        <button type="submit" disabled={!api || pending || (!allowNoScope && chosen.size === 0)}>
          {submitLabel}
        </button>
      </div>
    </form>
  );
}
