export interface OrganisationsTable {
  id: string;
  name: string;
  /** A party category id of the profile; null for bodies that are not Parties (the Secretariat). */
  party_category: string | null;
  created_at: string;
}

export interface PeopleTable {
  id: string;
  name: string;
  organisation_id: string | null;
  /** 1 for a Secretariat analyst who can lead proposals. */
  is_analyst: number;
  created_at: string;
}

export interface DirectoryTables {
  organisations: OrganisationsTable;
  people: PeopleTable;
}
