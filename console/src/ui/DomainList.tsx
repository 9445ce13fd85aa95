import type { FormEvent, ReactNode } from 'react';
import { ConfirmButton } from './ConfirmButton';
import { CopyField } from './CopyButton';
import { TextField } from './fields';
import { ErrorNotice, StatusNotice } from './feedback';
import { fieldError, formLevelError } from './hooks';

/** What a domain row shows, from the Management API's discovery domains and the My Organization API's domains alike. */
export interface DomainRowData {
  id: string;
  domain: string;
  status: 'pending' | 'verified' | 'failed';
  verification_txt: string;
  verification_host: string;
}

const STATUS: Record<DomainRowData['status'], { label: string; badge: string }> = {
  pending: { label: 'Pending', badge: 'warn' },
  verified: { label: 'Verified', badge: 'ok' },
  failed: { label: 'Failed', badge: 'warn' },
};

/**
 * An organization's email domains: each with its status, the TXT record to publish until it is
 * verified, and Verify / Remove buttons where the caller allows them.
 */
export function DomainList<T extends DomainRowData>({
  domains,
  verifying,
  onVerify,
  onRemove,
  removeDescription,
  details,
}: {
  domains: T[];
  verifying: boolean;
  /** Absent: no Verify button. */
  onVerify?: (d: T) => void;
  /** Absent: no Remove button. */
  onRemove?: (d: T) => Promise<void>;
  removeDescription: string;
  /** More about one domain, under its name (e.g. its discovery use, its last check). */
  details?: (d: T) => ReactNode;
}) {
  return (
    <ul className="invitation-list" aria-label="Domains">
      {domains.map((d) => (
        <li key={d.id} className="invitation">
          <div>
            <strong>{d.domain}</strong> <span className={`badge ${STATUS[d.status].badge}`}>{STATUS[d.status].label}</span>
            {d.status !== 'verified' ? (
              <>
                <p className="hint">Publish this DNS TXT record, then verify:</p>
                <CopyField label={`TXT host for ${d.domain}`} value={d.verification_host} />
                <CopyField label={`TXT value for ${d.domain}`} value={d.verification_txt} />
              </>
            ) : null}
            {details?.(d)}
          </div>
          <div className="actions">
            {d.status !== 'verified' && onVerify ? (
              <button type="button" className="secondary small" disabled={verifying} onClick={() => onVerify(d)}>
                Verify {d.domain}
              </button>
            ) : null}
            {onRemove ? (
              <ConfirmButton
                className="danger small"
                title={`Remove ${d.domain}?`}
                confirmLabel="Remove domain"
                description={removeDescription}
                onConfirm={() => onRemove(d)}
              >
                Remove {d.domain}
              </ConfirmButton>
            ) : null}
          </div>
        </li>
      ))}
    </ul>
  );
}

/** The "Add domain" form: one domain field (and whatever `children` add), its errors, its button. */
export function AddDomainForm({
  domain,
  onDomainChange,
  onSubmit,
  pending,
  error,
  notice,
  hint,
  otherFields = [],
  children,
}: {
  domain: string;
  onDomainChange(value: string): void;
  onSubmit(): void;
  pending: boolean;
  error: Error | undefined;
  /** A status line over the form (e.g. what was just added). */
  notice?: string;
  hint: string;
  /** The other fields' names, whose errors `children` show. */
  otherFields?: string[];
  children?: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit();
  };
  return (
    <form className="section" onSubmit={submit} aria-label="Add domain" noValidate>
      <h2>Add domain</h2>
      <StatusNotice>{notice || null}</StatusNotice>
      <ErrorNotice error={formLevelError(error, ['domain', ...otherFields])} />
      <div className="form">
        <TextField
          label="Domain"
          required
          value={domain}
          placeholder="example.com"
          onChange={(e) => onDomainChange(e.target.value)}
          error={fieldError(error, 'domain')}
          hint={hint}
        />
        {children}
        <div className="actions">
          <button type="submit" disabled={pending}>
            Add domain
          </button>
        </div>
      </div>
    </form>
  );
}
