import { useState, type FormEvent, type ReactNode } from 'react';
import { ErrorNotice } from '../../ui/feedback';
import { CheckboxField, SelectField, TextField } from '../../ui/fields';
import { fieldError, formLevelError } from '../../ui/hooks';
import {
  CONTENT_FORMATS,
  LOG_STREAM_CATEGORIES,
  type ContentFormat,
  type LogStream,
  type LogStreamCategory,
  type LogStreamType,
} from './types';

export interface StreamFormValues {
  name: string;
  type: LogStreamType;
  endpoint: string;
  contentFormat: ContentFormat;
  contentType: string;
  /** A new Authorization value; empty keeps the stored one (when editing). */
  authorization: string;
  removeAuthorization: boolean;
  categories: LogStreamCategory[];
}

const FORMAT_LABELS: Record<ContentFormat, string> = {
  JSONLINES: 'JSON lines: one request per batch, one event per line',
  JSONARRAY: 'JSON array: one request per batch',
  JSONOBJECT: 'JSON object: one request per event',
};

const FIELDS = ['name', 'type', 'sink', 'filters'];

/** The body the API takes for these values: the whole stream on create, the changes on edit. */
export function streamBody(values: StreamFormValues, editing: boolean): Record<string, unknown> {
  const http = values.type === 'http';
  const authorization = values.removeAuthorization ? '' : values.authorization.trim();
  return {
    name: values.name.trim() || undefined,
    ...(editing ? {} : { type: values.type }),
    filters: values.categories.map((name) => ({ type: 'category', name })),
    sink: {
      httpEndpoint: values.endpoint.trim(),
      ...(http
        ? {
            httpContentFormat: values.contentFormat,
            httpContentType: values.contentType.trim() || 'application/json',
            ...(authorization || (editing && values.removeAuthorization) ? { httpAuthorization: authorization } : {}),
          }
        : {}),
    },
  };
}

/** A stream's settings, for creating (the type may be chosen) and editing (it may not). */
export function LogStreamForm({
  stream,
  error,
  pending,
  submitLabel,
  onSubmit,
  children,
}: {
  stream?: LogStream;
  error?: Error;
  pending: boolean;
  submitLabel: string;
  onSubmit(values: StreamFormValues): void;
  children?: ReactNode;
}) {
  const [values, setValues] = useState<StreamFormValues>({
    name: stream?.name ?? '',
    type: stream?.type ?? 'http',
    endpoint: stream?.sink.httpEndpoint ?? '',
    contentFormat: stream?.sink.httpContentFormat ?? 'JSONLINES',
    contentType: stream?.sink.httpContentType ?? 'application/json',
    authorization: '',
    removeAuthorization: false,
    categories: stream?.filters.map((f) => f.name) ?? [],
  });
  const set = <K extends keyof StreamFormValues>(key: K, value: StreamFormValues[K]) => setValues((v) => ({ ...v, [key]: value }));
  const toggle = (category: LogStreamCategory, on: boolean) =>
    set('categories', on ? [...values.categories, category] : values.categories.filter((c) => c !== category));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSubmit(values);
  };
  const http = values.type === 'http';
  return (
    <form className="form" onSubmit={submit} noValidate>
      <ErrorNotice error={formLevelError(error, FIELDS)} />
      <TextField
        label="Name"
        maxLength={128}
        value={values.name}
        onChange={(e) => set('name', e.target.value)}
        error={fieldError(error, 'name')}
      />
      {stream ? null : (
        <SelectField
          label="Type"
          value={values.type}
          onChange={(e) => set('type', e.target.value as LogStreamType)}
          error={fieldError(error, 'type')}
          options={[
            { value: 'http', label: 'Custom webhook (Auth0 format)' },
            { value: 'webhook', label: 'Standard Webhooks (signed, one request per event)' },
          ]}
          hint={
            http
              ? 'Batches of { log_id, data } entries, authenticated by an Authorization header you choose.'
              : 'Each event is POSTed as { type, timestamp, data } and signed; receivers verify it with a Standard Webhooks library.'
          }
        />
      )}
      <TextField
        label="Endpoint URL"
        required
        type="url"
        value={values.endpoint}
        onChange={(e) => set('endpoint', e.target.value)}
        error={fieldError(error, 'sink.httpEndpoint')}
        hint="Where events are POSTed, e.g. https://siem.example.com/ingest."
      />
      {http ? (
        <>
          <SelectField
            label="Content format"
            value={values.contentFormat}
            onChange={(e) => set('contentFormat', e.target.value as ContentFormat)}
            error={fieldError(error, 'sink.httpContentFormat')}
            options={CONTENT_FORMATS.map((f) => ({ value: f, label: FORMAT_LABELS[f] }))}
          />
          <TextField
            label="Content type"
            value={values.contentType}
            onChange={(e) => set('contentType', e.target.value)}
            error={fieldError(error, 'sink.httpContentType')}
          />
          <TextField
            label="Authorization header"
            type="password"
            autoComplete="off"
            value={values.authorization}
            onChange={(e) => set('authorization', e.target.value)}
            error={fieldError(error, 'sink.httpAuthorization')}
            hint={
              stream
                ? 'The stored value is never shown. Type a new one to replace it; leave empty to keep it.'
                : 'Optional, e.g. Bearer <token>. Stored, sent with every request, never shown again.'
            }
          />
          {stream ? (
            <CheckboxField
              label="Remove the Authorization header"
              checked={values.removeAuthorization}
              onChange={(e) => set('removeAuthorization', e.target.checked)}
            />
          ) : null}
        </>
      ) : null}
      <fieldset>
        <legend>Event categories</legend>
        <p className="hint">Only events of the checked categories are sent. None checked: every event.</p>
        {fieldError(error, 'filters') ? <p className="field-error">{fieldError(error, 'filters')}</p> : null}
        <div className="category-grid">
          {LOG_STREAM_CATEGORIES.map((category) => (
            <CheckboxField
              key={category}
              label={category}
              checked={values.categories.includes(category)}
              onChange={(e) => toggle(category, e.target.checked)}
            />
          ))}
        </div>
      </fieldset>
      <div className="actions">
        <button type="submit" disabled={pending}>
          {submitLabel}
        </button>
        {children}
      </div>
    </form>
  );
}
