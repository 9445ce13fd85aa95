import { useState } from 'react';

/** Copies `value` to the clipboard and says so (politely, for screen readers). */
export function CopyButton({ value, label = 'Copy' }: { value: string; label?: string }) {
  const [copied, setCopied] = useState<'yes' | 'failed' | undefined>();
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      setCopied('failed');
    }
    setTimeout(() => setCopied(undefined), 2000);
  };
  return (
    <span className="copy">
      <button type="button" className="secondary small" onClick={copy}>
        {label}
      </button>
      <span role="status" className="copy-status">
        {copied === 'yes' ? 'Copied' : copied === 'failed' ? 'Select and copy it by hand' : ''}
      </span>
    </span>
  );
}

/** A read-only value with a copy button, e.g. a URL an IT admin pastes into their IdP. */
export function CopyField({ label, value }: { label: string; value: string }) {
  return (
    <div className="copy-field">
      <span className="copy-label">{label}</span>
      <code>{value}</code>
      <CopyButton value={value} label={`Copy ${label}`} />
    </div>
  );
}
