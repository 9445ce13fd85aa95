import { invalidInput } from '../errors.js';
import { endpointProblem } from './endpoint-guard.js';
import type { LogStreamSink, LogStreamSinkInput, LogStreamType } from './log-streams.types.js';

/** Headers a stream's custom headers may not set: Gatehouse sets them, or HTTP does. */
const RESERVED_HEADERS = new Set([
  'authorization',
  'content-type',
  'content-length',
  'host',
  'connection',
  'transfer-encoding',
  'user-agent',
]);

/** Fields of the sink only `http` streams have (a webhook is always JSON, authenticated by its signature). */
const HTTP_ONLY = ['httpContentType', 'httpContentFormat', 'httpAuthorization'] as const;

function invalid(property: string, rule: string): never {
  invalidInput(property, rule);
}

/**
 * Checks a whole sink for its stream type and returns what is stored in the `sink` column (no
 * secret) with the `http` defaults filled in (JSONLINES, application/json).
 */
export function checkedSink(type: LogStreamType, sink: LogStreamSinkInput, allowPrivate: boolean): LogStreamSink {
  const problem = endpointProblem(sink.httpEndpoint, allowPrivate);
  if (problem) invalid('sink.httpEndpoint', `The endpoint ${problem}`);
  for (const [index, { header }] of (sink.httpCustomHeaders ?? []).entries()) {
    const name = header.toLowerCase();
    if (RESERVED_HEADERS.has(name) || name.startsWith('webhook-')) {
      invalid(`sink.httpCustomHeaders.${index}.header`, `The header ${header} is set by Gatehouse and cannot be a custom header`);
    }
  }
  const headers = sink.httpCustomHeaders?.length ? { httpCustomHeaders: sink.httpCustomHeaders } : {};
  if (type === 'webhook') {
    for (const field of HTTP_ONLY) {
      if (sink[field] !== undefined) invalid(`sink.${field}`, `${field} is not used by webhook streams`);
    }
    return { httpEndpoint: sink.httpEndpoint, ...headers };
  }
  return {
    httpEndpoint: sink.httpEndpoint,
    httpContentType: sink.httpContentType ?? 'application/json',
    httpContentFormat: sink.httpContentFormat ?? 'JSONLINES',
    ...headers,
  };
}
