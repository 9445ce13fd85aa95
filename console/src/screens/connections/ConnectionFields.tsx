import { CheckboxField, TextAreaField, TextField } from '../../ui/fields';
import { fieldError } from '../../ui/hooks';
import type { ConnectionDraft, SamlSource } from './connection-draft';
import { SOCIAL_STRATEGIES } from './types';

interface Props {
  strategy: string;
  draft: ConnectionDraft;
  onChange(patch: Partial<ConnectionDraft>): void;
  error: Error | undefined;
  /** Editing a stored connection: a secret is already set and stays unless replaced. */
  editing?: boolean;
}

/** The fields the form shows, by API property, for naming errors beside them. */
export const FORM_FIELDS = [
  'name',
  'display_name',
  'organization_id',
  'options.domain_aliases',
  'options.is_create_missing_user',
  'options.is_trusted',
  'options.metadataXml',
  'options.metadataUrl',
  'options.signInEndpoint',
  'options.signingCert',
  'options.discovery_url',
  'options.client_id',
  'options.client_secret',
  'options.attributeMapping',
  'options.attribute_map',
];

const SOURCES: { value: SamlSource; label: string }[] = [
  { value: 'xml', label: 'Paste the IdP metadata XML' },
  { value: 'url', label: 'Fetch the IdP metadata from a URL' },
  { value: 'fields', label: 'Enter the sign-in URL and certificate' },
];

function SamlFields({ draft, onChange, error }: Props) {
  return (
    <fieldset>
      <legend>Identity provider</legend>
      <div role="radiogroup" aria-label="How to configure the identity provider" className="choices">
        {SOURCES.map((s) => (
          <label key={s.value} className="choice">
            <input
              type="radio"
              name="samlSource"
              value={s.value}
              checked={draft.samlSource === s.value}
              onChange={() => onChange({ samlSource: s.value })}
            />
            {s.label}
          </label>
        ))}
      </div>
      {draft.samlSource === 'xml' ? (
        <TextAreaField
          label="IdP metadata XML"
          rows={8}
          value={draft.metadataXml}
          onChange={(e) => onChange({ metadataXml: e.target.value })}
          hint="The metadata document your customer's IT admin downloads from their IdP."
          error={fieldError(error, 'options.metadataXml')}
        />
      ) : null}
      {draft.samlSource === 'url' ? (
        <TextField
          label="IdP metadata URL"
          type="url"
          value={draft.metadataUrl}
          onChange={(e) => onChange({ metadataUrl: e.target.value })}
          hint="HTTPS only; fetched when you save."
          error={fieldError(error, 'options.metadataUrl')}
        />
      ) : null}
      {draft.samlSource === 'fields' ? (
        <>
          <TextField
            label="Sign-in URL"
            type="url"
            value={draft.signInEndpoint}
            onChange={(e) => onChange({ signInEndpoint: e.target.value })}
            hint="The IdP's single sign-on URL (HTTP-Redirect binding)."
            error={fieldError(error, 'options.signInEndpoint')}
          />
          <TextAreaField
            label="Signing certificate"
            rows={6}
            value={draft.signingCert}
            onChange={(e) => onChange({ signingCert: e.target.value })}
            hint="PEM, from -----BEGIN CERTIFICATE-----."
            error={fieldError(error, 'options.signingCert')}
          />
        </>
      ) : null}
    </fieldset>
  );
}

function OidcFields({ draft, onChange, error, editing }: Props) {
  return (
    <fieldset>
      <legend>Identity provider</legend>
      <TextField
        label="Discovery URL"
        type="url"
        value={draft.discovery_url}
        onChange={(e) => onChange({ discovery_url: e.target.value })}
        hint="Ends in /.well-known/openid-configuration."
        error={fieldError(error, 'options.discovery_url')}
      />
      <TextField
        label="Client ID"
        value={draft.client_id}
        onChange={(e) => onChange({ client_id: e.target.value })}
        error={fieldError(error, 'options.client_id')}
      />
      <TextField
        label="Client secret"
        type="password"
        autoComplete="new-password"
        value={draft.client_secret}
        onChange={(e) => onChange({ client_secret: e.target.value })}
        error={fieldError(error, 'options.client_secret')}
        hint={editing ? 'A secret is stored and is never shown. Leave this empty to keep it.' : 'Kept by the server and never shown again.'}
      />
    </fieldset>
  );
}

function SocialFields({ strategy, draft, onChange, error, editing }: Props) {
  const provider = strategy === 'github' ? 'GitHub OAuth app' : 'Google OAuth client';
  // The console is served at <issuer>/console/, so the issuer is what precedes it.
  const issuer = location.href.slice(0, location.href.indexOf('/console/'));
  return (
    <fieldset>
      <legend>{strategy === 'github' ? 'GitHub' : 'Google'}</legend>
      <p className="hint">{`Register ${issuer}/login/sso/oidc/callback as the ${provider}'s redirect URI.`}</p>
      <TextField
        label="Client ID"
        value={draft.client_id}
        onChange={(e) => onChange({ client_id: e.target.value })}
        error={fieldError(error, 'options.client_id')}
      />
      <TextField
        label="Client secret"
        type="password"
        autoComplete="new-password"
        value={draft.client_secret}
        onChange={(e) => onChange({ client_secret: e.target.value })}
        error={fieldError(error, 'options.client_secret')}
        hint={editing ? 'A secret is stored and is never shown. Leave this empty to keep it.' : 'Kept by the server and never shown again.'}
      />
    </fieldset>
  );
}

/** The strategy's IdP settings, then the options every connection has. */
export function ConnectionFields(props: Props) {
  const { strategy, draft, onChange, error } = props;
  const enterprise = strategy === 'samlp' || strategy === 'oidc';
  const social = SOCIAL_STRATEGIES.includes(strategy);
  return (
    <>
      {strategy === 'samlp' ? <SamlFields {...props} /> : null}
      {strategy === 'oidc' ? <OidcFields {...props} /> : null}
      {social ? <SocialFields {...props} /> : null}
      <fieldset>
        <legend>Sign-in behaviour</legend>
        <CheckboxField
          label="Create a user record on first login"
          checked={draft.is_create_missing_user}
          onChange={(e) => onChange({ is_create_missing_user: e.target.checked })}
          error={fieldError(error, 'options.is_create_missing_user')}
          hint="Just-in-time provisioning. When off, only users given an identity beforehand may sign in."
        />
        {social ? null : (
          <CheckboxField
            label="Trust email addresses provided by this connection"
            checked={draft.is_trusted}
            onChange={(e) => onChange({ is_trusted: e.target.checked })}
            error={fieldError(error, 'options.is_trusted')}
            hint="Treat emails from this connection as verified, so they match existing users."
          />
        )}
        {strategy !== 'auth0' && !social ? (
          <TextField
            label="Home realm discovery domains"
            value={draft.domains}
            onChange={(e) => onChange({ domains: e.target.value })}
            hint="Email domains, separated by commas: people with these addresses go straight to this connection."
            error={fieldError(error, 'options.domain_aliases')}
          />
        ) : null}
        {enterprise ? (
          <TextAreaField
            label="Attribute mapping"
            rows={4}
            value={draft.mapping}
            onChange={(e) => onChange({ mapping: e.target.value })}
            hint={`One a line: profile field = ${strategy === 'samlp' ? 'SAML attribute' : 'claim'}, e.g. given_name = ${strategy === 'samlp' ? 'firstName' : 'given_name'}.`}
            error={fieldError(error, 'options.attributeMapping', 'options.attribute_map')}
          />
        ) : null}
      </fieldset>
    </>
  );
}
