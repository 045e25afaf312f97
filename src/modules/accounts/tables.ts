export interface AccountsTable {
  id: string;
  name: string;
  email: string | null;
  role: string;
  created_at: string;
}

export interface ApiTokensTable {
  id: string;
  account_id: string;
  name: string;
  /** SHA-256 of the token; the token itself is shown once and never stored. */
  token_hash: string;
  scope: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface AccountTables {
  accounts: AccountsTable;
  api_tokens: ApiTokensTable;
}
