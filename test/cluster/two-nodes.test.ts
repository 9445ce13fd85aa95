// Two `gatehouse start` processes on one PostgreSQL database behind HAProxy (round robin, no sticky
// sessions, TLS at the balancer, the issuer is the balancer's URL): everything a user, an
// application and an operator do goes through the balancer and lands on either node. One node is
// killed in the middle of a login, which finishes on the other; `keys rotate` while both run is
// published by both at once and signs on both after the delay, with no restart.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { ManagementClient } from 'auth0';
import { decodeProtectedHeader } from 'jose';
import * as oidc from 'openid-client';
import { createAgent, formAction, inputValue } from '../helpers/browser-agent.js';
import { BIN, freePort, startGatehouse, stopGatehouse, type RunningGatehouse, managementToken } from '../helpers/cli-process.js';
import { freshDatabase, type TestDatabase } from '../helpers/dialects.js';
import { eventually } from '../helpers/eventually.js';
import { CALLBACK, PASSWORD, authorize, exchange, signInWithPassword } from '../login/login.fixtures.js';
import { createTestIdp } from '../federation/saml-idp.js';
import { httpEntries, startReceiver, type Receiver } from '../log-streams/receiver.fixtures.js';
import { HAPROXY, startBalancer, type Balancer } from './haproxy.fixtures.js';

const run = promisify(execFile);
const CLIENT_ID = 'cluster-bootstrap-client';
const CLIENT_SECRET = randomBytes(24).toString('hex');
const TLS = { certPath: path.resolve('test/fixtures/tls/cert.pem'), keyPath: path.resolve('test/fixtures/tls/key.pem') };
const AFTER_LOGOUT = 'http://127.0.0.1:9/after-logout';

// Under CI this never skips: a missing haproxy or PostgreSQL fails it.
const skip =
  process.env.CI === 'true'
    ? false
    : !process.env.TEST_PG_URL
      ? 'PostgreSQL suites are off (TEST_PG_URL unset)'
      : !fs.existsSync(HAPROXY)
        ? `haproxy is not installed (${HAPROXY})`
        : false;

type NodeName = 'a' | 'b';

