export interface AccountsTable {
  id: string;
  name: string;
  email: string | null;
  role: string;
  /** argon2id hash; null until a password is set (invited users, single sign-on users). */
  password_hash: string | null;
  /** For a Party user: the organisation they act for. */
  organisation_id: string | null;
  status: 'active' | 'disabled';
  created_at: string;
  last_sign_in_at: string | null;
}

export interface AccountCommitteesTable {
  account_id: string;
  committee_code: string;
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

export interface SessionsTable {
  /** SHA-256 of the session cookie's value. */
  id_hash: string;
  account_id: string;
  created_at: string;
  last_seen_at: string;
  /** The absolute end of the session, whatever its activity. */
  expires_at: string;
  ended_at: string | null;
}

export interface SignInAttemptsTable {
  id: string;
  /** Lower-cased email as typed. */
  email: string;
  ip: string;
  at: string;
  success: number;
}

export interface AuditLogTable {
  id: string;
  at: string;
  /** sign-in, sign-in-failed, sign-in-locked, sign-out, role-changed, user-added, token-created, token-used, token-revoked … */
  kind: string;
  account_id: string | null;
  actor_id: string | null;
  detail: string;
  ip: string;
}

/** A single sign-on flow in progress: started at /login/oidc, finished once at the callback. */
export interface OidcLoginsTable {
  /** SHA-256 of the state sent to the provider. */
  id_hash: string;
  /** The PKCE code verifier. */
  verifier: string;
  /** Expected in the provider's ID token. */
  nonce: string;
  /** Where to go after signing in. */
  next: string;
  created_at: string;
  /** Set when the callback uses it: a state is good once. */
  used_at: string | null;
}

/** One row (id 1): a random value set anew by every write that can take a right away (credential-cache.ts). */
export interface CredentialEpochTable {
  id: number;
  epoch: string;
}

export interface AccountTables {
  accounts: AccountsTable;
  account_committees: AccountCommitteesTable;
  api_tokens: ApiTokensTable;
  sessions: SessionsTable;
  sign_in_attempts: SignInAttemptsTable;
  audit_log: AuditLogTable;
  oidc_logins: OidcLoginsTable;
  credential_epoch: CredentialEpochTable;
}
