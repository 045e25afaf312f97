// The notifications module's tables: what each user watches, what was sent (or is waiting for the
// digest) for which event, the unsubscribe links (hashes only) and the days a digest went out.
export type WatchKind = 'change' | 'committee' | 'search';
export type Delivery = 'immediate' | 'digest';

export interface WatchesTable {
  id: string;
  account_id: string;
  kind: WatchKind;
  /** A change's id, a committee's code, or a saved search as its query string (keys in a fixed order). */
  target: string;
  /** How the watch was named when made: MP094, OPSG, or the search in words. */
  label: string;
  delivery: Delivery;
  /** The stream's position when it was made (its watch.added event): it tells of later events only. */
  since_position: number;
  created_at: string;
}

export interface WatchDeliveriesTable {
  /** One row per account and event: a user hears of an event once, whatever number of watches match it. */
  account_id: string;
  event_position: number;
  watch_id: string;
  delivery: Delivery;
  /** The outbox message of an immediate mail. */
  mail_id: string | null;
  /** The day (Europe/London) of the digest that carried it; null while it waits. */
  digest_day: string | null;
  created_at: string;
}

export interface UnsubscribeTokensTable {
  /** SHA-256 of the token in the link, hex. */
  token_hash: string;
  account_id: string;
  /** The watch it ends; null: every watch of the account delivered by digest. */
  watch_id: string | null;
  created_at: string;
}

export interface DigestRunsTable {
  /** The claim of one account's digest for one day: its primary key makes sending it once a conditional insert. */
  account_id: string;
  day: string;
  created_at: string;
}

export interface NotificationTables {
  watches: WatchesTable;
  watch_deliveries: WatchDeliveriesTable;
  unsubscribe_tokens: UnsubscribeTokensTable;
  digest_runs: DigestRunsTable;
}
