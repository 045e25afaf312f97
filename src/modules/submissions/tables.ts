export interface SubmissionsTable {
  id: string;
  organisation_id: string;
  /** The Party user (account) who started it. */
  author_id: string;
  author_name: string;
  title: string;
  summary: string;
  /** JSON: [{ heading, text }], one per problem-statement section of the profile. */
  sections: string;
  status: string;
  submitted_by_id: string | null;
  submitted_by_name: string | null;
  /** Business date (YYYY-MM-DD) of the latest submission or resubmission. */
  submitted_on: string | null;
  /** Business date the critical-friend reply is due. */
  due_on: string | null;
  proposal_id: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface SubmissionTables {
  submissions: SubmissionsTable;
}
