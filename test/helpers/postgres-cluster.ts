// A PostgreSQL cluster of a test's own, on loopback, which the test may stop and start (outages).
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePort } from './cli-process.js';

const run = promisify(execFile);

/** `TEST_PG_BIN` (`.ci/run` exports it), else the newest installed PostgreSQL. */
function postgresBin(): string {
  if (process.env.TEST_PG_BIN) return process.env.TEST_PG_BIN;
  const root = '/usr/lib/postgresql';
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => fs.existsSync(path.join(root, v, 'bin', 'initdb'))) : [];
  versions.sort((a, b) => Number.parseFloat(b) - Number.parseFloat(a));
  if (versions.length === 0) throw new Error('no PostgreSQL binaries: set TEST_PG_BIN to the folder holding initdb and pg_ctl');
  return path.join(root, versions[0], 'bin');
}

/** A throwaway PostgreSQL cluster on loopback that this test may stop and start. */
export class PrivateCluster {
  readonly dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gatehouse-outage-'));
  readonly bin = postgresBin();
  port = 0;
  // initdb and the server refuse to run as root: run them as the postgres user, as `.ci/run` does.
  private readonly asRoot = process.getuid?.() === 0;

  get url(): string {
    return `postgres://gatehouse@127.0.0.1:${this.port}/postgres`;
  }

  private pg(command: string, args: string[]) {
    const file = path.join(this.bin, command);
    return this.asRoot ? run('runuser', ['-u', 'postgres', '--', file, ...args]) : run(file, args);
  }

  async init(): Promise<void> {
    if (this.asRoot) await run('chown', ['postgres:postgres', this.dir]);
    this.port = await freePort();
    await this.pg('initdb', ['-D', path.join(this.dir, 'data'), '-A', 'trust', '-U', 'gatehouse', '-E', 'UTF8', '--locale=C.UTF-8']);
    await this.start();
  }

  running = false;

  async start(): Promise<void> {
    await this.pg('pg_ctl', [
      '-D',
      path.join(this.dir, 'data'),
      '-l',
      path.join(this.dir, 'server.log'),
      '-w',
      '-o',
      `-p ${this.port} -k ${this.dir} -c listen_addresses=127.0.0.1`,
      'start',
    ]);
    this.running = true;
  }

  /** What the issue did: a fast shutdown, which terminates every connection. */
  async stop(): Promise<void> {
    await this.pg('pg_ctl', ['-D', path.join(this.dir, 'data'), '-m', 'fast', '-w', 'stop']);
    this.running = false;
  }

  async destroy(): Promise<void> {
    await this.pg('pg_ctl', ['-D', path.join(this.dir, 'data'), '-m', 'immediate', 'stop']).catch(() => {});
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
