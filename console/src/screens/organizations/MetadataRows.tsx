import { useId } from 'react';

export interface MetadataRow {
  key: string;
  value: string;
}

/** Key/value rows for organization metadata; the API's limits come back as `error`. */
export function MetadataRows({ rows, onChange, error }: { rows: MetadataRow[]; onChange(rows: MetadataRow[]): void; error?: string }) {
  const errorId = useId();
  const set = (index: number, change: Partial<MetadataRow>) => onChange(rows.map((r, i) => (i === index ? { ...r, ...change } : r)));
  return (
    <fieldset className={`metadata${error ? ' has-error' : ''}`} aria-describedby={error ? errorId : undefined}>
      <legend>Metadata</legend>
      <p className="hint">Up to 25 keys; values are strings of at most 255 characters.</p>
      {rows.length === 0 ? <p className="empty">No metadata.</p> : null}
      {rows.map((row, index) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: rows being typed have no identity but their place (a key may be edited).
        <div className="metadata-row" key={index}>
          <div className="field">
            <label htmlFor={`${errorId}-k${index}`}>Key {index + 1}</label>
            <input
              id={`${errorId}-k${index}`}
              value={row.key}
              onChange={(e) => set(index, { key: e.target.value })}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <div className="field">
            <label htmlFor={`${errorId}-v${index}`}>Value {index + 1}</label>
            <input
              id={`${errorId}-v${index}`}
              value={row.value}
              onChange={(e) => set(index, { value: e.target.value })}
              aria-invalid={error ? true : undefined}
            />
          </div>
          <button type="button" className="secondary small" onClick={() => onChange(rows.filter((_, i) => i !== index))}>
            Remove key {index + 1}
          </button>
        </div>
      ))}
      {error ? (
        <p className="field-error" id={errorId}>
          {error}
        </p>
      ) : null}
      <div>
        <button type="button" className="secondary small" onClick={() => onChange([...rows, { key: '', value: '' }])}>
          Add metadata
        </button>
      </div>
    </fieldset>
  );
}
