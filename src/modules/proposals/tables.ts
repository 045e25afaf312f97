export interface ProposalsTable {
  id: string;
  /** The numbering series (SEC for DP/MP; legacy series such as SECMP keep their own). */
  series: string;
  number: number;
  /** '' or a letter for alternatives and splits (MP102A). */
  variant: string;
  prefix: string;
  /** prefix + zero-padded number + variant: DP094, MP102A, SECMP0032. */
  reference: string;
  title: string;
  slug: string;
  state: string;
  held_from_state: string | null;
  proposer_id: string | null;
  organisation_id: string | null;
  lead_analyst_id: string | null;
  raised_on: string;
  path: string | null;
  fast_track: number;
  urgent: number;
  /** The release it targets: an id of the module that keeps releases (no foreign key: that module sits above the register). */
  target_release_id: string | null;
  /** That release's name, kept beside its id so the register shows it without reading the releases' table (names never change). */
  target_release: string | null;
  implementation_date: string | null;
  latest_update: string;
  summary: string;
  solution: string;
  /** JSON array of party category ids. */
  impacted_categories: string;
  /** JSON array of code documents, e.g. "Section J". */
  documents_affected: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ProposalSlugsTable {
  slug: string;
  proposal_id: string;
  created_at: string;
}

export interface ProblemStatementVersionsTable {
  id: string;
  proposal_id: string;
  seq: number;
  /** '0.1', '0.2' … drafts; '1.0' when agreed; '1.1' … revisions. */
  label: string;
  status: 'draft' | 'agreed';
  body: string;
  business_date: string;
  created_at: string;
  created_by: string;
}

export interface ProposalTables {
  proposals: ProposalsTable;
  proposal_slugs: ProposalSlugsTable;
  problem_statement_versions: ProblemStatementVersionsTable;
}
