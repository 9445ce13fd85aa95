import { useState, type FormEvent } from 'react';
import { patch } from '../../api/client';
import { TextAreaField } from '../../ui/fields';
import { ErrorNotice, StatusNotice } from '../../ui/feedback';
import { fieldError, formLevelError, useAction } from '../../ui/hooks';
import { metadataPatch, parseMetadata } from './metadata-patch';
import { userPath, type User } from './types';

type Field = 'user_metadata' | 'app_metadata';
const FIELDS: Field[] = ['user_metadata', 'app_metadata'];
const show = (value: Record<string, unknown>) => JSON.stringify(value, null, 2);

/** user_metadata and app_metadata edited as JSON; Update stores exactly what the boxes show. */
export function UserMetadata({ user, onSaved }: { user: User; onSaved(): void }) {
  // What the API last answered: the baseline each update's patch is computed from.
  const [stored, setStored] = useState<Record<Field, Record<string, unknown>>>({
    user_metadata: user.user_metadata,
    app_metadata: user.app_metadata,
  });
  const [text, setText] = useState<Record<Field, string>>({
    user_metadata: show(user.user_metadata),
    app_metadata: show(user.app_metadata),
  });
  const [problems, setProblems] = useState<Partial<Record<Field, string>>>({});
  const [saved, setSaved] = useState('');
  const save = useAction((body: Record<string, unknown>) => patch<User>(userPath(user.user_id), body));
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaved('');
    save.reset();
    const found: Partial<Record<Field, string>> = {};
    const body: Record<string, unknown> = {};
    for (const field of FIELDS) {
      const parsed = parseMetadata(text[field]);
      if ('problem' in parsed) found[field] = parsed.problem;
      else {
        const change = metadataPatch(stored[field], parsed.value);
        if (change) body[field] = change;
      }
    }
    setProblems(found);
    if (Object.keys(found).length) return;
    if (Object.keys(body).length === 0) {
      setSaved('Nothing has changed.');
      return;
    }
    const updated = await save.run(body);
    if (!updated) return;
    setStored({ user_metadata: updated.user_metadata, app_metadata: updated.app_metadata });
    setText({ user_metadata: show(updated.user_metadata), app_metadata: show(updated.app_metadata) });
    setSaved('Metadata updated.');
    onSaved();
  };
  const edit = (field: Field, value: string) => {
    setText({ ...text, [field]: value });
    setProblems({ ...problems, [field]: undefined });
  };
  return (
    <form className="metadata-form" onSubmit={submit} aria-label="Metadata" noValidate>
      <h3>Metadata</h3>
      <StatusNotice>{saved || null}</StatusNotice>
      <ErrorNotice error={formLevelError(save.error, FIELDS)} />
      <div className="metadata-pair">
        <TextAreaField
          label="User metadata"
          value={text.user_metadata}
          onChange={(e) => edit('user_metadata', e.target.value)}
          spellCheck={false}
          hint="A JSON object: data the user may see and change, such as preferences."
          error={problems.user_metadata ?? fieldError(save.error, 'user_metadata')}
        />
        <TextAreaField
          label="App metadata"
          value={text.app_metadata}
          onChange={(e) => edit('app_metadata', e.target.value)}
          spellCheck={false}
          hint="A JSON object: data that governs the user's access, such as a plan; the user cannot change it."
          error={problems.app_metadata ?? fieldError(save.error, 'app_metadata')}
        />
      </div>
      <div className="actions">
        <button type="submit" disabled={save.pending}>
          Update metadata
        </button>
      </div>
    </form>
  );
}
