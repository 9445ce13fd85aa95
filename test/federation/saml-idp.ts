// A SAML IdP for tests, built on samlify — a different library from the SP (node-saml) on purpose,
// so that both sides do not share one misreading of the spec.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as samlify from 'samlify';

const FIXTURES = path.resolve('test/fixtures/saml');
const REDIRECT = 'urn:oasis:names:tc:SAML:2.0:bindings:HTTP-Redirect';
const EMAIL_FORMAT = 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress';
export const RSA_SHA1 = 'http://www.w3.org/2000/09/xmldsig#rsa-sha1';

// Schema validation is the SP's business; the test IdP only parses the AuthnRequest we send it.
// samlify is CommonJS; under ESM its re-exported `SamlLib` only appears on the default export.
const SamlLib = (samlify as unknown as { default: typeof samlify }).default.SamlLib;

samlify.setSchemaValidator({ validate: async () => 'skipped in the test IdP' });

/** Reads a PEM fixture: `idp` is the configured IdP key, `other` an attacker's. */
export function fixture(name: 'idp-cert' | 'idp-key' | 'other-cert' | 'other-key'): string {
  return fs.readFileSync(path.join(FIXTURES, `${name}.pem`), 'utf8');
}

export interface ResponseOptions {
  nameId: string;
  attributes?: Record<string, string | string[]>;
  /** Sign the whole Response as well as the Assertion. */
  signResponse?: boolean;
  /** Shift every timestamp the IdP writes (negative: an old response). */
  timeShiftMs?: number;
  /** Reuse this assertion ID (default: a fresh random one). */
  assertionId?: string;
  /** Answer no AuthnRequest (IdP-initiated). */
  unsolicited?: boolean;
  /** The Audience to write (default: the SP entity id from its metadata). */
  audience?: string;
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function attributeStatement(attributes: Record<string, string | string[]>): string {
  const items = Object.entries(attributes).map(([name, value]) => {
    const values = (Array.isArray(value) ? value : [value])
      .map((v) => `<saml:AttributeValue xsi:type="xs:string">${escapeXml(v)}</saml:AttributeValue>`)
      .join('');
    return `<saml:Attribute Name="${escapeXml(name)}" NameFormat="urn:oasis:names:tc:SAML:2.0:attrname-format:unspecified">${values}</saml:Attribute>`;
  });
  return items.length > 0 ? `<saml:AttributeStatement>${items.join('')}</saml:AttributeStatement>` : '';
}

export function createTestIdp(options: { entityId?: string; key?: 'idp' | 'other'; signatureAlgorithm?: string; ssoUrl?: string } = {}) {
  const key = options.key ?? 'idp';
  const entityId = options.entityId ?? 'https://idp.example.test/saml';
  // A browser test points this at a real loopback IdP page; the HTTP-level tests never leave Gatehouse.
  const ssoUrl = options.ssoUrl ?? 'https://idp.example.test/sso';
  const idp = samlify.IdentityProvider({
    entityID: entityId,
    privateKey: fixture(`${key}-key`),
    signingCert: fixture(`${key}-cert`),
    singleSignOnService: [{ Binding: REDIRECT, Location: ssoUrl }],
    nameIDFormat: [EMAIL_FORMAT],
    ...(options.signatureAlgorithm ? { requestSignatureAlgorithm: options.signatureAlgorithm } : {}),
  });

  /** Reads our AuthnRequest off the redirect URL, as the IdP would, and answers it with a signed Response (base64). */
  async function respond(spMetadataXml: string, loginUrl: string, response: ResponseOptions): Promise<string> {
    const sp = samlify.ServiceProvider({ metadata: spMetadataXml, wantMessageSigned: response.signResponse ?? false });
    let requestId = '';
    if (!response.unsolicited) {
      const url = new URL(loginUrl);
      const parsed = await idp.parseLoginRequest(sp, 'redirect', { query: Object.fromEntries(url.searchParams), octetString: '' });
      requestId = String((parsed.extract.request as Record<string, string>).id);
    }
    const now = Date.now() + (response.timeShiftMs ?? 0);
    const later = new Date(now + 5 * 60_000).toISOString();
    const acs = sp.entityMeta.getAssertionConsumerService('post') as string;
    const assertionId = response.assertionId ?? `_a${randomBytes(16).toString('hex')}`;
    const id = `_r${randomBytes(16).toString('hex')}`;
    const context = await idp.createLoginResponse(
      sp,
      { extract: { request: { id: requestId } } },
      'post',
      { email: response.nameId },
      {
        customTagReplacement: (template: string) => {
          const withStatements = template
            .replace(
              '{AuthnStatement}',
              `<saml:AuthnStatement AuthnInstant="${new Date(now).toISOString()}" SessionIndex="${assertionId}"><saml:AuthnContext><saml:AuthnContextClassRef>urn:oasis:names:tc:SAML:2.0:ac:classes:PasswordProtectedTransport</saml:AuthnContextClassRef></saml:AuthnContext></saml:AuthnStatement>`,
            )
            .replace('{AttributeStatement}', attributeStatement(response.attributes ?? {}));
          const xml = SamlLib.replaceTagsByValue(withStatements, {
            ID: id,
            AssertionID: assertionId,
            Destination: acs,
            Audience: response.audience ?? sp.entityMeta.getEntityID(),
            SubjectRecipient: acs,
            Issuer: entityId,
            IssueInstant: new Date(now).toISOString(),
            StatusCode: 'urn:oasis:names:tc:SAML:2.0:status:Success',
            ConditionsNotBefore: new Date(now).toISOString(),
            ConditionsNotOnOrAfter: later,
            SubjectConfirmationDataNotOnOrAfter: later,
            NameIDFormat: EMAIL_FORMAT,
            NameID: response.nameId,
            InResponseTo: requestId,
          });
          return { id, context: xml };
        },
      },
    );
    return context.context;
  }

  return { entityId, ssoUrl, respond, metadataXml: idp.getMetadata(), cert: fixture(`${key}-cert`) };
}

/** Base64 SAMLResponse → XML, and back: for tampering tests. */
export const decode = (samlResponse: string): string => Buffer.from(samlResponse, 'base64').toString('utf8');
export const encode = (xml: string): string => Buffer.from(xml, 'utf8').toString('base64');
