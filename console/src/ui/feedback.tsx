import type { ReactNode } from 'react';
import { ApiError } from '../api/client';

/** An error for the whole form or page, announced to screen readers as it appears. */
export function ErrorNotice({ error, title }: { error: Error | undefined; title?: string }) {
  if (!error) return null;
  return (
    <div className="notice error" role="alert">
      {title ? <strong>{title} </strong> : null}
      {error.message}
      {error instanceof ApiError && error.status === 403 ? ' (your token lacks the permission this needs).' : null}
    </div>
  );
}

/** A success message, announced politely. */
export function StatusNotice({ children }: { children: ReactNode }) {
  return children ? (
    <div className="notice success" role="status">
      {children}
    </div>
  ) : (
    <div role="status" className="visually-hidden" />
  );
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status">
      {label}
    </p>
  );
}

export function Empty({ children }: { children: ReactNode }) {
  return <p className="empty">{children}</p>;
}
