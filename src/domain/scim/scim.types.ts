/** A SCIM resource as JSON (RFC 7643), without the server's `id` and `meta`. */
export type ScimResource = Record<string, unknown>;

/** One pair of the attribute mapping: a Gatehouse user field and the SCIM attribute path it follows. */
export interface ScimMappingItem {
  auth0: string;
  scim: string;
}

/** A connection's SCIM settings (Auth0's `scim-configuration`). */
export interface ScimConfiguration {
  connection_id: string;
  connection_name: string;
  strategy: string;
  tenant_name: string;
  /** The SCIM attribute whose value is the subject the connection's logins assert (SAML NameID, OIDC sub). */
  user_id_attribute: string;
  mapping: ScimMappingItem[];
  created_at: string;
  updated_on: string;
}

export interface ScimConfigurationInput {
  user_id_attribute?: string;
  mapping?: ScimMappingItem[];
}

/** A SCIM token as listed: never its value. */
export interface ScimTokenInfo {
  token_id: string;
  scopes: string[];
  created_at: string;
  valid_until?: string;
  last_used_at?: string;
}

export interface ScimTokenInput {
  scopes?: string[];
  /** Seconds; more than 900. Absent or null: the token never expires. */
  token_lifetime?: number | null;
}

/** Who a SCIM request acts as, once its bearer token checked out. */
export interface ScimCaller {
  tokenId: string;
  connectionId: string;
  scopes: Set<string>;
}

/** A stored SCIM User or Group with the server's fields. */
export interface StoredScimResource {
  id: string;
  resource: ScimResource;
  created: string;
  lastModified: string;
}

/** A lookup by one indexed attribute (`userName eq "x"`), or a predicate over every resource of the connection. */
export interface ScimListQuery {
  where?: { attribute: 'id' | 'userName' | 'externalId' | 'displayName'; value: string };
  matches?: (resource: ScimResource & { id: string }) => boolean;
  /** 1-based (RFC 7644 §3.4.2.4). */
  startIndex: number;
  count: number;
  /** Groups only: leave the members out (Entra's `excludedAttributes=members`). */
  withoutMembers?: boolean;
}

export interface ScimListResult {
  totalResults: number;
  resources: StoredScimResource[];
}

/** The declarative group → organization role mapping of a connection in an organization. */
export interface GroupRoleMapping {
  group: string;
  role_id: string;
}
