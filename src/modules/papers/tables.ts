export interface PaperDraftsTable {
  id: string;
  committee_code: string;
  /** The meeting date the paper is for, which is also its printed date. */
  date: string;
  author: string;
  team: string;
  /** JSON array of paragraphs, or '' for the profile's standard text. */
  purpose: string;
  /** '' for the profile's standard text. */
  recommendation: string;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface AnticipatedImpactsTable {
  proposal_id: string;
  /** The committee's impact area id (operational, security, …). */
  area: string;
  text: string;
  updated_at: string;
  updated_by: string;
}

export interface PaperVersionsTable {
  id: string;
  paper_id: string;
  number: number;
  issued_at: string;
  issued_by: string;
  /** The PaperContent that was rendered, as JSON. */
  content: string;
  /** Line changes of the Markdown since the previous version ('' for version 1). */
  changes: string;
}

export interface PaperFilesTable {
  id: string;
  version_id: string;
  format: string;
  media_type: string;
  filename: string;
  /** The exact bytes, base64: portable across SQLite and PostgreSQL. */
  content: string;
  sha256: string;
  size: number;
}

export interface PaperTables {
  paper_drafts: PaperDraftsTable;
  anticipated_impacts: AnticipatedImpactsTable;
  paper_versions: PaperVersionsTable;
  paper_files: PaperFilesTable;
}
