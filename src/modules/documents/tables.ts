export interface DocumentsTable {
  id: string;
  proposal_id: string;
  kind: string;
  title: string;
  version_label: string;
  published_on: string;
  created_at: string;
  /** SHA-256 of its file in the file store; null for a document listed before files were kept. */
  file_sha256: string | null;
  /** pdf, docx, xlsx, odt, md or txt: told from the bytes. */
  file_type: string | null;
  file_size: number | null;
  /** The name it was uploaded with ('' when none): information only. */
  original_filename: string;
  /** 1: read only by the Secretariat and audience_committee's members. */
  restricted: number;
  audience_committee: string | null;
}

/** One row per file kept, so an export can carry each file's bytes once. */
export interface DocumentFilesTable {
  sha256: string;
  file_type: string;
  size: number;
  created_at: string;
}

export interface DocumentTables {
  documents: DocumentsTable;
  document_files: DocumentFilesTable;
}
