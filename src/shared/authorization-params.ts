// Auth0's and Kinde's authorization request parameters, read alike by oidc-provider's hooks
// (oidc/) and the hosted login (login/).

/** The organization named by the request (`organization` or Kinde's `org_code`). */
export function requestedOrganization(params: Record<string, unknown> | undefined): string | undefined {
  const value = params?.organization ?? params?.org_code;
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** The API the request asks a token for: RFC 8707 `resource` or Auth0's `audience`. */
export function requestedResource(params: Record<string, unknown>): string | undefined {
  const value = params.resource ?? params.audience;
  return typeof value === 'string' && value !== '' ? value : undefined;
}
