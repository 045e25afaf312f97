// The one place that turns thrown errors into HTTP answers. No database: plain errors in, status and body out.
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../src/platform/errors.js';
import { STATUS_BY_CODE, toErrorResponse } from '../../src/platform/http/errors.js';

const dbError = (code: string, message = 'driver message') => Object.assign(new Error(message), { code });

describe('error mapping', () => {
  it('gives each domain code its status and keeps the details', () => {
    expect(STATUS_BY_CODE).toMatchObject({
      VALIDATION_FAILED: 400, UNKNOWN_ACTION: 400, UNAUTHENTICATED: 401, FORBIDDEN: 403, NOT_FOUND: 404,
      ACTION_NOT_ALLOWED: 409, GUARD_FAILED: 409, VERSION_CONFLICT: 412, VERSION_REQUIRED: 428,
    });
    const { status, body } = toErrorResponse(new DomainError('ACTION_NOT_ALLOWED', 'Not now.', { allowed: ['resume'] }));
    expect(status).toBe(409);
    expect(body).toEqual({ error: { code: 'ACTION_NOT_ALLOWED', message: 'Not now.', allowed: ['resume'] } });
  });

  it('answers a lost write race (a uniqueness violation) with 409 WRITE_CONFLICT, not 500', () => {
    for (const code of ['23505', '40001', '40P01', 'SQLITE_CONSTRAINT_UNIQUE', 'SQLITE_CONSTRAINT_PRIMARYKEY']) {
      const { status, body } = toErrorResponse(dbError(code, 'duplicate key value violates unique constraint "proposals_reference_key"'));
      expect(status, code).toBe(409);
      expect(body.error.code, code).toBe('WRITE_CONFLICT');
      expect(body.error.message, code).not.toContain('proposals_reference_key');
    }
  });

  it('reports a read-only or full database as such', () => {
    expect(toErrorResponse(dbError('SQLITE_READONLY'))).toMatchObject({ status: 503, body: { error: { code: 'DATABASE_READ_ONLY' } } });
    expect(toErrorResponse(dbError('25006'))).toMatchObject({ status: 503, body: { error: { code: 'DATABASE_READ_ONLY' } } });
    expect(toErrorResponse(dbError('SQLITE_FULL'))).toMatchObject({ status: 507, body: { error: { code: 'DATABASE_FULL' } } });
  });

  it('keeps other faults a 500 that reveals nothing', () => {
    for (const error of [new Error('secret detail'), dbError('SQLITE_CONSTRAINT_FOREIGNKEY', 'secret detail'), dbError('23503', 'secret detail'), 'a string', null]) {
      const { status, body } = toErrorResponse(error);
      expect(status).toBe(500);
      expect(body.error.code).toBe('INTERNAL');
      expect(JSON.stringify(body)).not.toContain('secret detail');
    }
  });
});
