// Sending one mail over SMTP with nodemailer. The outbox and its retries belong to the mail module
// (a subscriber of the event stream); this file only knows how to hand a message to a server.
import { DEFAULT_MAIL_FROM } from '../../config.js';

export interface MailSettings {
  /** smtp://user:pass@host:587 or smtps://…; unset keeps every message in the outbox. */
  smtpUrl?: string;
  /** The From header. */
  from: string;
}

/** No mail server: every message is kept in the outbox. */
export const KEEP_MAIL: MailSettings = { from: DEFAULT_MAIL_FROM };

/** Thrown for an error that retrying cannot fix (a refused recipient). */
export class PermanentDeliveryError extends Error {}

/** What is sent: extra headers (List-Unsubscribe …) are given by name; no value may hold a line break. */
export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  headers?: Record<string, string>;
}

/** Sends one message; a 5xx answer (unknown recipient, refused sender) is a PermanentDeliveryError. */
export async function sendMail(settings: MailSettings & { smtpUrl: string }, message: OutgoingMail): Promise<void> {
  // Loaded on the first message: most commands and many servers never send one.
  const { default: nodemailer } = await import('nodemailer');
  const transport = nodemailer.createTransport({ url: settings.smtpUrl, connectionTimeout: 30_000, greetingTimeout: 30_000, socketTimeout: 60_000 });
  try {
    await transport.sendMail({ from: settings.from, to: message.to, subject: message.subject, text: message.text, headers: message.headers });
  } catch (error) {
    const code = (error as { responseCode?: number }).responseCode;
    if (typeof code === 'number' && code >= 500 && code < 600) throw new PermanentDeliveryError((error as Error).message);
    throw error;
  } finally {
    transport.close();
  }
}
