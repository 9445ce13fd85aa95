// HTTP at the socket level, for what fetch hides: what happens to a keep-alive connection after an
// error, and answers sent before a large body was read.
import net from 'node:net';

export interface RawResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/** One HTTP/1.1 connection, read as text; requests are written by hand. */
export class RawConnection {
  private readonly socket: net.Socket;
  private readonly host: string;
  private buffer = '';
  closed = false;

  constructor(url: string) {
    const { hostname, port, host } = new URL(url);
    this.host = host;
    this.socket = net.connect(Number(port), hostname === 'localhost' ? '127.0.0.1' : hostname);
    this.socket.setEncoding('latin1');
    this.socket.on('data', (chunk: string) => {
      this.buffer += chunk;
    });
    this.socket.on('close', () => {
      this.closed = true;
    });
    // The server may close while a large body is still being written (EPIPE, ECONNRESET).
    this.socket.on('error', () => {});
  }

  /** Writes a request; `body` is sent with its Content-Length. */
  send(method: string, path: string, headers: Record<string, string>, body?: string | Buffer): void {
    const lines = [`${method} ${path} HTTP/1.1`, `Host: ${this.host}`, ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    if (body !== undefined) lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
    this.socket.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (body !== undefined) this.socket.write(body);
  }

  /**
   * The next response (Content-Length bodies only), or undefined when the connection closes first
   * or nothing arrives within `timeoutMs`.
   */
  async response(timeoutMs: number): Promise<RawResponse | undefined> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const parsed = this.take();
      if (parsed) return parsed;
      if (this.closed || Date.now() > deadline) return undefined;
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }

  private take(): RawResponse | undefined {
    const end = this.buffer.indexOf('\r\n\r\n');
    if (end === -1) return undefined;
    const [statusLine, ...headerLines] = this.buffer.slice(0, end).split('\r\n');
    const headers = Object.fromEntries(
      headerLines.map((line) => {
        const colon = line.indexOf(':');
        return [line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim()];
      }),
    );
    const length = Number(headers['content-length'] ?? 0);
    if (this.buffer.length < end + 4 + length) return undefined;
    const body = this.buffer.slice(end + 4, end + 4 + length);
    this.buffer = this.buffer.slice(end + 4 + length);
    return { status: Number(statusLine.split(' ')[1]), headers, body: Buffer.from(body, 'latin1').toString('utf8') };
  }

  close(): void {
    this.socket.destroy();
  }
}
