import { useState, type FormEvent } from 'react';
import { patch } from '../../api/client';
import { ErrorNotice, StatusNotice } from '../../ui/feedback';
import { SelectField, TextField } from '../../ui/fields';
import { fieldError, formLevelError, useAction } from '../../ui/hooks';
import { SIGNING_ALGS, type ResourceServer } from './types';

const FIELDS = ['name', 'token_lifetime', 'signing_alg'];

/** An API's editable settings; the identifier is fixed once created (Auth0). */
export function ApiSettings({ api, onSaved }: { api: ResourceServer; onSaved(api: ResourceServer): void }) {
  const [name, setName] = useState(api.name);
  const [lifetime, setLifetime] = useState(String(api.token_lifetime));
  const [signingAlg, setSigningAlg] = useState<string>(api.signing_alg);
  const [saved, setSaved] = useState(false);
  const save = useAction(() =>
    patch<ResourceServer>(`/resource-servers/${encodeURIComponent(api.id)}`, {
      name,
      signing_alg: signingAlg,
      token_lifetime: Number(lifetime),
    }),
  );
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved(false);
    const updated = await save.run();
    if (updated) {
      setSaved(true);
      onSaved(updated);
    }
  };
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ErrorNotice error={formLevelError(save.error, FIELDS)} />
      <StatusNotice>{saved ? 'Settings saved.' : null}</StatusNotice>
      <TextField label="Name" required value={name} onChange={(e) => setName(e.target.value)} error={fieldError(save.error, 'name')} />
      <TextField
        label="Token lifetime (seconds)"
        type="number"
        inputMode="numeric"
        min={60}
        max={2592000}
        value={lifetime}
        onChange={(e) => setLifetime(e.target.value)}
        error={fieldError(save.error, 'token_lifetime')}
        hint="How long access tokens for this API stay valid: from 60 seconds to 30 days."
      />
      <SelectField
        label="Signing algorithm"
        value={signingAlg}
        onChange={(e) => setSigningAlg(e.target.value)}
        error={fieldError(save.error, 'signing_alg')}
        options={SIGNING_ALGS.map((alg) => ({ value: alg, label: alg }))}
      />
      <div className="actions">
        <button type="submit" disabled={save.pending}>
          Save settings
        </button>
      </div>
    </form>
  );
}
