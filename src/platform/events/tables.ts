// The tables of the event stream. Platform code: modules define the event types and what they
// mean; the stream stores them in one order and hands them to subscribers after commit.

export interface EventsTable {
  /** 1, 2, 3 … across the whole stream, in commit order (see append.ts): the change feed's cursor. */
  position: number;
  id: string;
  /** A type of a module's catalog, e.g. 'proposal.raised'. */
  type: string;
  /** What the event is about: 'proposal', 'meeting', 'paper', 'submission', 'account' … */
  subject_type: string;
  subject_id: string;
  /** How people name the subject: DP094, "OPSG 26 November 2019", an email. */
  subject_ref: string;
  /** 1, 2, 3 … within the subject. */
  seq: number;
  /** The change the event concerns, when it concerns one: its timeline shows it. */
  proposal_id: string | null;
  /** The meeting where it happened, when it happened at one. */
  meeting_id: string | null;
  /** The lifecycle action of the process profile it records, when it records one. */
  action: string | null;
  /** Who may read it (the permission table names the audiences), e.g. 'public'. */
  audience: string;
  /** For audiences scoped to an organisation: which one. */
  organisation_id: string | null;
  /** For audiences scoped to a committee (a restricted document written for it): its code. */
  committee_code: string | null;
  /** What happened, in words, as it read when it was recorded. */
  label: string;
  actor_id: string;
  actor_name: string;
  /** The day it happened (YYYY-MM-DD, Europe/London); may be earlier than recorded_at. */
  business_date: string;
  recorded_at: string;
  /** JSON object, of the shape the type's schema gives. */
  payload: string;
}

export interface EventSubscribersTable {
  name: string;
  /** The last position this subscriber has handled (or parked for a retry). */
  position: number;
  /** The instance working for this subscriber now, and until when its lease holds. */
  claimed_by: string | null;
  claimed_until: string | null;
  /** Events handled, for the administrators' page. */
  handled: number;
  updated_at: string;
}

export interface EventRetriesTable {
  subscriber: string;
  event_position: number;
  /** subject_type:subject_id: later events of the same subject wait behind this one. */
  subject_key: string;
  attempts: number;
  /** 'waiting' until it succeeds (then the row goes) or runs out of attempts ('failed'). */
  status: 'waiting' | 'failed';
  run_after: string;
  last_error: string;
  created_at: string;
  updated_at: string;
}

export interface EventStreamTables {
  events: EventsTable;
  event_subscribers: EventSubscribersTable;
  event_retries: EventRetriesTable;
}
