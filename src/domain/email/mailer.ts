import fs from 'node:fs/promises';
import path from 'node:path';
import nodemailer from 'nodemailer';
import type { Clock } from '../shared/clock.js';
import type { RenderedEmail } from './templates/frame.js';

/** The log calls the email service makes (pino-compatible: Fastify's `app.log` fits). */
export interface EmailLog {
  info(fields: object, message: string): void;
  warn(fields: object, message: string): void;
  error(fields: object, message: string): void;
}

/**
 * One email to deliver. `link` is logged only when the message goes to the outbox, never otherwise;
 * an email carrying a one-time code has no link, and its code is never logged (the operator opens
 * the outbox file).
 */
export interface OutgoingEmail extends RenderedEmail {
  kind: 'password_reset' | 'verify_email' | 'invitation' | 'users_import' | 'mfa_code';
  to: string;
  link?: string;
}

export interface MailerOptions {
  /** `smtp://…` / `smtps://…`; undefined = write each message to `outboxDir`. */
  smtpUrl: string | undefined;
  from: string;
  outboxDir: string;
  clock: Clock;
  log: () => EmailLog;
}

/**
 * Delivers rendered emails: by SMTP when configured, else as `.eml` files in the outbox folder
 * (nodemailer's stream transport builds the same MIME message it would have sent).
 */
export function createMailer(options: MailerOptions) {
  const smtp = options.smtpUrl ? nodemailer.createTransport(options.smtpUrl) : undefined;
  const builder = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });

  async function writeToOutbox(email: OutgoingEmail): Promise<string> {
    const built = await builder.sendMail({ from: options.from, to: email.to, subject: email.subject, text: email.text, html: email.html });
    await fs.mkdir(options.outboxDir, { recursive: true });
    const stamp = options.clock.now().toISOString().replace(/[-:.]/g, '');
    // Two emails in the same millisecond get -2, -3…: `wx` never overwrites.
    for (let n = 1; ; n += 1) {
      const file = path.join(options.outboxDir, `${stamp}-${email.kind}${n === 1 ? '' : `-${n}`}.eml`);
      try {
        await fs.writeFile(file, built.message as Buffer, { flag: 'wx', mode: 0o600 });
        return file;
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || n > 50) throw error;
      }
    }
  }

  return {
    /** True when emails leave the machine (SMTP); false when they only land in the outbox. */
    sendsMail: smtp !== undefined,

    async deliver(email: OutgoingEmail): Promise<void> {
      if (smtp) {
        await smtp.sendMail({ from: options.from, to: email.to, subject: email.subject, text: email.text, html: email.html });
        return;
      }
      const file = await writeToOutbox(email);
      // Without SMTP the operator reads the link here; this is the only place a link is logged.
      options
        .log()
        .info({ kind: email.kind, to: email.to, file, ...(email.link ? { link: email.link } : {}) }, 'email written to the outbox');
    },

    close(): void {
      smtp?.close();
    },
  };
}

export type Mailer = ReturnType<typeof createMailer>;
