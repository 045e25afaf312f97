export interface ReleasesTable {
  /** YYYY-MM for a scheduled release of the calendar (its month); a generated id otherwise. */
  id: string;
  name: string;
  /** The name in lower case with single spaces: names are unique whatever their case and spacing. */
  name_key: string;
  /** The day it is planned for (YYYY-MM-DD). */
  date: string;
  kind: 'scheduled' | 'ad-hoc' | 'migrated';
  /** The business date it was implemented, once it has been. */
  implemented_on: string | null;
  version: number;
  created_at: string;
  updated_at: string;
}

export interface ReleaseTables {
  releases: ReleasesTable;
}
