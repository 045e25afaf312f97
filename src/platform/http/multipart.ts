// Multipart forms (uploads), read by @fastify/multipart before validation: the text fields become the
// request's body, as a urlencoded form's would (so its schema, and the CSRF check of a page, read
// them the same way), and the files wait in `request.uploads`. A file is read up to a limit and
// marked truncated past it, so the use case can refuse it by name; nothing is written to disk.
import type { FastifyRequest } from 'fastify';
import { DomainError } from '../errors.js';

export interface UploadedFile {
  filename: string;
  /** As the client declared it: never trusted for what the file is. */
  mediaType: string;
  bytes: Buffer;
  /** The file went past the limit: `bytes` holds only its start. */
  truncated: boolean;
}

declare module 'fastify' {
  interface FastifyRequest {
    /** The files of a multipart form, by field name (readMultipart). */
    uploads?: Record<string, UploadedFile>;
  }
}

export interface MultipartLimits {
  /** The largest file, in bytes; read when the request arrives (it may be configured). */
  maxFileBytes: () => number;
  /** Files a form may carry (default 1). */
  maxFiles?: number;
}

/** The largest text field of a form: titles and labels are far shorter. */
const MAX_FIELD_BYTES = 100_000;
const MAX_FIELDS = 30;

/** A preValidation hook for a route that takes a multipart form. Anything else is refused with 415. */
export function readMultipart(limits: MultipartLimits) {
  return async (request: FastifyRequest): Promise<void> => {
    if (!request.isMultipart()) {
      throw Object.assign(new Error('Send the form as multipart/form-data (a file and its fields).'), { statusCode: 415 });
    }
    const maxFiles = limits.maxFiles ?? 1;
    const fields: Record<string, string | string[]> = {};
    const uploads: Record<string, UploadedFile> = {};
    try {
      const parts = request.parts({
        limits: { fileSize: limits.maxFileBytes(), files: maxFiles, fields: MAX_FIELDS, parts: MAX_FIELDS + maxFiles, fieldSize: MAX_FIELD_BYTES },
      });
      for await (const part of parts) {
        if (part.type === 'file') {
          const bytes = await part.toBuffer();
          uploads[part.fieldname] = { filename: part.filename ?? '', mediaType: part.mimetype ?? '', bytes, truncated: part.file.truncated };
          continue;
        }
        if (part.valueTruncated) {
          throw new DomainError('PAYLOAD_TOO_LARGE', `The field "${part.fieldname}" is longer than ${MAX_FIELD_BYTES.toLocaleString('en-GB')} bytes.`,
            { fields: [{ field: part.fieldname, message: 'is far too long.' }] });
        }
        const value = typeof part.value === 'string' ? part.value : JSON.stringify(part.value);
        const previous = fields[part.fieldname];
        fields[part.fieldname] = previous === undefined ? value : [...[previous].flat(), value];
      }
    } catch (error) {
      throw limitError(error, maxFiles);
    }
    request.body = fields;
    request.uploads = uploads;
  };
}

/** The parser's limits, said in words. */
function limitError(error: unknown, maxFiles: number): unknown {
  const code = (error as { code?: string }).code;
  if (code === 'FST_FILES_LIMIT') return new DomainError('PAYLOAD_TOO_LARGE', `Send at most ${maxFiles} file${maxFiles === 1 ? '' : 's'} at a time.`);
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') return new DomainError('PAYLOAD_TOO_LARGE', `The form has more than ${MAX_FIELDS} fields.`);
  return error;
}
