// A SAML IdP's sign-in page on loopback for Chromium tests: the signed response in a POST form.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import assert from 'node:assert/strict';
import { createTestIdp } from '../federation/saml-idp.js';
import type { TestServer } from '../helpers/start-server.js';

const escapeHtml = (value: string): string =>
  value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

interface Answer {
  metadata: string;
  acsUrl: string;
  nameId: string;
  attributes: Record<string, string>;
}

/**
 * The IdP's SSO endpoint as the browser sees it: GET /sso with the AuthnRequest (HTTP-Redirect
 * binding) answers with a page holding the signed SAMLResponse in a POST form to the ACS, which the
 * test submits by clicking "Continue" (no script). `answer` says who signs in; set it per test.
 */
export async function startIdpPage() {
  let answer: Answer | undefined;
  const requests: string[] = [];
  let idp: ReturnType<typeof createTestIdp> | undefined;
  const server = http.createServer((req, res) => {
    void (async () => {
      const fullUrl = new URL(req.url ?? '/', `http://${req.headers.host}`);
      if (req.method !== 'GET' || fullUrl.pathname !== '/sso' || !idp || !answer) {
        res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
        return;
      }
      requests.push(fullUrl.toString());
      const SAMLResponse = await idp.respond(answer.metadata, fullUrl.toString(), { nameId: answer.nameId, attributes: answer.attributes });
      const RelayState = fullUrl.searchParams.get('RelayState') ?? '';
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
      res.end(`<!DOCTYPE html><html lang="en"><title>Test IdP</title>
<h1>Test IdP</h1><p>Signing in as ${escapeHtml(answer.nameId)}</p>
<form method="post" action="${escapeHtml(answer.acsUrl)}">
<input type="hidden" name="SAMLResponse" value="${escapeHtml(SAMLResponse)}">
<input type="hidden" name="RelayState" value="${escapeHtml(RelayState)}">
<button type="submit">Continue</button>
</form></html>`);
    })().catch((error: unknown) => {
      res.writeHead(500, { 'content-type': 'text/plain' }).end(`test IdP failed: ${String(error)}`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  idp = createTestIdp({ ssoUrl: `http://127.0.0.1:${port}/sso` });
  return {
    idp,
    requests,
    answerWith(next: Answer) {
      answer = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/**
 * An organization with its own SAML connection to the IdP page, and the page set to sign in
 * `nameId` with `attributes`: the set-up of the browser tests that go through the IdP.
 */
export async function organizationWithSamlIdp(
  server: TestServer,
  idpPage: Awaited<ReturnType<typeof startIdpPage>>,
  name: string,
  signIn: { nameId: string; attributes: Record<string, string>; domainAliases?: string[] },
) {
  const { idp } = idpPage;
  const org = (await server.api('POST', '/organizations', { name, display_name: `${name} Inc.` })).body as { id: string };
  const created = await server.api('POST', '/connections', {
    name: `${name}-saml`,
    strategy: 'samlp',
    organization_id: org.id,
    options: {
      signInEndpoint: idp.ssoUrl,
      signingCert: idp.cert,
      entityId: idp.entityId,
      ...(signIn.domainAliases ? { domain_aliases: signIn.domainAliases } : {}),
    },
  });
  assert.equal(created.status, 201, JSON.stringify(created.body));
  const connectionId = created.body.id as string;
  const metadata = await (await fetch(`${server.url}/saml/${connectionId}/metadata`)).text();
  assert.match(metadata, /AssertionConsumerService/);
  idpPage.answerWith({
    metadata,
    acsUrl: `${server.url}/login/sso/saml/${connectionId}/acs`,
    nameId: signIn.nameId,
    attributes: signIn.attributes,
  });
  return { org, connectionId };
}
