import type { SelfServiceStrategy } from '../domain/self-service/self-service.types.js';

/** A setting the IT admin copies from their IdP into the wizard. */
export interface IdpField {
  /** The form field's name. */
  name: string;
  /** The connection option it becomes. */
  option: string;
  label: string;
  hint?: string;
  kind: 'url' | 'text' | 'secret' | 'textarea';
  /** Required unless another way is given (SAML: metadata XML or URL, or the sign-in URL and certificate). */
  required: boolean;
}

/** How each IdP kind is presented: its name, what to do in the IdP, the fields it takes. */
export interface IdpKind {
  label: string;
  /** How the wizard's sentences name the IdP: the product, or "your identity provider". */
  idpName: string;
  protocol: 'saml' | 'oidc';
  instructions: string;
  fields: IdpField[];
}

const SAML_FIELDS: IdpField[] = [
  {
    name: 'metadata_url',
    option: 'metadataUrl',
    label: 'IdP metadata URL',
    hint: 'An https URL. Or paste the metadata XML, or give the sign-in URL and certificate below.',
    kind: 'url',
    required: false,
  },
  { name: 'metadata_xml', option: 'metadataXml', label: 'IdP metadata XML', kind: 'textarea', required: false },
  { name: 'sign_in_url', option: 'signInEndpoint', label: 'Sign-in URL (SSO URL)', kind: 'url', required: false },
  { name: 'signing_cert', option: 'signingCert', label: 'Signing certificate (PEM)', kind: 'textarea', required: false },
  { name: 'entity_id', option: 'entityId', label: 'IdP entity ID (issuer)', kind: 'text', required: false },
];

const CLIENT_FIELDS: IdpField[] = [
  { name: 'client_id', option: 'client_id', label: 'Client ID', kind: 'text', required: true },
  { name: 'client_secret', option: 'client_secret', label: 'Client secret', kind: 'secret', required: true },
];

function saml(label: string, instructions: string, idpName = label): IdpKind {
  return { label, idpName, protocol: 'saml', instructions, fields: SAML_FIELDS };
}

export const IDP_KINDS: Record<SelfServiceStrategy, IdpKind> = {
  okta: {
    label: 'Okta',
    idpName: 'Okta',
    protocol: 'oidc',
    instructions: 'In the Okta Admin Console, create an OIDC Web Application and add the redirect URI below as a sign-in redirect URI.',
    fields: [
      { name: 'domain', option: 'domain', label: 'Okta domain', hint: 'Like acme.okta.com.', kind: 'text', required: true },
      ...CLIENT_FIELDS,
    ],
  },
  waad: {
    label: 'Microsoft Entra ID',
    idpName: 'Microsoft Entra ID',
    protocol: 'oidc',
    instructions:
      'In the Microsoft Entra admin center, register an application with the redirect URI below (platform: Web) and create a client secret.',
    fields: [
      {
        name: 'tenant_domain',
        option: 'tenant_domain',
        label: 'Tenant domain',
        hint: 'Like acme.onmicrosoft.com.',
        kind: 'text',
        required: true,
      },
      ...CLIENT_FIELDS,
    ],
  },
  'google-apps': saml(
    'Google Workspace',
    'In the Google Admin console, add a custom SAML app: enter the ACS URL and entity ID below, then copy its metadata here.',
  ),
  samlp: saml('SAML', 'Create a SAML application with the ACS URL and entity ID below.', 'your identity provider'),
  adfs: saml(
    'Active Directory Federation Services',
    'In AD FS, add a relying party trust from the metadata URL below, or with its ACS URL and entity ID.',
  ),
  'keycloak-samlp': saml(
    'Keycloak (SAML)',
    'In Keycloak, create a SAML client whose client ID is the entity ID below and whose ACS URL is the one below.',
  ),
  pingfederate: saml(
    'PingFederate',
    'In PingFederate, create an SP connection from the metadata URL below, or with its ACS URL and entity ID.',
  ),
  oidc: {
    label: 'OpenID Connect',
    idpName: 'your identity provider',
    protocol: 'oidc',
    instructions: 'Create a confidential web client with the redirect URI below.',
    fields: [
      {
        name: 'discovery_url',
        option: 'discovery_url',
        label: 'Discovery URL',
        hint: 'Ends in /.well-known/openid-configuration.',
        kind: 'url',
        required: true,
      },
      ...CLIENT_FIELDS,
    ],
  },
};

/**
 * The connection options from the submitted form (the kind's fields that were filled in; for the
 * OpenID Connect kinds, the back-channel code flow), or the fields left empty that it needs. An
 * empty secret keeps the stored one.
 */
export function readIdpForm(
  kind: IdpKind,
  form: Record<string, string | undefined>,
  hasSecret: boolean,
): { options: Record<string, unknown>; errors: Record<string, string> } {
  const options: Record<string, unknown> = {};
  const errors: Record<string, string> = {};
  for (const field of kind.fields) {
    const value = (form[field.name] ?? '').trim();
    if (value !== '') options[field.option] = value;
    else if (field.required && !(field.kind === 'secret' && hasSecret)) errors[field.name] = `Enter the ${field.label.toLowerCase()}.`;
  }
  if (kind.protocol === 'oidc') options.type = 'back_channel';
  return { options, errors };
}

/** The form field a refused connection option (`options.signInEndpoint`) was entered in. */
export function fieldOfOption(kind: IdpKind, path: string | undefined): string | undefined {
  const option = path?.replace(/^options\./, '');
  return kind.fields.find((f) => f.option === option)?.name;
}
