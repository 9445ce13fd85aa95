import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { migrateToLatest } from '../../src/db/migrate.js';
import { DomainError } from '../../src/domain/errors.js';
import type { Clock } from '../../src/domain/shared/clock.js';
import { createProtocolStoreService } from '../../src/domain/protocol-store/protocol-store.service.js';
import { createSamlServiceProvider, type SamlConnection, type SamlServiceProvider } from '../../src/federation/saml/index.js';
import { DIALECTS, freshDatabase, type TestDatabase } from '../helpers/dialects.js';
import { createTestIdp, decode, encode, fixture, RSA_SHA1 } from './saml-idp.js';

const ISSUER = 'https://auth.gatehouse.test';
const ENTRA = 'http://schemas.xmlsoap.org/ws/2005/05/identity/claims';

/** Asserts the promise rejects with a DomainError of this code; returns it for further checks. */
async function rejectsWith(promise: Promise<unknown>, code: string): Promise<DomainError> {
  const err = await promise.then(
    () => assert.fail(`expected ${code}, but it resolved`),
    (e: unknown) => e,
  );
  assert.ok(err instanceof DomainError, `expected a DomainError, got ${String(err)}`);
  assert.equal(err.code, code, `code ${err.code} (${String((err.cause as Error | undefined)?.message)})`);
  assert.equal(err.status, 400);
  if (process.env.SAML_DEBUG) console.log(code, '<-', (err.cause as Error | undefined)?.message);
  return err;
}

