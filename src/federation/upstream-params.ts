/**
 * Auth0's `upstream_params` on social connections: extra authorization request parameters for the
 * provider, each either a fixed `value` (`{"prompt": {"value": "select_account"}}`) or an `alias` of
 * a parameter the application sent to `/authorize` (`{"login": {"alias": "login_hint"}}`).
 */
export type UpstreamParams = Record<string, { value?: string; alias?: string }>;

/** The values to add to the provider's authorization URL; an alias the application did not send adds nothing. */
export function upstreamParameters(configured: UpstreamParams | undefined, request: Record<string, unknown> = {}): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, rule] of Object.entries(configured ?? {})) {
    const value = rule.value ?? (rule.alias ? request[rule.alias] : undefined);
    if (typeof value === 'string' && value !== '') out[name] = value;
    else if (typeof value === 'number') out[name] = String(value);
  }
  return out;
}
