import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BIN, startGatehouse, stopGatehouse } from '../helpers/cli-process.js';
import { eventually } from '../helpers/eventually.js';
import { createRemoteJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';

async function token(url: string, clientId: string, clientSecret: string): Promise<string> {
  const res = await fetch(`${url}/oauth/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'client_credentials',
      client_id: clientId,
      client_secret: clientSecret,
      audience: `${url}/api/v2/`,
    }),
  });
  const json = (await res.json()) as { access_token: string };
  assert.equal(res.status, 200, JSON.stringify(json));
  return json.access_token;
}

describe('gatehouse command', () => {
  const dirs: string[] = [];
  const tmp = () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-cli-'));
    dirs.push(dir);
    return path.join(dir, 'data');
  };
  after(() => {
    for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
  });

  it('creates the data dir, prints the bootstrap credentials once, saves them owner-only, and stops gracefully', async () => {
    const dataDir = tmp();
    const first = await startGatehouse({ GATEHOUSE_DATA_DIR: dataDir });
    const file = path.join(dataDir, 'bootstrap-credentials.json');
    const creds = JSON.parse(fs.readFileSync(file, 'utf8')) as { client_id: string; client_secret: string };
    assert.equal(fs.statSync(file).mode & 0o777, 0o600);
    assert.ok(first.output().includes(creds.client_secret), 'secret printed on first start');
    const admin = creds as unknown as { admin_email: string; admin_password: string };
    assert.ok(admin.admin_password.length >= 16 && first.output().includes(admin.admin_password), 'generated admin password printed once');
    assert.ok(first.output().includes(first.url));
    const bearer = await token(first.url, creds.client_id, creds.client_secret);
    const res = await fetch(`${first.url}/api/v2/organizations`, { headers: { authorization: `Bearer ${bearer}` } });
    assert.equal(res.status, 200);
    assert.equal(await stopGatehouse(first), 0);

    const second = await startGatehouse({ GATEHOUSE_DATA_DIR: dataDir });
    assert.ok(!second.output().includes(creds.client_secret), 'secret not printed again');
    assert.ok(!second.output().includes(admin.admin_password), 'admin password not printed again');
    assert.ok(second.output().includes(creds.client_id));
    await token(second.url, creds.client_id, creds.client_secret);
    assert.equal(await stopGatehouse(second), 0);
  });

  it('gives the bootstrap application exactly the credentials from the environment', async () => {
    const dataDir = tmp();
    const env = { GATEHOUSE_BOOTSTRAP_CLIENT_ID: 'deploy-bootstrap', GATEHOUSE_BOOTSTRAP_CLIENT_SECRET: 's'.repeat(40) };
    const running = await startGatehouse({ GATEHOUSE_DATA_DIR: dataDir, ...env });
    assert.ok(!running.output().includes('s'.repeat(40)), 'a configured secret is never printed');
    await token(running.url, env.GATEHOUSE_BOOTSTRAP_CLIENT_ID, env.GATEHOUSE_BOOTSTRAP_CLIENT_SECRET);
    assert.equal(await stopGatehouse(running), 0);
  });

  it('rotates signing keys without a restart: published at once, signing after the activation delay', async () => {
    const dataDir = tmp();
    const env = { GATEHOUSE_BOOTSTRAP_CLIENT_ID: 'rotate-bootstrap', GATEHOUSE_BOOTSTRAP_CLIENT_SECRET: 'r'.repeat(40) };
    const running = await startGatehouse({ GATEHOUSE_DATA_DIR: dataDir, ...env });
    const newToken = () => token(running.url, env.GATEHOUSE_BOOTSTRAP_CLIENT_ID, env.GATEHOUSE_BOOTSTRAP_CLIENT_SECRET);
    const jwksKids = async () =>
      ((await (await fetch(`${running.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys.map((k) => k.kid);
    const rotate = (delay?: string) => {
      const result = spawnSync(process.execPath, [BIN, 'keys', 'rotate'], {
        env: {
          ...process.env,
          GATEHOUSE_DATA_DIR: dataDir,
          ...(delay === undefined ? {} : { GATEHOUSE_SIGNING_KEY_ACTIVATION_DELAY: delay }),
        },
        encoding: 'utf8',
      });
      assert.equal(result.status, 0, result.stderr);
      const kid = /new signing key (\S+): in the JWKS now, signing from (\S+) on every node/.exec(result.stdout);
      assert.ok(kid, result.stdout);
      return kid[1];
    };
    try {
      const oldToken = await newToken();
      const oldKid = decodeProtectedHeader(oldToken).kid!;

      // The default delay (15 minutes): the new key is published while the old one keeps signing.
      const pendingKid = rotate();
      const published = await eventually(jwksKids, (kids) => kids.includes(pendingKid));
      assert.deepEqual(published, [oldKid, pendingKid], 'the signing key first, then the published one');
      assert.equal(decodeProtectedHeader(await newToken()).kid, oldKid, 'the old key signs until the delay has passed');

      // No delay: the newest key signs from now on, on the running process; every key stays published.
      const activeKid = rotate('0');
      const signedBy = await eventually(
        async () => decodeProtectedHeader(await newToken()).kid,
        (kid) => kid === activeKid,
      );
      assert.equal(signedBy, activeKid);
      assert.deepEqual((await jwksKids()).sort(), [oldKid, pendingKid, activeKid].sort());
      const keySet = createRemoteJWKSet(new URL(`${running.url}/.well-known/jwks.json`));
      await jwtVerify(oldToken, keySet);
      const res = await fetch(`${running.url}/api/v2/organizations`, { headers: { authorization: `Bearer ${oldToken}` } });
      assert.equal(res.status, 200, `a token signed before the rotation is still accepted: ${await res.text()}`);
    } finally {
      assert.equal(await stopGatehouse(running), 0);
    }
  });

  it('serves from several worker processes with GATEHOUSE_WORKERS and stops them all', async () => {
    const dataDir = tmp();
    const env = {
      GATEHOUSE_WORKERS: '2',
      GATEHOUSE_BOOTSTRAP_CLIENT_ID: 'cluster-bootstrap',
      GATEHOUSE_BOOTSTRAP_CLIENT_SECRET: 'c'.repeat(40),
    };
    const running = await startGatehouse({ GATEHOUSE_DATA_DIR: dataDir, ...env });
    assert.match(running.output(), /\(2 worker processes\)/);
    for (let i = 0; i < 4; i += 1) await token(running.url, env.GATEHOUSE_BOOTSTRAP_CLIENT_ID, env.GATEHOUSE_BOOTSTRAP_CLIENT_SECRET);
    assert.equal(await stopGatehouse(running), 0);
  });

  it('refuses an invalid setting, naming the variable', () => {
    const res = spawnSync(process.execPath, [BIN, 'start'], { env: { ...process.env, PORT: 'eighty' }, encoding: 'utf8' });
    assert.equal(res.status, 1);
    assert.match(res.stderr, /PORT must be an integer/);
  });
});
