// Outgoing mail, always through the outbox: commands enqueue a message in their transaction and a
// worker delivers it. With SMTP_URL set, nodemailer sends it; without, the message is marked
// 'kept' and stays in the outbox, where administrators can read it and pass the link on.
import nodemailer from 'nodemailer';
import { DEFAULT_MAIL_FROM } from '../../config.js';
import {
  PermanentDeliveryError, drainMessages, enqueue, startOutboxWorker,
  type Deliverer, type DrainResult, type OutboxContext, type OutboxExecutor, type OutboxWorker,
} from '../jobs/outbox.js';

export interface MailSettings {
  /** smtp://user:pass@host:587 or smtps://…; unset keeps every message in the outbox. */
  smtpUrl?: string;
  /** The From header. */
  from: string;
}

/** No mail server: every message is kept in the outbox. */
export const KEEP_MAIL: MailSettings = { from: DEFAULT_MAIL_FROM };

export interface Mail {
  to: string;
  subject: string;
  text: string;
  /**
   * The text holds a secret (a single-use link): once sent, the outbox keeps only who it went to
   * and the subject. A kept message keeps its text, since an administrator has to pass it on.
   */
  sensitive?: boolean;
}

/** Writes a mail into the outbox, in the command's transaction. */
export function enqueueMail(trx: OutboxExecutor, kind: string, mail: Mail, at?: Date): Promise<string> {
  if (/[\r\n]/.test(mail.to + mail.subject)) throw new Error('A mail address or subject cannot contain a line break.');
  return enqueue(trx, { kind, payload: mail, at });
}

function isMail(value: unknown): value is Mail {
  const m = value as Mail;
  return !!m && typeof m.to === 'string' && typeof m.subject === 'string' && typeof m.text === 'string';
}

/** Delivers outbox mail with the given settings; close() releases the SMTP transport. */
export function mailDeliverer(settings: MailSettings): { deliver: Deliverer; close: () => void } {
  const transport = settings.smtpUrl
    ? nodemailer.createTransport({ url: settings.smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 })
    : undefined;
  const deliver: Deliverer = async ({ payload }) => {
    if (!isMail(payload)) throw new PermanentDeliveryError('The message is not a mail (to, subject, text).');
    if (!transport) return { status: 'kept' };
    try {
      await transport.sendMail({ from: settings.from, to: payload.to, subject: payload.subject, text: payload.text });
    } catch (error) {
      const code = (error as { responseCode?: number }).responseCode;
      // 5xx is the server saying no for good (unknown recipient, refused sender): retrying cannot help.
      if (typeof code === 'number' && code >= 500 && code < 600) throw new PermanentDeliveryError((error as Error).message);
      throw error;
    }
    return payload.sensitive
      ? { status: 'sent', payload: { to: payload.to, subject: payload.subject, text: '(Removed once sent: it held a single-use link.)', sensitive: true } }
      : { status: 'sent' };
  };
  return { deliver, close: () => transport?.close() };
}

/** Sends (or keeps) every due message now: for tests and `secretariat outbox --send`. */
export async function drainOutbox(ctx: OutboxContext, settings: MailSettings = KEEP_MAIL, options: { worker?: string; limit?: number } = {}): Promise<DrainResult> {
  const mailer = mailDeliverer(settings);
  try {
    return await drainMessages(ctx, mailer.deliver, options);
  } finally {
    mailer.close();
  }
}

/** The `serve` command's worker: polls every couple of seconds and whenever mail is enqueued. */
export function startMailWorker(ctx: OutboxContext, settings: MailSettings, options: { intervalMs?: number; onError?: (error: unknown) => void } = {}): OutboxWorker {
  const mailer = mailDeliverer(settings);
  const worker = startOutboxWorker(ctx, mailer.deliver, options);
  return {
    kick: worker.kick,
    async stop() {
      await worker.stop();
      mailer.close();
    },
  };
}
