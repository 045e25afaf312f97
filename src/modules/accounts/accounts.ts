// Who does things: accounts with one role each, and the anonymous public. Every service call takes
// an actor; the permission table (permissions.ts) says what each role may do.

export const ROLES = ['admin', 'analyst', 'member', 'party'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_LABELS: Record<Role | 'public', string> = {
  admin: 'Administrator',
  analyst: 'Secretariat analyst',
  member: 'Committee member',
  party: 'Party user',
  public: 'The public (not signed in)',
};

export interface Actor {
  id: string;
  name: string;
  role: Role | 'public';
  /** For a Party user: the organisation they act for. */
  organisationId?: string | null;
  /** For a committee member: the committees they sit on. */
  committees?: string[];
}

/** The built-in administrator: the CLI acts as it, and tokens made without --user belong to it. */
export const SYSTEM_ACCOUNT: Actor = { id: 'acc_administrator', name: 'Administrator', role: 'admin' };

/** Anyone not signed in. */
export const PUBLIC: Actor = { id: 'public', name: 'Public', role: 'public' };

export type TokenScope = 'read' | 'write';
