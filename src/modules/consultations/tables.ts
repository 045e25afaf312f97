export interface ConsultationsTable {
  id: string;
  proposal_id: string;
  /** A consultation kind id of the profile. */
  kind: string;
  title: string;
  /** The questions, in order, as a JSON array of strings. */
  questions: string;
  /** The first and the last day responses are taken (YYYY-MM-DD, Europe/London). */
  opens_on: string;
  closes_on: string;
  /** The business date it closed, once it has; null while it is open. */
  closed_on: string | null;
  /** The collated responses attached to the change at the close (documents' ids), JSON array. */
  document_ids: string;
  /** The collated responses as a standalone HTML page, frozen at the close (null before, and for closes before it was kept). */
  collation_html: string | null;
  /** SHA-256 (hex) of collation_html's UTF-8 bytes. */
  collation_sha256: string | null;
  version: number;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface ConsultationResponsesTable {
  id: string;
  consultation_id: string;
  organisation_id: string;
  /** The answers, one per question in order, as a JSON array of strings. */
  answers: string;
  /** 1: only the Secretariat (and the organisation's own users) read it; it is never collated. */
  confidential: number;
  /** 1 for the first submission, then one more for each edit (every version is kept). */
  version: number;
  submitted_by: string;
  submitted_at: string;
  updated_at: string;
}

/** Every version of every response, as it was submitted (append-only). */
export interface ConsultationResponseVersionsTable {
  response_id: string;
  version: number;
  answers: string;
  confidential: number;
  submitted_by: string;
  submitted_at: string;
}

export interface ConsultationTables {
  consultations: ConsultationsTable;
  consultation_responses: ConsultationResponsesTable;
  consultation_response_versions: ConsultationResponseVersionsTable;
}
