// The file store's table, on PostgreSQL only (beside a SQLite file, files are files).
export interface FileBlobsTable {
  /** SHA-256 of the content, lower-case hex. */
  sha256: string;
  /** The exact bytes (bytea). */
  content: Buffer;
  size: number;
  created_at: string;
}
