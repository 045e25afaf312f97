// Domain error codes -> HTTP status, in one place. The domain never imports HTTP.
import type { FastifyError } from 'fastify';
import { DomainError, type ErrorCode, type FieldError } from '../errors.js';

export const STATUS_BY_CODE: Record<ErrorCode, number> = {
  VALIDATION_FAILED: 400,
  UNKNOWN_ACTION: 400,
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  LOCKED: 423,
  RATE_LIMITED: 429,
  NOT_FOUND: 404,
  ACTION_NOT_ALLOWED: 409,
  GUARD_FAILED: 409,
  ALREADY_EXISTS: 409,
  NOT_EMPTY: 409,
  WRITE_CONFLICT: 409,
  PAYLOAD_TOO_LARGE: 413,
  VERSION_CONFLICT: 412,
  VERSION_REQUIRED: 428,
  DATABASE_READ_ONLY: 503,
  DATABASE_FULL: 507,
  CONSULTATION_CLOSED: 409,
  NOT_A_PARTY: 403,
  NOT_ELIGIBLE: 403,
  NOT_A_VOTING_MEMBER: 403,
  VOTE_CLOSED: 409,
  NOT_AT_CHANGE_BOARD: 409,
  APPEAL_WINDOW_CLOSED: 409,
  NOT_APPEALABLE: 409,
};

export interface ErrorBody {
  error: { code: string; message: string; fields?: FieldError[]; allowed?: string[]; [key: string]: unknown };
}

/** Fastify's schema validation errors, as field-level messages. */
export function fieldsOfValidation(error: FastifyError): FieldError[] {
  return (error.validation ?? []).map((v) => {
    const params = v.params;
    const missing = typeof params?.missingProperty === 'string' ? params.missingProperty : undefined;
    const extra = typeof params?.additionalProperty === 'string' ? params.additionalProperty : undefined;
    const path = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
    const field = [path, missing ?? extra].filter(Boolean).join('.') || (error.validationContext ?? 'request');
    const message = extra ? 'is not a known field.' : missing ? 'is required.' : (v.message ?? 'is invalid.');
    return { field, message };
  });
}

/** Any thrown error as a status and a stable JSON body; unknown errors become 500 without detail. */
export function toErrorResponse(error: unknown): { status: number; body: ErrorBody } {
  if (error instanceof DomainError) {
    return { status: STATUS_BY_CODE[error.code], body: { error: { code: error.code, message: error.message, ...error.details } } };
  }
  const fe = error as FastifyError;
  if (fe && fe.validation) {
    const fields = fieldsOfValidation(fe);
    return { status: 400, body: { error: { code: 'VALIDATION_FAILED', message: fields.map((f) => `${f.field}: ${f.message}`).join(' '), fields } } };
  }
  const storage = storageError(error);
  if (storage) return toErrorResponse(storage);
  if (isWriteRace(error)) {
    return { status: 409, body: { error: { code: 'WRITE_CONFLICT',
      message: 'Another request saved a conflicting change at the same moment; nothing was saved. Reload and try again.' } } };
  }
  if (fe && typeof fe.statusCode === 'number' && fe.statusCode >= 400 && fe.statusCode < 500) {
    const code = fe.statusCode === 415 ? 'UNSUPPORTED_MEDIA_TYPE' : fe.statusCode === 413 ? 'PAYLOAD_TOO_LARGE'
      : fe.statusCode === 414 ? 'URI_TOO_LONG' : fe.statusCode === 403 ? 'FORBIDDEN' : 'BAD_REQUEST';
    // The router's messages quote the whole address back; a parameter over the limit can be long.
    const message = fe.code === 'FST_ERR_MAX_PARAM_LENGTH' ? 'A part of the address is too long.'
      : fe.code === 'FST_ERR_BAD_URL' ? 'The address is not valid (a malformed %-escape).' : fe.message;
    return { status: fe.statusCode, body: { error: { code, message } } };
  }
  return { status: 500, body: { error: { code: 'INTERNAL', message: 'Something went wrong on our side. Nothing was saved.' } } };
}

/**
 * A uniqueness violation or a lost serialisation race: two requests wrote the same row at once (two
 * changes raised together, two edits renaming the same change). The use cases check first, so only
 * a race gets here; it is the caller's to retry, not a fault of the server.
 */
function isWriteRace(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
    || code === '23505' || code === '40001' || code === '40P01';
}

/** A database that refuses writes or is full is reported as such, not as a crash. */
function storageError(error: unknown): DomainError | null {
  const e = error as { code?: string; message?: string };
  if (!e || typeof e !== 'object') return null;
  if (e.code === 'SQLITE_READONLY' || e.code === '25006') {
    return new DomainError('DATABASE_READ_ONLY', 'The database is read-only just now; nothing was saved.');
  }
  if (e.code === 'SQLITE_FULL' || e.code === '53100') {
    return new DomainError('DATABASE_FULL', 'The database is full; nothing was saved.');
  }
  // PostgreSQL refuses U+0000 in text (22021) and JSON (22P05): the input is at fault, not the server.
  if (e.code === '22021' || e.code === '22P05') {
    return new DomainError('VALIDATION_FAILED', 'Text may not contain the NUL character (U+0000); nothing was saved.');
  }
  return null;
}
