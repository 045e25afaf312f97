// What every HTML form handler shares: the body's shape, reading one value, the version a form was
// loaded at, and how a refused command comes back to its form. One place, so a stale form answers
// the same on every page (409) and every form reads its fields the same way.
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { DomainError } from '../errors.js';
import { STATUS_BY_CODE } from './errors.js';
import { errorsByField, type FormErrors } from './forms.js';

/** A form body as @fastify/formbody parses it: each field a string, or a list when repeated. */
export const FormBody = Type.Record(Type.String(), Type.Union([Type.String(), Type.Array(Type.String())]));
export type Form = Record<string, string | string[] | undefined>;

/** The first value of a field ('' when absent). */
export const one = (v: string | string[] | undefined): string => (Array.isArray(v) ? v[0] : v) ?? '';

/** Every value of a repeated field. */
export const many = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

export const html = (reply: FastifyReply, status: number, body: string) => reply.code(status).type('text/html; charset=utf-8').send(body);

/** The largest version a form may carry: beyond it (or garbled, or missing) the form counts as stale. */
const MAX_VERSION = 999_999_999;

/** The version the form was loaded at; -1 (stale) when it is missing, garbled or out of range. */
export function formVersion(form: Form, field = 'version'): number {
  const text = one(form[field]);
  if (!/^\d{1,9}$/.test(text)) return -1;
  const n = Number(text);
  return n > 0 && n <= MAX_VERSION ? n : -1;
}

export interface FormRefusal {
  status: number;
  errors: FormErrors;
  message: string;
  /** The actions possible now, when the refusal says so. */
  allowed?: string[];
  /** Someone else saved first: the form was loaded at an older version. */
  conflict: boolean;
}

/**
 * A refused command as its form shows it: the status, the message and the field errors. Errors that
 * are not the form's (sign-in, permission, a page that does not exist, the database) are thrown on
 * to the error page. A stale form answers 409 on every page, keeping what was typed.
 */
export function formRefusal(error: unknown, options: { notFoundInForm?: boolean } = {}): FormRefusal {
  if (!(error instanceof DomainError)) throw error;
  const passOn = ['UNAUTHENTICATED', 'FORBIDDEN', 'DATABASE_READ_ONLY', 'DATABASE_FULL', ...(options.notFoundInForm ? [] : ['NOT_FOUND'])];
  if (passOn.includes(error.code)) throw error;
  if (error.code === 'VERSION_CONFLICT') {
    return { status: 409, errors: {}, conflict: true,
      message: `${error.message} Your text is kept below: copy what you need, reload the page, and save again.` };
  }
  const allowed = Array.isArray(error.details.allowed) ? error.details.allowed : undefined;
  const errors = errorsByField(error.details.fields);
  // Field errors are listed, each linking to its field; a sentence repeating them would say it twice.
  const message = error.code === 'VALIDATION_FAILED' && Object.keys(errors).length ? 'Check the fields marked below.' : error.message;
  return { status: STATUS_BY_CODE[error.code], errors, message, allowed, conflict: false };
}