describe('two Gatehouse nodes behind HAProxy [postgres]', { skip }, () => {
  let database: TestDatabase;
  let dir: string;
  let balancer: Balancer;
  let management: ManagementClient;
  let issuer: string;
  const nodes = {} as Record<NodeName, RunningGatehouse>;
  const ports = {} as Record<NodeName, number>;
  let receiver: Receiver | undefined;

  function node(name: NodeName): Promise<RunningGatehouse> {
    return startGatehouse(
      {
        DATABASE_URL: database.location.databaseUrl!,
        GATEHOUSE_DATA_DIR: path.join(dir, name),
        GATEHOUSE_ISSUER: issuer,
        GATEHOUSE_BOOTSTRAP_CLIENT_ID: CLIENT_ID,
        GATEHOUSE_BOOTSTRAP_CLIENT_SECRET: CLIENT_SECRET,
        // The balancer's address: the client address comes from its X-Forwarded-For.
        GATEHOUSE_TRUST_PROXY: '127.0.0.1',
        GATEHOUSE_LOG_STREAM_ALLOW_PRIVATE: 'true',
        GATEHOUSE_LOG_STREAM_INTERVAL_MS: '100',
        GATEHOUSE_MGMT_RATE_LIMIT: '100000',
      },
      ports[name],
    );
  }

  const token = (url: string) => managementToken(url, { id: CLIENT_ID, secret: CLIENT_SECRET }, issuer);

  async function api(url: string, method: string, apiPath: string, body?: unknown, bearer?: string) {
    const res = await fetch(`${url}/api/v2${apiPath}`, {
      method,
      headers: {
        authorization: `Bearer ${bearer ?? (await token(url))}`,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: text ? JSON.parse(text) : undefined, headers: res.headers };
  }

  /** An application for the browser logins, and openid-client configured for it through the balancer. */
  async function application() {
    const client = await management.clients.create({
      name: 'Cluster web app',
      app_type: 'regular_web',
      callbacks: [CALLBACK],
      allowed_logout_urls: [AFTER_LOGOUT],
      organization_usage: 'allow',
    } as never);
    const config = await oidc.discovery(new URL(issuer), client.client_id!, client.client_secret!);
    return { client, config };
  }

  /** An organization with a database connection enabled in it and one member who signs in with a password. */
  async function organizationWithMember(name: string) {
    const connection = await management.connections.create({ name: `${name}-db`, strategy: 'auth0' });
    const org = await management.organizations.create({ name, display_name: `${name} Inc.` });
    await management.organizations.enabledConnections.add(org.id!, { connection_id: connection.id!, assign_membership_on_login: false });
    const user = await management.users.create({
      connection: `${name}-db`,
      email: `member@${name}.example`,
      password: PASSWORD,
      email_verified: true,
    });
    await management.organizations.members.create(org.id!, { members: [user.user_id!] });
    return { org, user, email: `member@${name}.example` };
  }

  before(async () => {
    database = await freshDatabase('postgres');
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-cluster-'));
    const port = await freePort();
    ports.a = await freePort();
    ports.b = await freePort();
    issuer = `https://localhost:${port}`;
    // One after the other: the first migrates and bootstraps the empty database.
    nodes.a = await node('a');
    nodes.b = await node('b');
    balancer = await startBalancer({
      dir,
      port,
      statsPort: await freePort(),
      ...TLS,
      nodes: [
        { name: 'a', port: ports.a },
        { name: 'b', port: ports.b },
      ],
    });
    management = new ManagementClient({ domain: new URL(issuer).host, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, maxRetries: 0 });
  });

  after(async () => {
    await receiver?.close();
    await balancer?.stop();
    for (const running of Object.values(nodes)) await stopGatehouse(running);
    await database?.drop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `step` and returns how many responses each node gave through the balancer meanwhile. */
  async function servedDuring(step: () => Promise<void>): Promise<Record<string, number>> {
    const before = await balancer.served();
    await step();
    const after = await balancer.served();
    return Object.fromEntries(Object.keys(after).map((name) => [name, after[name] - (before[name] ?? 0)]));
  }

  it('signs in with a password, refreshes and logs out through the balancer, the steps served by both nodes', async () => {
    const { org, email } = await organizationWithMember('cluster-login');
    const { config } = await application();
    const agent = createAgent();
    let tokens!: oidc.TokenEndpointResponse & oidc.TokenEndpointResponseHelpers;
    const served = await servedDuring(async () => {
      const flow = await authorize(config, agent, { organization: org.id! });
      const callback = await signInWithPassword(agent, flow.page, email);
      assert.ok(callback.url.startsWith(CALLBACK), `${callback.status} ${callback.html.slice(0, 400)}`);
      tokens = await exchange(config, callback.url, flow);
    });
    assert.ok(served.a > 0 && served.b > 0, `round robin, no stickiness: ${JSON.stringify(served)}`);
    assert.equal(tokens.claims()!.org_id, org.id);
    assert.equal(tokens.claims()!.email, email);

    // Refresh twice: the rotated refresh token is stored where either node finds it.
    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    assert.notEqual(refreshed.refresh_token, tokens.refresh_token);
    const again = await oidc.refreshTokenGrant(config, refreshed.refresh_token!);
    assert.ok(again.access_token);
    await assert.rejects(oidc.refreshTokenGrant(config, tokens.refresh_token!), 'a used refresh token is refused on any node');

    const logout = oidc.buildEndSessionUrl(config, {
      id_token_hint: tokens.id_token!,
      post_logout_redirect_uri: AFTER_LOGOUT,
      state: 'bye',
    });
    const done = await agent.go(logout.toString(), { stopAt: AFTER_LOGOUT });
    assert.equal(done.url, `${AFTER_LOGOUT}?state=bye`);
    // The session is gone on both nodes: two silent attempts, which round robin spreads over them.
    for (let i = 0; i < 2; i += 1) {
      const silent = await authorize(config, agent, { prompt: 'none', organization: org.id! });
      assert.equal(new URL(silent.page.url).searchParams.get('error'), 'login_required');
    }
  });

  it('takes Management API writes from the auth0 SDK through the balancer; each node reads them, with the forwarded client address', async () => {
    const org = await management.organizations.create({ name: 'cluster-sdk', display_name: 'Cluster SDK' });
    const role = await management.roles.create({ name: 'cluster-reader' });
    await management.organizations.update(org.id!, { display_name: 'Cluster SDK (renamed)' });
    for (const name of ['a', 'b'] as const) {
      const read = await api(nodes[name].url, 'GET', `/organizations/${org.id}`);
      assert.equal(read.status, 200);
      assert.equal(read.body.display_name, 'Cluster SDK (renamed)', `node ${name}`);
      assert.equal((await api(nodes[name].url, 'GET', `/roles/${role.id}`)).body.name, 'cluster-reader');
    }

    // From another loopback address: the event records it, read from the balancer's X-Forwarded-For.
    const bearer = await token(issuer);
    const status = await new Promise<number>((resolve, reject) => {
      const req = https.request(
        {
          host: '127.0.0.1',
          port: new URL(issuer).port,
          servername: 'localhost',
          localAddress: '127.0.0.2',
          method: 'POST',
          path: '/api/v2/organizations',
          headers: { host: new URL(issuer).host, authorization: `Bearer ${bearer}`, 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          res.on('end', () => resolve(res.statusCode!));
        },
      );
      req.on('error', reject);
      req.end(JSON.stringify({ name: 'cluster-forwarded' }));
    });
    assert.equal(status, 201);
    const event = await database.db.kysely
      .selectFrom('events')
      .select(['ip', 'action'])
      .where('organization_name', '=', 'cluster-forwarded')
      .executeTakeFirstOrThrow();
    assert.deepEqual(event, { ip: '127.0.0.2', action: 'organization_created' });
  });

  it('accepts an invitation through the balancer: the invitee signs up and becomes a member', async () => {
    const { org } = await organizationWithMember('cluster-invite');
    const { client, config } = await application();
    const invitation = await management.organizations.invitations.create(org.id!, {
      inviter: { name: 'Ada Admin' },
      invitee: { email: 'newcomer@cluster-invite.example' },
      client_id: client.client_id!,
      send_invitation_email: false,
    });
    const ticket = new URL(invitation.invitation_url!).searchParams.get('invitation')!;
    const agent = createAgent();
    const flow = await authorize(config, agent, { organization: org.id!, invitation: ticket });
    assert.match(flow.page.url, /\/signup$/);
    const callback = await agent.go(formAction(flow.page), {
      form: { _csrf: inputValue(flow.page.html, '_csrf'), email: 'newcomer@cluster-invite.example', password: PASSWORD },
      stopAt: CALLBACK,
    });
    assert.ok(callback.url.startsWith(CALLBACK), `${callback.status} ${callback.html.slice(0, 400)}`);
    const claims = (await exchange(config, callback.url, flow)).claims()!;
    assert.equal(claims.org_id, org.id);
    const members: string[] = [];
    for await (const member of await management.organizations.members.list(org.id!, {})) members.push(member.user_id!);
    assert.ok(members.includes(String(claims.sub)), 'the invitee is a member');
  });

  it('signs in through a SAML connection, the AuthnRequest made on one node and the response taken by either', async () => {
    const idp = createTestIdp();
    const org = await management.organizations.create({ name: 'cluster-saml' });
    const created = await api(issuer, 'POST', '/connections', {
      name: 'cluster-saml-idp',
      strategy: 'samlp',
      organization_id: org.id,
      options: { signInEndpoint: idp.ssoUrl, signingCert: idp.cert, entityId: idp.entityId, domain_aliases: ['cluster-saml.example'] },
    });
    assert.equal(created.status, 201, JSON.stringify(created.body));
    const sp = await api(issuer, 'GET', `/connections/${created.body.id}/saml-sp`);
    const metadata = await (await fetch(sp.body.metadata_url)).text();
    const { config } = await application();
    const agent = createAgent();
    const flow = await authorize(config, agent);
    const hop = await agent.go(formAction(flow.page), {
      form: { _csrf: inputValue(flow.page.html, '_csrf'), email: 'grace@cluster-saml.example' },
      stopAt: idp.ssoUrl,
    });
    assert.ok(hop.url.startsWith(idp.ssoUrl), `home realm discovery sends the browser to the IdP: ${hop.status} ${hop.html.slice(0, 300)}`);
    const SAMLResponse = await idp.respond(metadata, hop.url, {
      nameId: 'grace@cluster-saml.example',
      attributes: { email: 'grace@cluster-saml.example' },
    });
    const RelayState = new URL(hop.url).searchParams.get('RelayState') ?? '';
    const callback = await agent.go(sp.body.acs_url, { form: { SAMLResponse, RelayState }, stopAt: CALLBACK });
    assert.ok(callback.url.startsWith(CALLBACK), `${callback.status} ${callback.html.slice(0, 400)}`);
    const claims = (await exchange(config, callback.url, flow)).claims()!;
    assert.equal(claims.org_id, org.id);
    assert.equal(claims.email, 'grace@cluster-saml.example');
  });

  it('delivers a log stream exactly once while both nodes run their dispatchers', async () => {
    receiver = await startReceiver();
    const stream = await api(issuer, 'POST', '/log-streams', {
      name: 'cluster-stream',
      type: 'http',
      sink: { httpEndpoint: receiver.url, httpContentType: 'application/json', httpContentFormat: 'JSONLINES' },
    });
    assert.equal(stream.status, 200, JSON.stringify(stream.body));
    for (let i = 0; i < 6; i += 1) await management.organizations.create({ name: `cluster-stream-${i}` });
    // Every event committed so far, once the sequencer has numbered them; then each one delivered once.
    const db = database.db.kysely;
    await eventually(
      async () => (await db.selectFrom('events').select('id').where('seq', 'is', null).execute()).length,
      (pending) => pending === 0,
    );
    const cursor = Number(stream.body.delivery.cursor);
    const rows = await db.selectFrom('events').select('seq').where('seq', '>', cursor).orderBy('seq').execute();
    const expected = rows.map((r) => String(r.seq).padStart(20, '0'));
    assert.ok(expected.length >= 6, `the organizations' events at least: ${expected.length}`);
    const delivered = await eventually(
      async () => httpEntries(receiver!.requests).map((e) => e.log_id),
      (ids) => expected.every((id) => ids.includes(id)),
    );
    const received = delivered.filter((id) => expected.includes(id));
    assert.deepEqual(received, expected, 'each event once, in order');
    assert.equal(new Set(delivered).size, delivered.length, 'no event delivered twice');
  });

  it('publishes a rotated key on both nodes at once and signs with it on both after the delay, no restart', async () => {
    const direct = (name: NodeName) => nodes[name].url;
    const jwks = async (name: NodeName) =>
      ((await (await fetch(`${direct(name)}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    const kidOf = async (name: NodeName) => decodeProtectedHeader(await token(direct(name))).kid!;
    const rotate = async (delaySeconds: string) => {
      const { stdout } = await run(process.execPath, [BIN, 'keys', 'rotate'], {
        env: {
          ...process.env,
          DATABASE_URL: database.location.databaseUrl!,
          GATEHOUSE_DATA_DIR: path.join(dir, 'cli'),
          GATEHOUSE_ISSUER: issuer,
          GATEHOUSE_SIGNING_KEY_ACTIVATION_DELAY: delaySeconds,
        },
      });
      const match = /new signing key (\S+): in the JWKS now/.exec(stdout);
      assert.ok(match, stdout);
      return match[1];
    };

    const oldKid = await kidOf('a');
    assert.equal(await kidOf('b'), oldKid);
    const oldToken = await token(direct('a'));

    // The default delay: both nodes publish the new key at once, and both keep signing with the old one.
    const pending = await rotate('900');
    for (const name of ['a', 'b'] as const) {
      const kids = await eventually(
        () => jwks(name),
        (k) => k.includes(pending),
      );
      assert.deepEqual(kids, [oldKid, pending], `node ${name} publishes the new key behind the signing one`);
      assert.equal(await kidOf(name), oldKid, `node ${name} signs with the old key during the delay`);
    }

    // A short delay: after it, both nodes sign with the newest key; nothing restarted.
    const next = await rotate('1');
    for (const name of ['a', 'b'] as const) {
      const kid = await eventually(
        () => kidOf(name),
        (k) => k === next,
        60_000,
      );
      assert.equal(kid, next, `node ${name} signs with the rotated key`);
      assert.deepEqual((await jwks(name)).sort(), [oldKid, pending, next].sort(), `node ${name} still publishes the previous keys`);
    }
    // Tokens of either node, and the one from before the rotations, are accepted by the other node.
    const fromA = await token(direct('a'));
    const fromB = await token(direct('b'));
    assert.equal((await api(direct('b'), 'GET', '/organizations', undefined, fromA)).status, 200);
    assert.equal((await api(direct('a'), 'GET', '/organizations', undefined, fromB)).status, 200);
    for (const name of ['a', 'b'] as const) {
      assert.equal((await api(direct(name), 'GET', '/organizations', undefined, oldToken)).status, 200, `node ${name}, old token`);
    }
  });

  it('finishes a login on the other node when the node that started it is killed', async () => {
    const { org, email } = await organizationWithMember('cluster-failover');
    const { config } = await application();
    const agent = createAgent();
    const flow = await authorize(config, agent, { organization: org.id! });
    assert.match(flow.page.html, /name="email"/);
    const exited = new Promise((resolve) => nodes.a.child.once('exit', resolve));
    nodes.a.child.kill('SIGKILL');
    await exited;
    const callback = await signInWithPassword(agent, flow.page, email);
    assert.ok(callback.url.startsWith(CALLBACK), `${callback.status} ${callback.html.slice(0, 400)}`);
    const claims = (await exchange(config, callback.url, flow)).claims()!;
    assert.equal(claims.org_id, org.id);
    assert.equal(claims.email, email);
    const states = await eventually(
      () => balancer.states(),
      (s) => s.a !== 'UP',
    );
    assert.notEqual(states.a, 'UP', 'the health check took the killed node out');
    assert.equal(states.b, 'UP');
  });
});
