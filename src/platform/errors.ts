// Domain errors carry a stable code; platform/http maps each code to an HTTP status in one place.

export type ErrorCode =
  | 'VALIDATION_FAILED'
  | 'NOT_FOUND'
  | 'UNKNOWN_ACTION'
  | 'ACTION_NOT_ALLOWED'
  | 'GUARD_FAILED'
  | 'VERSION_REQUIRED'
  | 'VERSION_CONFLICT'
  | 'ALREADY_EXISTS'
  | 'NOT_EMPTY'
  | 'WRITE_CONFLICT'
  | 'PAYLOAD_TOO_LARGE'
  | 'UNAUTHENTICATED'
  | 'FORBIDDEN'
  | 'LOCKED'
  | 'RATE_LIMITED'
  | 'DATABASE_READ_ONLY'
  | 'DATABASE_FULL'
  | 'CONSULTATION_CLOSED'
  | 'NOT_A_PARTY'
  | 'NOT_ELIGIBLE'
  /** Change Board votes: not a voting member of the committee; the vote has closed; the change is not at the Change Board. */
  | 'NOT_A_VOTING_MEMBER'
  | 'VOTE_CLOSED'
  | 'NOT_AT_CHANGE_BOARD'
  /** An appeal after its window closed, or against nothing that can be appealed. */
  | 'APPEAL_WINDOW_CLOSED'
  | 'NOT_APPEALABLE';

export interface FieldError {
  field: string;
  message: string;
}

export class DomainError extends Error {
  constructor(
    public readonly code: ErrorCode,
    message: string,
    public readonly details: { fields?: FieldError[]; allowed?: string[]; [key: string]: unknown } = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }
}

export function validationError(fields: FieldError[]): DomainError {
  return new DomainError('VALIDATION_FAILED', fields.map((f) => `${f.field}: ${f.message}`).join(' '), { fields });
}

export function notFound(what: string): DomainError {
  return new DomainError('NOT_FOUND', `${what} was not found.`);
}
