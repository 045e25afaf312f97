import type { Generated } from 'kysely';

/**
 * One searchable text of a change: its references and title, summary, solution, problem statement,
 * a note of its timeline or the text of a document. Derived from the other modules' rows and the
 * event stream by the search subscriber (and rebuilt whole by `secretariat search reindex`). Not
 * indexed for full-text search itself: the change's documents (below) are; entries give the
 * snippets and the documents' texts.
 */
export interface SearchEntriesTable {
  /** The FTS5 row id on SQLite (an INTEGER PRIMARY KEY, so VACUUM never renumbers it). */
  id: Generated<number>;
  /** What it stands for: `change:<id>:title`, `note:<event id>`, `document:<id>` … */
  key: string;
  proposal_id: string;
  /** reference, title, summary, solution, problem-statement, note or document. */
  kind: string;
  /** Searched with more weight: the title, a document's title, a note's event label. */
  label: string;
  body: string;
  /** Who may find it, as the permission table's audiences (the same rule as the event stream). */
  audience: string;
  organisation_id: string | null;
  committee_code: string | null;
  indexed_at: string;
  /**
   * The stream's last position when the rows it was built from were read: every event up to it is
   * reflected, so the subscriber skips them (a replay from the beginning rebuilds each change once).
   */
  seen_position: Generated<number>;
}

/**
 * One change's entries of one audience as one text, the unit a search ranks (one row per change
 * and audience, however many notes and documents it has). Its joined texts are kept apart from
 * these narrow rows: on SQLite in `search_docs_text` (same id), the content of the FTS5 table
 * `search_docs_fts`; on PostgreSQL only as the column `tsv`, with a GIN index. Written again from the entries after each write of them; a trigger
 * deletes a change's rows when any of its entries is deleted.
 */
export interface SearchDocsTable {
  id: Generated<number>;
  proposal_id: string;
  audience: string;
  /** Only for an audience read by one organisation's users; null otherwise. */
  organisation_id: string | null;
  /** Only for an audience read by one committee's members; null otherwise. */
  committee_code: string | null;
  /** The change's number and variant, the order of matches that score the same. */
  number: Generated<number>;
  variant: Generated<string>;
}

export interface SearchTables {
  search_entries: SearchEntriesTable;
  search_docs: SearchDocsTable;
}
