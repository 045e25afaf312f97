// The mail subscriber: for each `mail.queued` event, send the outbox message it names (or keep it
// when no SMTP server is set) and record the outcome. Delivery is at least once, so a message that
// is no longer pending is left alone; a temporary failure is thrown back to the dispatcher, which
// retries it with backoff, and after the last attempt the message is marked failed.
import { dispatchOnce, type Subscriber } from '../../platform/events/dispatch.js';
import { KEEP_MAIL, PermanentDeliveryError, sendMail, type MailSettings } from '../../platform/mail/mail.js';
import type { ServiceContext } from '../context.js';
import { MAIL_POLICY, findMessage, isMail, settleMessage } from './outbox.js';

export type MailOutcome = 'sent' | 'kept' | 'failed' | 'retrying' | 'skipped';

export async function deliverQueued(ctx: ServiceContext, mailId: string, settings: MailSettings): Promise<MailOutcome> {
  const ex = ctx.db.kysely;
  const row = await findMessage(ex, mailId);
  if (!row || row.status !== 'pending') return 'skipped';
  const attempts = Number(row.attempts) + 1;
  const mail: unknown = JSON.parse(row.payload);
  if (!isMail(mail)) {
    await settleMessage(ex, mailId, { status: 'failed', attempts, last_error: 'The message is not a mail (to, subject, text).' });
    return 'failed';
  }
  if (!settings.smtpUrl) {
    await settleMessage(ex, mailId, { status: 'kept', attempts });
    return 'kept';
  }
  try {
    await sendMail({ ...settings, smtpUrl: settings.smtpUrl }, mail);
  } catch (error) {
    const giveUp = error instanceof PermanentDeliveryError || attempts >= MAIL_POLICY.maxAttempts;
    await settleMessage(ex, mailId, { status: giveUp ? 'failed' : 'pending', attempts, last_error: (error as Error).message.slice(0, 1000) });
    if (giveUp) return 'failed';
    throw error;
  }
  const payload = mail.sensitive
    ? JSON.stringify({ to: mail.to, subject: mail.subject, text: '(Removed once sent: it held a single-use link.)', sensitive: true })
    : row.payload;
  await settleMessage(ex, mailId, { status: 'sent', attempts, sent_at: ctx.clock().toISOString(), last_error: null, payload });
  return 'sent';
}

export const MAIL_SUBSCRIBER = 'mail';

export function mailSubscriber(tally?: (outcome: MailOutcome) => void): Subscriber<ServiceContext> {
  return {
    name: MAIL_SUBSCRIBER,
    description: 'Sends queued mail through SMTP_URL, or keeps it in the outbox for administrators when none is set.',
    types: ['mail.queued'],
    async handle(event, ctx) {
      try {
        // Delivered first: an optional call (`tally?.(…)`) would not even evaluate its argument.
        const outcome = await deliverQueued(ctx, String(event.payload.mailId), ctx.mail);
        tally?.(outcome);
      } catch (error) {
        tally?.('retrying');
        throw error;
      }
    },
  };
}

export interface DrainResult {
  sent: number;
  kept: number;
  retrying: number;
  failed: number;
}

/** Sends (or keeps) every message that is due now, in this process: for tests and `secretariat outbox --send`. */
export async function drainOutbox(ctx: ServiceContext, settings: MailSettings = KEEP_MAIL, options: { worker?: string } = {}): Promise<DrainResult> {
  const result: DrainResult = { sent: 0, kept: 0, retrying: 0, failed: 0 };
  const subscriber = mailSubscriber((outcome) => {
    if (outcome !== 'skipped') result[outcome] += 1;
  });
  for (let round = 0; round < 100; round += 1) {
    const turn = await dispatchOnce({ db: ctx.db, clock: ctx.clock, subscribers: [subscriber], context: { ...ctx, mail: settings } }, options);
    if (turn.handled + turn.parked + turn.failed === 0) break;
  }
  return result;
}
