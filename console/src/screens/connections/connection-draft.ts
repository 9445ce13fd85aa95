import type { Connection, ConnectionOptions } from './types';

/** How a SAML connection learns about the IdP. */
export type SamlSource = 'xml' | 'url' | 'fields';

/** What the connection form edits, as text the inputs hold. */
export interface ConnectionDraft {
  name: string;
  display_name: string;
  domains: string;
  is_create_missing_user: boolean;
  is_trusted: boolean;
  samlSource: SamlSource;
  metadataXml: string;
  metadataUrl: string;
  signInEndpoint: string;
  signingCert: string;
  discovery_url: string;
  client_id: string;
  /** Write-only: empty means "keep the stored one". */
  client_secret: string;
  /** `profile field = IdP attribute`, one a line. */
  mapping: string;
}

const text = (value: unknown) => (typeof value === 'string' ? value : '');

function mappingOf(strategy: string, options: ConnectionOptions): Record<string, string> {
  if (strategy === 'samlp') return (options.attributeMapping ?? options.fieldsMap ?? {}) as Record<string, string>;
  const map = options.attribute_map as { attributes?: Record<string, string> } | undefined;
  return map?.attributes ?? {};
}

export function emptyDraft(): ConnectionDraft {
  return {
    name: '',
    display_name: '',
    domains: '',
    is_create_missing_user: true,
    is_trusted: false,
    samlSource: 'xml',
    metadataXml: '',
    metadataUrl: '',
    signInEndpoint: '',
    signingCert: '',
    discovery_url: '',
    client_id: '',
    client_secret: '',
    mapping: '',
  };
}

export function draftOf(connection: Connection): ConnectionDraft {
  const o = connection.options;
  return {
    name: connection.name,
    display_name: connection.display_name ?? '',
    domains: (o.domain_aliases ?? []).join(', '),
    is_create_missing_user: o.is_create_missing_user ?? true,
    is_trusted: o.is_trusted ?? false,
    samlSource: o.metadataUrl ? 'url' : o.metadataXml ? 'xml' : o.signInEndpoint ? 'fields' : 'xml',
    metadataXml: text(o.metadataXml),
    metadataUrl: text(o.metadataUrl),
    signInEndpoint: text(o.signInEndpoint),
    signingCert: text(o.signingCert),
    discovery_url: text(o.discovery_url),
    client_id: text(o.client_id),
    client_secret: '',
    mapping: Object.entries(mappingOf(connection.strategy, o))
      .map(([k, v]) => `${k} = ${v}`)
      .join('\n'),
  };
}

function parseMapping(lines: string): Record<string, string> {
  const map: Record<string, string> = {};
  for (const line of lines.split('\n')) {
    const at = line.indexOf('=');
    if (at > 0) map[line.slice(0, at).trim()] = line.slice(at + 1).trim();
  }
  return map;
}

// Keys the form owns; on edit, every other stored option is sent back unchanged (PATCH replaces options).
const FORM_KEYS = [
  'domain_aliases',
  'is_create_missing_user',
  'is_trusted',
  'metadataXml',
  'metadataUrl',
  'signInEndpoint',
  'signingCert',
  'discovery_url',
  'client_id',
  'client_secret',
  'attributeMapping',
  'fieldsMap',
  'attribute_map',
];

/** The options to send for `strategy`, starting from the stored ones (`base`) when editing. */
export function optionsOf(strategy: string, draft: ConnectionDraft, base: Partial<ConnectionOptions> = {}): Record<string, unknown> {
  const options: Record<string, unknown> = Object.fromEntries(Object.entries(base).filter(([k]) => !FORM_KEYS.includes(k)));
  options.domain_aliases = draft.domains
    .split(/[\s,]+/)
    .map((d) => d.trim())
    .filter(Boolean);
  options.is_create_missing_user = draft.is_create_missing_user;
  options.is_trusted = draft.is_trusted;
  const set = (key: string, value: string) => {
    if (value.trim()) options[key] = value.trim();
  };
  const mapping = parseMapping(draft.mapping);
  if (strategy === 'samlp') {
    if (draft.samlSource === 'xml') set('metadataXml', draft.metadataXml);
    if (draft.samlSource === 'url') set('metadataUrl', draft.metadataUrl);
    if (draft.samlSource === 'fields') {
      set('signInEndpoint', draft.signInEndpoint);
      set('signingCert', draft.signingCert);
    }
    if (Object.keys(mapping).length) options.attributeMapping = mapping;
  }
  if (strategy === 'google-oauth2' || strategy === 'github') {
    set('client_id', draft.client_id);
    set('client_secret', draft.client_secret);
  }
  if (strategy === 'oidc') {
    set('discovery_url', draft.discovery_url);
    set('client_id', draft.client_id);
    set('client_secret', draft.client_secret);
    if (Object.keys(mapping).length) options.attribute_map = { mapping_mode: 'use_map', attributes: mapping };
  }
  return options;
}
