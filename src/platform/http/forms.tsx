// Form pieces with labels, hints and field-level errors, so every form is accessible and keeps
// what the user typed when it comes back with a message.
import type { ComponentChildren } from 'preact';
import type { FieldError } from '../errors.js';

export type FormErrors = Record<string, string>;

export function errorsByField(fields: FieldError[] | undefined): FormErrors {
  const out: FormErrors = {};
  for (const f of fields ?? []) out[f.field] = out[f.field] ? `${out[f.field]} ${f.message}` : f.message;
  return out;
}

/**
 * A field's message as a sentence. Validation messages are either sentences ("The date cannot be…")
 * or phrases about the field ("is required."); a phrase gets the field's name in front.
 */
export function fieldMessage(label: string, message: string): string {
  return /^[a-z]/.test(message) ? `${label} ${message}` : message;
}

/** A label without its trailing "(optional…)" or "(Markdown)" note, for use inside a sentence. */
export function shortLabel(label: string): string {
  return label.replace(/\s*\([^)]*\)\s*$/, '');
}

interface FieldProps {
  name: string;
  label: string;
  /** The start of the field's id (default "f"). */
  prefix?: string;
  hint?: string;
  error?: string;
  children: ComponentChildren;
}

export function Field({ name, label, hint, error, children, prefix = 'f' }: FieldProps) {
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={`${prefix}-${name}`}>{label}</label>
      {hint && <p class="hint" id={`${prefix}-${name}-hint`}>{hint}</p>}
      {error && <p class="error-message" id={`${prefix}-${name}-error`}><span class="visually-hidden">Error: </span>{fieldMessage(shortLabel(label), error)}</p>}
      {children}
    </div>
  );
}

export function describedBy(name: string, hint?: string, error?: string, prefix = 'f'): string | undefined {
  const ids = [hint ? `${prefix}-${name}-hint` : '', error ? `${prefix}-${name}-error` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

interface InputProps {
  name: string;
  label: string;
  value?: string | null;
  hint?: string;
  errors: FormErrors;
  type?: string;
  required?: boolean;
  /**
   * The start of the field's id (default "f", where an error summary's links point). A page with two
   * forms sharing a field name gives the second its own, so no id is used twice.
   */
  prefix?: string;
}

export function TextInput({ name, label, value, hint, errors, type = 'text', required, prefix = 'f' }: InputProps) {
  const error = errors[name];
  return (
    <Field name={name} label={label} hint={hint} error={error} prefix={prefix}>
      <input id={`${prefix}-${name}`} name={name} type={type} value={value ?? ''} required={required}
        aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(name, hint, error, prefix)} />
    </Field>
  );
}

export function TextArea({ name, label, value, hint, errors, rows = 5, prefix = 'f' }: InputProps & { rows?: number }) {
  const error = errors[name];
  return (
    <Field name={name} label={label} hint={hint} error={error} prefix={prefix}>
      <textarea id={`${prefix}-${name}`} name={name} rows={rows}
        aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(name, hint, error, prefix)}>{value ?? ''}</textarea>
    </Field>
  );
}

export function Select({ name, label, value, hint, errors, options, blank, prefix = 'f' }: InputProps & {
  options: { value: string; label: string }[]; blank?: string;
}) {
  const error = errors[name];
  return (
    <Field name={name} label={label} hint={hint} error={error} prefix={prefix}>
      <select id={`${prefix}-${name}`} name={name} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(name, hint, error, prefix)}>
        {blank !== undefined && <option value="">{blank}</option>}
        {options.map((o) => <option value={o.value} selected={o.value === value}>{o.label}</option>)}
      </select>
    </Field>
  );
}

/**
 * The box at the top of a refused form: what went wrong, with a link to each field. It takes the focus
 * when the page loads (autofocus works without scripts), so a screen reader starts there.
 * `labels` names the fields; a field without a label is linked by its name.
 */
export function ErrorSummary({ message, errors, labels = {} }: { message?: string; errors: FormErrors; labels?: Record<string, string> }) {
  const entries = Object.entries(errors);
  if (!message && entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabIndex={-1} autoFocus>
      <h2>There is a problem</h2>
      {message && <p>{message}</p>}
      {entries.length > 0 && (
        <ul>{entries.map(([field, msg]) => (
          <li><a href={`#f-${field}`}>{fieldMessage(shortLabel(labels[field] ?? field), msg)}</a></li>
        ))}</ul>
      )}
    </div>
  );
}

export function CsrfField({ token }: { token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}
