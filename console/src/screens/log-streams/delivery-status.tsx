import type { LogStream } from './types';

/** The stream's state in a word, as a badge: green when delivering, amber when failing or stopped. */
export function StatusBadge({ stream }: { stream: LogStream }) {
  if (stream.status === 'suspended') return <span className="badge warn">Suspended</span>;
  if (stream.status === 'paused') return <span className="badge">Paused</span>;
  if (stream.delivery.failures > 0) return <span className="badge warn">Retrying</span>;
  return <span className="badge ok">Active</span>;
}

/** How delivery is going, in a sentence: up to date, behind, retrying, or why it stopped. */
export function deliverySummary(stream: LogStream): string {
  const { delivery } = stream;
  const behind = delivery.lag === 1 ? '1 event to look at' : `${delivery.lag} events to look at`;
  if (stream.status === 'suspended')
    return `Suspended after ${delivery.failures} failed attempts: ${delivery.last_error ?? 'unknown error'}`;
  if (stream.status === 'paused') return delivery.lag > 0 ? `Paused with ${behind}` : 'Paused, up to date';
  if (delivery.failures > 0)
    return `Retrying after ${delivery.failures} failed attempt${delivery.failures === 1 ? '' : 's'}: ${delivery.last_error ?? ''}`;
  return delivery.lag > 0 ? `Delivering, ${behind}` : 'Up to date';
}

/** A stored timestamp in the administrator's locale, or "never". */
export function when(value: string | null): string {
  return value ? new Date(value).toLocaleString() : 'never';
}
