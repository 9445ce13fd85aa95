import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

/** A received email, decoded enough to read: recipients, subject, text and HTML bodies. */
export interface Mail {
  to: string;
  subject: string;
  text: string;
  html: string;
}

function decodePart(headers: string, body: string): string {
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1].toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/gi, (_m, hex: string) => `%${hex}`);
    return decodeURIComponent(bytes.replace(/%(?![0-9A-F]{2})/gi, '%25'));
  }
  return body;
}

/** Reads the raw MIME nodemailer sends: headers unfolded, text/plain and text/html parts decoded. */
export function parseMail(raw: string): Mail {
  const split = raw.indexOf('\r\n\r\n') >= 0 ? '\r\n\r\n' : '\n\n';
  const headers = raw.slice(0, raw.indexOf(split)).replace(/\r?\n[ \t]+/g, ' ');
  const header = (name: string) => new RegExp(`^${name}:\\s*(.*)$`, 'im').exec(headers)?.[1].trim() ?? '';
  const boundary = /boundary="([^"]+)"/.exec(headers)![1];
  const parts = raw
    .split(`--${boundary}`)
    .slice(1, -1)
    .map((part) => {
      const at = part.indexOf(split);
      return { headers: part.slice(0, at), body: part.slice(at + split.length).replace(/\r?\n$/, '') };
    });
  const find = (type: string) => parts.find((p) => new RegExp(`content-type:\\s*${type}`, 'i').test(p.headers));
  const text = find('text/plain');
  const html = find('text/html');
  return {
    to: header('To'),
    subject: header('Subject'),
    text: text ? decodePart(text.headers, text.body) : '',
    html: html ? decodePart(html.headers, html.body) : '',
  };
}

/** A real SMTP server on loopback that requires the credentials Gatehouse is given. */
export async function startMailbox() {
  const mails: Mail[] = [];
  const waiters: { match: (m: Mail) => boolean; resolve: (m: Mail) => void }[] = [];
  const smtp = new SMTPServer({
    authOptional: false,
    allowInsecureAuth: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onAuth(auth, _session, callback) {
      if (auth.username === 'gatehouse' && auth.password === 'mail-secret') callback(null, { user: auth.username });
      else callback(new Error('Invalid username or password'));
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const mail = parseMail(Buffer.concat(chunks).toString('utf8'));
        mails.push(mail);
        for (const w of waiters.splice(0))
          if (w.match(mail)) w.resolve(mail);
          else waiters.push(w);
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const port = (smtp.server.address() as AddressInfo).port;
  return {
    url: `smtp://gatehouse:mail-secret@127.0.0.1:${port}`,
    mails,
    /** The next (or an already received) email to this address. */
    async mailTo(address: string): Promise<Mail> {
      const match = (m: Mail) => m.to.toLowerCase().includes(address.toLowerCase());
      const found = mails.find(match);
      if (found) return found;
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no email to ${address}`)), 10_000);
        waiters.push({
          match,
          resolve: (m) => {
            clearTimeout(timer);
            resolve(m);
          },
        });
      });
    },
    close: () => new Promise<void>((resolve) => smtp.close(() => resolve())),
  };
}
