export interface EventsTable {
  id: string;
  proposal_id: string;
  /** 1, 2, 3 … within the proposal, in the order events were recorded. */
  seq: number;
  /** 'raised', 'edited', 'problem-statement-saved' or an action id of the profile. */
  type: string;
  label: string;
  actor_id: string;
  actor_name: string;
  /** The day it happened (YYYY-MM-DD, Europe/London); may be earlier than recorded_at. */
  business_date: string;
  recorded_at: string;
  from_state: string | null;
  to_state: string | null;
  /** JSON object: field -> [before, after]. */
  changes: string;
  /** JSON object of the action's inputs. */
  inputs: string;
  note: string;
  /** The meeting where it happened, when it was a committee's decision. */
  meeting_id: string | null;
}

export interface EventTables {
  events: EventsTable;
}
