export interface VotesTable {
  id: string;
  proposal_id: string;
  /** The change as it was called when the vote opened (MP094). */
  reference: string;
  committee_code: string;
  status: 'open' | 'counted';
  /** Business dates (YYYY-MM-DD). */
  opened_on: string;
  closed_on: string | null;
  opened_by: string;
  /** At the close: 'approve' or 'reject' (for the change), the option carried and the lifecycle action taken. */
  outcome: string | null;
  carried_option: string | null;
  action: string | null;
  /** At the close: the frozen result (JSON: every option, group and ballot). */
  result_json: string | null;
  /** At the close: the frozen record as HTML and its SHA-256 (the PDF and Markdown are documents of the change). */
  record_html: string | null;
  record_sha256: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface VoteOptionsTable {
  id: string;
  vote_id: string;
  /** 0 for the proposed solution, then each alternative. */
  position: number;
  /** 'proposed', 'alternative-1' … */
  key: string;
  title: string;
  description: string;
}

export interface VoteBallotsTable {
  id: string;
  vote_id: string;
  account_id: string;
  voter_name: string;
  organisation_name: string | null;
  group_id: string;
  /** JSON: [{ option, choice, rationale, objectives }] for every option of the vote. */
  choices_json: string;
  cast_at: string;
  updated_at: string;
  version: number;
}

export interface AuthorityDecisionsTable {
  id: string;
  proposal_id: string;
  reference: string;
  decision: 'approve' | 'reject' | 'send-back';
  decided_on: string;
  /** The decision letter, a document of the change. */
  document_id: string;
  note: string;
  recorded_by: string;
  created_at: string;
}

export interface AppealsTable {
  id: string;
  proposal_id: string;
  reference: string;
  organisation_id: string;
  organisation_name: string;
  raised_by: string;
  grounds: string;
  raised_on: string;
  /** The decision appealed against: the profile's action and its business date, and the last day of the window. */
  against_action: string;
  against_on: string;
  window_closes_on: string;
  status: 'open' | 'upheld' | 'dismissed';
  decided_on: string | null;
  decision_note: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface VoteTables {
  votes: VotesTable;
  vote_options: VoteOptionsTable;
  vote_ballots: VoteBallotsTable;
  authority_decisions: AuthorityDecisionsTable;
  appeals: AppealsTable;
}
