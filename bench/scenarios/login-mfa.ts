import { generate } from 'otplib';
import type { BenchServer } from '../lib/gatehouse.js';
import { BENCH_API } from './tokens.js';
import { drive, driveLogins, type LoginJob, PASSWORD } from './login.js';

/** One enrolled member: the driver computes their codes; `lastStep` is the TOTP step their enrolment used. */
export interface TotpUser {
  email: string;
  secret: string;
  lastStep: number;
}

/**
 * An organization whose policy requires MFA, shaped like the plain organization login's (one
 * database connection, members with two roles granting the bench API), and `users` members enrolled
 * in TOTP through the MFA service, as the enrolment page does. Gatehouse refuses a TOTP step used
 * before, so each login takes a member whose next step is still acceptable (several members, or a
 * later step); the driver leaves out the time it waits when every member is used up.
 */
export async function prepareMfaLogin(server: BenchServer, base: LoginJob, users: number): Promise<LoginJob> {
  const org = await server.api('POST', '/organizations', { name: 'bench-mfa-org', display_name: 'Bench MFA Org' });
  await server.api('PATCH', `/organizations/${org.id}`, { gatehouse_mfa_policy: { require: true } });
  const connection = await server.api('POST', '/connections', { name: 'bench-mfa-users', strategy: 'auth0' });
  await server.api('POST', `/organizations/${org.id}/enabled_connections`, { connection_id: connection.id });
  const roles: string[] = [];
  for (const name of ['bench-mfa-reader', 'bench-mfa-writer']) {
    const role = await server.api('POST', '/roles', { name });
    await server.api('POST', `/roles/${role.id}/permissions`, {
      permissions: [{ permission_name: 'read:bench', resource_server_identifier: BENCH_API }],
    });
    roles.push(role.id);
  }
  const { mfa } = server.app.services;
  const enrolled: TotpUser[] = [];
  for (let i = 0; i < users; i += 1) {
    const member = await server.api('POST', '/users', {
      connection: 'bench-mfa-users',
      email: `member${i}@bench-mfa.example`,
      password: PASSWORD,
      email_verified: true,
    });
    await server.api('POST', `/organizations/${org.id}/members`, { members: [member.user_id] });
    await server.api('POST', `/organizations/${org.id}/members/${encodeURIComponent(member.user_id)}/roles`, { roles });
    const started = await mfa.startTotp(member.user_id, 'Bench');
    const now = Date.now();
    await mfa.confirmTotp(
      { ip: '127.0.0.1' },
      { userId: member.user_id, organizationId: org.id },
      started.id,
      await generate({ secret: started.secret, epoch: Math.floor(now / 1000) }),
    );
    enrolled.push({ email: member.email, secret: started.secret, lastStep: Math.floor(now / 30_000) });
  }
  return { ...base, email: enrolled[0].email, params: { ...base.params, organization: org.id }, expectOrgId: org.id, totp: enrolled };
}

/**
 * Organization logins with a TOTP challenge vs the same organization login without MFA (the plain
 * organization scenario's job), one at a time, in the same run.
 */
export async function measureMfaLogins(
  server: BenchServer,
  organization: LoginJob,
  users: number,
): Promise<{ with: number; without: number; waitedSeconds: number }> {
  const job = await prepareMfaLogin(server, organization, users);
  const without = await drive(organization);
  const run = await driveLogins(job);
  return { with: run.logins / run.seconds, without, waitedSeconds: run.waited ?? 0 };
}