for (const dialect of DIALECTS) {
  describe(`SAML service provider [${dialect}]`, () => {
    let database: TestDatabase;
    let sp: SamlServiceProvider;
    let clockShiftMs = 0;
    const clock: Clock = { now: () => new Date(Date.now() + clockShiftMs) };
    const idp = createTestIdp();
    let counter = 0;

    /** A connection configured with explicit options (SSO URL, certificate, entity id). */
    function connection(options: Record<string, unknown> = {}): SamlConnection {
      counter += 1;
      return {
        id: `con_saml${dialect}${counter}`,
        strategy: 'samlp',
        options: {
          domain_aliases: [],
          is_create_missing_user: true,
          is_trusted: false,
          signInEndpoint: idp.ssoUrl,
          signingCert: idp.cert,
          entityId: idp.entityId,
          ...options,
        },
      };
    }

    /** Runs SP-initiated login to the point where the browser posts the IdP's response. */
    async function login(conn: SamlConnection, response: Parameters<typeof idp.respond>[2], from = idp) {
      const { url, requestId } = await sp.loginRedirect(conn, 'relay-1');
      const SAMLResponse = await from.respond(await sp.metadata(conn), url, response);
      return { requestId, SAMLResponse };
    }

    before(async () => {
      database = await freshDatabase(dialect);
      await migrateToLatest(database.db.kysely);
      sp = createSamlServiceProvider({ issuer: ISSUER, store: createProtocolStoreService({ db: database.db.kysely, clock }), clock });
    });
    after(async () => {
      await database.drop();
    });

    describe('happy path', () => {
      it('returns the profile from an Okta-style response', async () => {
        const conn = connection();
        const { requestId, SAMLResponse } = await login(conn, {
          nameId: 'ada@acme.test',
          attributes: { email: 'Ada@Acme.test', firstName: 'Ada', lastName: 'Lovelace', groups: ['engineering', 'admins'] },
        });
        const profile = await sp.validatePostedResponse(conn, { SAMLResponse, RelayState: 'relay-1' }, { expectedRequestId: requestId });
        assert.equal(profile.subject, 'ada@acme.test');
        assert.equal(profile.email, 'ada@acme.test');
        assert.equal(profile.emailVerified, false);
        assert.equal(profile.givenName, 'Ada');
        assert.equal(profile.familyName, 'Lovelace');
        assert.deepEqual(profile.groups, ['engineering', 'admins']);
        assert.deepEqual(profile.attributes.groups, ['engineering', 'admins']);
      });

      it('returns the profile from an Entra-ID-style response with claim URIs', async () => {
        const conn = connection();
        const { requestId, SAMLResponse } = await login(conn, {
          nameId: 'f2a9c0de-entra-object-id',
          attributes: {
            [`${ENTRA}/emailaddress`]: 'grace@contoso.test',
            [`${ENTRA}/givenname`]: 'Grace',
            [`${ENTRA}/surname`]: 'Hopper',
            [`${ENTRA}/name`]: 'grace@contoso.test',
            'http://schemas.microsoft.com/ws/2008/06/identity/claims/groups': ['0c1d-group'],
          },
        });
        const profile = await sp.validatePostedResponse(conn, { SAMLResponse }, { expectedRequestId: requestId });
        assert.deepEqual(
          {
            subject: profile.subject,
            email: profile.email,
            givenName: profile.givenName,
            familyName: profile.familyName,
            name: profile.name,
            groups: profile.groups,
          },
          {
            subject: 'f2a9c0de-entra-object-id',
            email: 'grace@contoso.test',
            givenName: 'Grace',
            familyName: 'Hopper',
            name: 'grace@contoso.test',
            groups: ['0c1d-group'],
          },
        );
      });

      it('accepts a response signed on both the Response and the Assertion', async () => {
        const conn = connection();
        const { requestId, SAMLResponse } = await login(conn, { nameId: 'both@acme.test', signResponse: true });
        const profile = await sp.validatePostedResponse(conn, { SAMLResponse }, { expectedRequestId: requestId });
        assert.equal(profile.email, 'both@acme.test');
      });

      it('works from a connection configured only with the IdP metadata XML', async () => {
        const conn = connection({ signInEndpoint: undefined, signingCert: undefined, entityId: undefined, metadataXml: idp.metadataXml });
        const { url, requestId } = await sp.loginRedirect(conn, 'relay-2');
        assert.ok(url.startsWith(`${idp.ssoUrl}?SAMLRequest=`), url);
        const SAMLResponse = await idp.respond(await sp.metadata(conn), url, { nameId: 'meta@acme.test' });
        const profile = await sp.validatePostedResponse(conn, { SAMLResponse }, { expectedRequestId: requestId });
        assert.equal(profile.subject, 'meta@acme.test');
      });
    });

    describe('configuration', () => {
      it('accepts a bare base64 DER certificate among several in signingCerts (key rotation)', async () => {
        const der = (pem: string) => pem.replace(/-----(BEGIN|END) CERTIFICATE-----|\s/g, '');
        const conn = connection({ signingCert: undefined, signingCerts: [fixture('other-cert'), der(idp.cert)] });
        const { requestId, SAMLResponse } = await login(conn, { nameId: 'rotate@acme.test' });
        const profile = await sp.validatePostedResponse(conn, { SAMLResponse }, { expectedRequestId: requestId });
        assert.equal(profile.subject, 'rotate@acme.test');
      });

      it('refuses to start a login on a connection without a signing certificate', async () => {
        const conn = connection({ signingCert: undefined });
        const err = await rejectsWith(sp.loginRedirect(conn, 'relay'), 'saml_connection_misconfigured');
        assert.equal(err.message, 'Single sign-on for this organization is not configured correctly. Contact your administrator.');
      });

      it('puts the request id, ACS URL and SP entity id in the AuthnRequest', async () => {
        const conn = connection();
        const { url, requestId } = await sp.loginRedirect(conn, 'relay-x');
        const params = new URL(url).searchParams;
        assert.equal(params.get('RelayState'), 'relay-x');
        const xml = (await import('node:zlib')).inflateRawSync(Buffer.from(params.get('SAMLRequest')!, 'base64')).toString('utf8');
        assert.match(xml, new RegExp(`ID="${requestId}"`));
        assert.match(xml, new RegExp(`AssertionConsumerServiceURL="${sp.spValues(conn).acsUrl}"`));
        assert.match(xml, new RegExp(`<saml:Issuer[^>]*>${sp.spValues(conn).entityId}</saml:Issuer>`));
      });
    });

    describe('refusals', () => {
      it('refuses an assertion ID already used in an earlier login with saml_replayed_response', async () => {
        const conn = connection();
        const first = await login(conn, { nameId: 'dup@acme.test', assertionId: `_dup${dialect}` });
        await sp.validatePostedResponse(conn, { SAMLResponse: first.SAMLResponse }, { expectedRequestId: first.requestId });
        const second = await login(conn, { nameId: 'dup@acme.test', assertionId: `_dup${dialect}` });
        await rejectsWith(
          sp.validatePostedResponse(conn, { SAMLResponse: second.SAMLResponse }, { expectedRequestId: second.requestId }),
          'saml_replayed_response',
        );
      });

      it('accepts exactly one of two concurrent submissions of the same response', async () => {
        const conn = connection();
        const { requestId, SAMLResponse } = await login(conn, { nameId: 'race@acme.test' });
        const results = await Promise.allSettled(
          [1, 2].map(() => sp.validatePostedResponse(conn, { SAMLResponse }, { expectedRequestId: requestId })),
        );
        assert.equal(results.filter((r) => r.status === 'fulfilled').length, 1);
        const [refused] = results.filter((r) => r.status === 'rejected');
        assert.match((refused.reason as DomainError).code, /^saml_(replayed|invalid)_response$/);
      });

      it('refuses a request made for one connection answered through another', async () => {
        const connA = connection();
        const connB = connection();
        const { requestId, SAMLResponse } = await login(connA, { nameId: 'cross@acme.test' });
        await rejectsWith(sp.validatePostedResponse(connB, { SAMLResponse }, { expectedRequestId: requestId }), 'saml_invalid_response');
      });

      it('refuses a response with its signatures removed', async () => {
        const conn = connection();
        const { requestId, SAMLResponse } = await login(conn, { nameId: 'unsigned@acme.test', signResponse: true });
        const stripped = decode(SAMLResponse).replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/g, '');
        await rejectsWith(
          sp.validatePostedResponse(conn, { SAMLResponse: encode(stripped) }, { expectedRequestId: requestId }),
          'saml_invalid_response',
        );
      });

      it('refuses a response whose Destination is not the ACS URL', async () => {
        const conn = connection();
        const { requestId, SAMLResponse } = await login(conn, { nameId: 'dest@acme.test' });
        const moved = decode(SAMLResponse).replace(/Destination="[^"]*"/, 'Destination="https://elsewhere.test/acs"');
        await rejectsWith(
          sp.validatePostedResponse(conn, { SAMLResponse: encode(moved) }, { expectedRequestId: requestId }),
          'saml_invalid_response',
        );
      });

      it('refuses an IdP-initiated response with saml_unsolicited_response', async () => {
        const conn = connection();
        const { requestId } = await sp.loginRedirect(conn, 'relay');
        const SAMLResponse = await idp.respond(await sp.metadata(conn), '', { nameId: 'idp-init@acme.test', unsolicited: true });
        await rejectsWith(sp.validatePostedResponse(conn, { SAMLResponse }, { expectedRequestId: requestId }), 'saml_unsolicited_response');
      });

      it("refuses a response to another browser's request with saml_request_expired", async () => {
        const conn = connection();
        const mine = await sp.loginRedirect(conn, 'relay');
        const theirs = await login(conn, { nameId: 'other@acme.test' });
        await rejectsWith(
          sp.validatePostedResponse(conn, { SAMLResponse: theirs.SAMLResponse }, { expectedRequestId: mine.requestId }),
          'saml_request_expired',
        );
      });

      it('refuses the same response the second time with saml_replayed_response', async () => {
        const conn = connection();
        const { requestId, SAMLResponse } = await login(conn, { nameId: 'replay@acme.test' });
        await sp.validatePostedResponse(conn, { SAMLResponse }, { expectedRequestId: requestId });
        await rejectsWith(sp.validatePostedResponse(conn, { SAMLResponse }, { expectedRequestId: requestId }), 'saml_replayed_response');
      });

      it('refuses a response signed by a key the connection does not pin', async () => {
        const conn = connection();
        const attacker = createTestIdp({ key: 'other' });
        const { requestId, SAMLResponse } = await login(conn, { nameId: 'mallory@acme.test', signResponse: true }, attacker);
        await rejectsWith(sp.validatePostedResponse(conn, { SAMLResponse }, { expectedRequestId: requestId }), 'saml_invalid_response');
      });

      it('refuses an expired assertion written with old timestamps', async () => {
        const conn = connection();
        const { requestId, SAMLResponse } = await login(conn, { nameId: 'late@acme.test', timeShiftMs: -10 * 60_000 });
        await rejectsWith(sp.validatePostedResponse(conn, { SAMLResponse }, { expectedRequestId: requestId }), 'saml_invalid_response');
      });

      it('refuses an assertion once the service provider clock passes NotOnOrAfter plus skew', async () => {
        const conn = connection();
        const { requestId, SAMLResponse } = await login(conn, { nameId: 'frozen@acme.test' });
        clockShiftMs = 6 * 60_000 + 1;
        try {
          await rejectsWith(sp.validatePostedResponse(conn, { SAMLResponse }, { expectedRequestId: requestId }), 'saml_invalid_response');
        } finally {
          clockShiftMs = 0;
        }
      });

      it('refuses a response signed with SHA-1', async () => {
        const conn = connection();
        const sha1 = createTestIdp({ signatureAlgorithm: RSA_SHA1 });
        const { requestId, SAMLResponse } = await login(conn, { nameId: 'sha1@acme.test' }, sha1);
        assert.match(decode(SAMLResponse), /rsa-sha1/);
        await rejectsWith(sp.validatePostedResponse(conn, { SAMLResponse }, { expectedRequestId: requestId }), 'saml_invalid_response');
      });

      it('refuses a response over the size limit before parsing it', async () => {
        const conn = connection();
        const { requestId } = await sp.loginRedirect(conn, 'relay');
        const SAMLResponse = 'A'.repeat(256 * 1024 + 4);
        const err = await rejectsWith(
          sp.validatePostedResponse(conn, { SAMLResponse }, { expectedRequestId: requestId }),
          'saml_invalid_response',
        );
        assert.equal(err.message, 'The sign-in response is too large.');
      });

      it('refuses a response whose Issuer is not the configured IdP entity id', async () => {
        const conn = connection({ entityId: 'https://someone-else.test/saml' });
        const { requestId, SAMLResponse } = await login(conn, { nameId: 'issuer@acme.test' });
        await rejectsWith(sp.validatePostedResponse(conn, { SAMLResponse }, { expectedRequestId: requestId }), 'saml_invalid_response');
      });

      it('refuses a response with a DTD', async () => {
        const conn = connection();
        const { requestId, SAMLResponse } = await login(conn, { nameId: 'dtd@acme.test' });
        const xml = decode(SAMLResponse).replace('<samlp:Response', '<!DOCTYPE r [<!ENTITY x "y">]><samlp:Response');
        await rejectsWith(
          sp.validatePostedResponse(conn, { SAMLResponse: encode(xml) }, { expectedRequestId: requestId }),
          'saml_invalid_response',
        );
      });
    });

    describe('XML signature wrapping corpus', () => {
      /** The signed Assertion element of a response, as a string. */
      const assertionOf = (xml: string) =>
        xml.slice(xml.indexOf('<saml:Assertion'), xml.indexOf('</saml:Assertion>') + '</saml:Assertion>'.length);
      /** An unsigned copy of the assertion claiming to be someone else. */
      const forged = (assertion: string, victim: string, real: string) =>
        assertion
          .replace(/<ds:Signature[\s\S]*?<\/ds:Signature>/, '')
          .replaceAll(real, victim)
          .replace(/ID="_a/, 'ID="_evil');

      it('refuses an unsigned Assertion inserted before the signed one', async () => {
        const conn = connection();
        const { requestId, SAMLResponse } = await login(conn, { nameId: 'mallory@evil.test', attributes: { email: 'mallory@evil.test' } });
        const xml = decode(SAMLResponse);
        const assertion = assertionOf(xml);
        const wrapped = xml.replace(assertion, forged(assertion, 'ceo@acme.test', 'mallory@evil.test') + assertion);
        await rejectsWith(
          sp.validatePostedResponse(conn, { SAMLResponse: encode(wrapped) }, { expectedRequestId: requestId }),
          'saml_invalid_response',
        );
      });

      it('refuses the signed Assertion moved into Extensions with a forged one in its place', async () => {
        const conn = connection();
        const { requestId, SAMLResponse } = await login(conn, { nameId: 'mallory@evil.test' });
        const xml = decode(SAMLResponse);
        const assertion = assertionOf(xml);
        const wrapped = xml
          .replace(assertion, forged(assertion, 'ceo@acme.test', 'mallory@evil.test'))
          .replace('<samlp:Status>', `<samlp:Extensions>${assertion}</samlp:Extensions><samlp:Status>`);
        await rejectsWith(
          sp.validatePostedResponse(conn, { SAMLResponse: encode(wrapped) }, { expectedRequestId: requestId }),
          'saml_invalid_response',
        );
      });

      it('refuses the signed Assertion moved inside the signature Object with a forged one in its place', async () => {
        const conn = connection();
        const { requestId, SAMLResponse } = await login(conn, { nameId: 'mallory@evil.test' });
        const xml = decode(SAMLResponse);
        const assertion = assertionOf(xml);
        const wrapped = xml.replace(
          assertion,
          forged(assertion, 'ceo@acme.test', 'mallory@evil.test').replace(
            '</saml:Issuer>',
            `</saml:Issuer><ds:Signature xmlns:ds="http://www.w3.org/2000/09/xmldsig#"><ds:Object>${assertion}</ds:Object></ds:Signature>`,
          ),
        );
        await rejectsWith(
          sp.validatePostedResponse(conn, { SAMLResponse: encode(wrapped) }, { expectedRequestId: requestId }),
          'saml_invalid_response',
        );
      });

      it('refuses an attribute edited after signing', async () => {
        const conn = connection();
        const { requestId, SAMLResponse } = await login(conn, { nameId: 'mallory@evil.test', attributes: { groups: 'staff' } });
        const tampered = decode(SAMLResponse).replace('>staff<', '>admins<');
        await rejectsWith(
          sp.validatePostedResponse(conn, { SAMLResponse: encode(tampered) }, { expectedRequestId: requestId }),
          'saml_invalid_response',
        );
      });

      it('never reads the truncated value of a NameID split by an injected comment', async () => {
        const conn = connection();
        const signedValue = 'ceo@acme.test.evil.test';
        const { requestId, SAMLResponse } = await login(conn, { nameId: signedValue, attributes: { email: signedValue } });
        const tampered = decode(SAMLResponse).replaceAll('ceo@acme.test.evil.test<', 'ceo@acme.test<!---->.evil.test<');
        assert.match(tampered, /ceo@acme\.test<!---->\.evil\.test<\/saml:NameID>/);
        const result = await sp
          .validatePostedResponse(conn, { SAMLResponse: encode(tampered) }, { expectedRequestId: requestId })
          .catch((err: unknown) => err);
        if (result instanceof DomainError) {
          assert.equal(result.code, 'saml_invalid_response');
        } else {
          const profile = result as Awaited<ReturnType<SamlServiceProvider['validatePostedResponse']>>;
          assert.equal(profile.subject, signedValue);
          assert.equal(profile.email, signedValue);
        }
      });
    });

    describe('SP metadata', () => {
      it('spValues derive the entity id, ACS URL and metadata URL from the issuer and connection id', () => {
        assert.deepEqual(sp.spValues({ id: 'con_abc' }), {
          entityId: `${ISSUER}/saml/con_abc`,
          acsUrl: `${ISSUER}/login/sso/saml/con_abc/acs`,
          metadataUrl: `${ISSUER}/saml/con_abc/metadata`,
          nameIdFormat: 'urn:oasis:names:tc:SAML:1.1:nameid-format:emailAddress',
        });
      });

      it('metadata names the entity id and the HTTP-POST ACS URL', async () => {
        const xml = await sp.metadata({ id: 'con_abc' });
        assert.match(xml, new RegExp(`entityID="${ISSUER}/saml/con_abc"`));
        assert.match(
          xml,
          new RegExp(`Binding="urn:oasis:names:tc:SAML:2.0:bindings:HTTP-POST" Location="${ISSUER}/login/sso/saml/con_abc/acs"`),
        );
        assert.match(xml, /WantAssertionsSigned="true"/);
      });
    });
  });
}
