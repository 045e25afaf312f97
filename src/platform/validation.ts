// Field-by-field checks of loosely typed input (forms, JSON, CLI strings) that collect every
// problem and then throw one VALIDATION_FAILED error naming each field.
import { isIsoDate } from '../process/dates.js';
import { validationError, type FieldError } from './errors.js';

export type Loose = string | number | boolean | string[] | null | undefined;

/** The largest value an `integer` column holds on both engines (PostgreSQL's is 32-bit). */
export const MAX_DB_INTEGER = 2_147_483_647;

export class Checker {
  errors: FieldError[] = [];

  text(field: string, value: Loose, opts: { required?: boolean; max?: number } = {}): string | undefined {
    if (value === undefined) {
      if (opts.required) this.errors.push({ field, message: 'is required.' });
      return undefined;
    }
    if (value === null) {
      if (opts.required) this.errors.push({ field, message: 'is required.' });
      return '';
    }
    if (typeof value !== 'string') {
      this.errors.push({ field, message: 'must be text.' });
      return undefined;
    }
    const text = value.replace(/\r\n/g, '\n').trim();
    // No database stores U+0000 the same way (PostgreSQL refuses it), so no input may carry one.
    if (text.includes('\u0000')) {
      this.errors.push({ field, message: 'contains a NUL character.' });
      return undefined;
    }
    if (opts.required && !text) this.errors.push({ field, message: 'is required.' });
    else if (text.length > (opts.max ?? 20_000)) this.errors.push({ field, message: `must be at most ${opts.max ?? 20_000} characters.` });
    return text;
  }

  /** null clears the field; '' does too. */
  optionalText(field: string, value: Loose, max = 300): string | null | undefined {
    if (value === undefined) return undefined;
    const text = this.text(field, value, { max });
    return text ? text : null;
  }

  list(field: string, value: Loose, allowed?: string[]): string[] | undefined {
    if (value === undefined) return undefined;
    if (value === null) return [];
    const items = (Array.isArray(value) ? value : String(value).split(/[,\n]/)).map((v) => String(v).trim()).filter(Boolean);
    if (allowed) {
      const unknown = items.filter((i) => !allowed.includes(i));
      if (unknown.length) this.errors.push({ field, message: `unknown value ${unknown.join(', ')}; expected any of ${allowed.join(', ')}.` });
    }
    if (items.some((i) => i.length > 200)) this.errors.push({ field, message: 'each entry must be at most 200 characters.' });
    return [...new Set(items)];
  }

  flag(field: string, value: Loose): boolean | undefined {
    if (value === undefined) return undefined;
    if (typeof value === 'boolean') return value;
    if (value === null) return false;
    const text = String(value).trim().toLowerCase();
    if (['true', 'yes', 'on', '1'].includes(text)) return true;
    if (['false', 'no', 'off', '0', ''].includes(text)) return false;
    this.errors.push({ field, message: 'must be true or false.' });
    return undefined;
  }

  integer(field: string, value: Loose, min: number, max: number): number | undefined {
    if (value === undefined || value === null || value === '') return undefined;
    const n = typeof value === 'number' ? value : Number(String(value).trim());
    if (!Number.isInteger(n) || n < min || n > max) {
      this.errors.push({ field, message: `must be a whole number from ${min} to ${max}.` });
      return undefined;
    }
    return n;
  }

  date(field: string, value: Loose): string | undefined {
    const text = this.text(field, value, { max: 10 });
    if (!text) return undefined;
    if (!isIsoDate(text)) this.errors.push({ field, message: 'must be a date written YYYY-MM-DD.' });
    return text;
  }

  oneOf<T extends string>(field: string, value: Loose, allowed: readonly T[], opts: { required?: boolean } = {}): T | undefined {
    const text = this.text(field, value, { max: 100, required: opts.required });
    if (!text) return undefined;
    if (!allowed.includes(text as T)) {
      this.errors.push({ field, message: `must be one of ${allowed.join(', ')}.` });
      return undefined;
    }
    return text as T;
  }

  fail(field: string, message: string): void {
    this.errors.push({ field, message });
  }

  done(): void {
    if (this.errors.length) throw validationError(this.errors);
  }
}

export type { FieldError };
