// HAProxy in front of Gatehouse nodes, as an operator runs it: Debian's haproxy, round robin, no
// sticky sessions, TLS terminated at the balancer (plain HTTP when no certificate is given: the
// bench), health checks on /health. Started in the
// foreground as a child process on loopback ports; its configuration lives in a temporary folder.
import { type ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

export const HAPROXY = '/usr/sbin/haproxy';

export interface Balancer {
  /** `https://localhost:<port>` (`http://` without TLS): the issuer of every node. */
  url: string;
  /** Responses each node has answered through the balancer so far, by server name. */
  served(): Promise<Record<string, number>>;
  /** Each server's state as the health checks see it (`UP`, `DOWN`, …). */
  states(): Promise<Record<string, string>>;
  /** Everything HAProxy printed (warnings when a node goes down). */
  output(): string;
  stop(): Promise<void>;
}

/** haproxy.cfg for the nodes: the settings a "Run several nodes" deployment needs, nothing else. */
function configuration(options: { port: number; statsPort: number; pem?: string; nodes: { name: string; port: number }[] }): string {
  return `global
  maxconn 512

defaults
  mode http
  timeout connect 2s
  timeout client 60s
  timeout server 60s
  # The client address for Gatehouse's throttles and logs (GATEHOUSE_TRUST_PROXY names this proxy).
  option forwardfor
  # A request that cannot reach a node (down, or killed before the health check noticed) goes to another.
  retries 3
  option redispatch 1
  retry-on conn-failure empty-response

frontend gatehouse
  bind 127.0.0.1:${options.port}${options.pem ? ` ssl crt ${options.pem}` : ''}
  http-request set-header X-Forwarded-Proto ${options.pem ? 'https' : 'http'}
  default_backend nodes

backend nodes
  balance roundrobin
  option httpchk
  http-check send meth GET uri /health
  http-check expect status 200
${options.nodes.map((n) => `  server ${n.name} 127.0.0.1:${n.port} check inter 500ms fall 2 rise 1`).join('\n')}

frontend stats
  bind 127.0.0.1:${options.statsPort}
  stats enable
  stats uri /stats
`;
}

/** Starts HAProxy in the foreground (`-db`) and waits until every node is UP. */
export async function startBalancer(options: {
  dir: string;
  port: number;
  statsPort: number;
  /** The certificate and key to terminate TLS with; without them the balancer speaks plain HTTP. */
  certPath?: string;
  keyPath?: string;
  nodes: { name: string; port: number }[];
}): Promise<Balancer> {
  let pem: string | undefined;
  if (options.certPath && options.keyPath) {
    pem = path.join(options.dir, 'gatehouse.pem');
    fs.writeFileSync(pem, fs.readFileSync(options.certPath, 'utf8') + fs.readFileSync(options.keyPath, 'utf8'), { mode: 0o600 });
  }
  const cfg = path.join(options.dir, 'haproxy.cfg');
  fs.writeFileSync(cfg, configuration({ ...options, pem }));
  const child: ChildProcess = spawn(HAPROXY, ['-db', '-f', cfg], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout!.on('data', (d) => {
    out += d;
  });
  child.stderr!.on('data', (d) => {
    out += d;
  });

  async function stats(): Promise<Record<string, string>[]> {
    const res = await fetch(`http://127.0.0.1:${options.statsPort}/stats;csv`);
    const [header, ...rows] = (await res.text()).trim().split('\n');
    const names = header.replace(/^# /, '').split(',');
    return rows.map((row) => Object.fromEntries(row.split(',').map((value, i) => [names[i], value])));
  }
  const servers = async () => (await stats()).filter((row) => row.pxname === 'nodes' && row.svname !== 'BACKEND');

  const balancer: Balancer = {
    url: `${pem ? 'https' : 'http'}://localhost:${options.port}`,
    async served() {
      const counts = ['hrsp_1xx', 'hrsp_2xx', 'hrsp_3xx', 'hrsp_4xx', 'hrsp_5xx'];
      return Object.fromEntries((await servers()).map((row) => [row.svname, counts.reduce((sum, c) => sum + Number(row[c] || 0), 0)]));
    },
    async states() {
      return Object.fromEntries((await servers()).map((row) => [row.svname, row.status]));
    },
    output: () => out,
    stop: () =>
      new Promise((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };

  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`haproxy exited: ${out}`);
    const up = await balancer.states().catch(() => ({}) as Record<string, string>);
    if (options.nodes.every((n) => up[n.name] === 'UP')) return balancer;
    if (Date.now() > deadline) {
      await balancer.stop();
      throw new Error(`the nodes never came UP behind haproxy: ${JSON.stringify(up)} ${out}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
