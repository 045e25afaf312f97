// Conditional requests: the version a client says it has, from If-Match ("3", W/"3" or *).
import { DomainError } from '../errors.js';

/** The ETag of a version. */
export const etag = (version: number) => `"${version}"`;

/**
 * The version in If-Match, undefined for * (whatever the current version is) or when it is absent
 * and not required. A missing required header is 428; one that is not our ETag is 412.
 */
export function parseIfMatch(header: string | undefined, required: boolean): number | undefined {
  if (!header) {
    if (required) throw new DomainError('VERSION_REQUIRED', 'Send If-Match with the ETag from your last GET, so no one else\'s change is overwritten.');
    return undefined;
  }
  if (header.trim() === '*') return undefined;
  // At most nine digits: no version gets that far, and a larger number would overflow the database's integer.
  const m = /^(?:W\/)?"(\d{1,9})"$/.exec(header.trim());
  if (!m) throw new DomainError('VERSION_CONFLICT', `If-Match "${header}" is not an ETag of this resource.`);
  return Number(m[1]);
}
