export interface CommitteeMembersTable {
  id: string;
  committee_code: string;
  person_id: string;
  /** A party category id or a role such as "Chair" or "Consumer member". */
  seat: string;
  role: 'chair' | 'member' | 'alternate';
  term_start: string;
  term_end: string | null;
  created_at: string;
}

export interface MeetingsTable {
  id: string;
  committee_code: string;
  /** Business date of the meeting (YYYY-MM-DD). */
  date: string;
  /** Local start time HH:MM, Europe/London. */
  start_time: string | null;
  location: string;
  online_url: string;
  title: string;
  status: 'planned' | 'held' | 'cancelled';
  version: number;
  created_at: string;
  updated_at: string;
}

export interface AgendaItemsTable {
  id: string;
  meeting_id: string;
  position: number;
  proposal_id: string | null;
  purpose: string;
  text: string;
  outcome: string;
  created_at: string;
}

export interface CommitteeViewsTable {
  id: string;
  proposal_id: string;
  committee_code: string;
  impact: 'none' | 'potential' | 'not-assessed';
  further_input: number;
  comments: string;
  meeting_id: string | null;
  business_date: string;
  /** The change's reference and state when the view was given (DP094, development). */
  proposal_reference: string;
  proposal_state: string;
  actor_id: string;
  actor_name: string;
  recorded_at: string;
}

export interface CommitteeTables {
  committee_members: CommitteeMembersTable;
  meetings: MeetingsTable;
  agenda_items: AgendaItemsTable;
  committee_views: CommitteeViewsTable;
}
