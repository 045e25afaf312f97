// Documents kept against a change: their shape and the pure rules about them (version labels,
// who reads a restricted one, the name a download carries).
import type { ProcessProfile } from '../../process/profile.js';
import { FILE_TYPES, type FileType } from './file-types.js';

export interface DocumentFile {
  /** SHA-256 of the bytes (lower-case hex): the file's name in the store and its ETag. */
  sha256: string;
  type: FileType;
  size: number;
  /** The name it was uploaded with: shown for information, never used as a path. */
  originalFilename: string;
}

export interface ChangeDocument {
  id: string;
  proposalId: string;
  /** A document type id of the profile (or, for a document listed before types were kept, what it was given). */
  kind: string;
  title: string;
  /** v0.1 … v1.0 (or, for a document listed before files were kept, what it was given). */
  versionLabel: string;
  publishedOn: string;
  restricted: boolean;
  /** The committee a restricted document was written for: its members read it too. */
  audienceCommittee: string | null;
  /** Null for a document listed before files were kept. */
  file: DocumentFile | null;
  createdAt: string;
}

/** A version label as the register writes it: v, then major.minor (v0.1, v0.2 … v1.0, v1.1). */
export const VERSION_LABEL = /^v(0|[1-9]\d{0,2})\.(0|[1-9]\d{0,2})$/;
export const VERSION_LABEL_HINT = 'v0.1, v0.2 … v1.0: "v", then a major and a minor number';

/**
 * Documents listed before they had a module were labelled without the "v" ("1.0"); migrating
 * and importing an older export write them the way the register writes them now.
 */
export function currentVersionLabel(label: string): string {
  return /^\d+\.\d+$/.test(label) ? `v${label}` : label;
}

/** Who reads a document, as an audience of the permission table. */
export function documentAudience(doc: Pick<ChangeDocument, 'restricted' | 'audienceCommittee'>): 'public' | 'committee' | 'secretariat' {
  if (!doc.restricted) return 'public';
  return doc.audienceCommittee ? 'committee' : 'secretariat';
}

export function kindLabel(profile: ProcessProfile, kind: string): string {
  return profile.documentTypes.find((t) => t.id === kind)?.label ?? kind;
}

/** The name a download carries: MP090-modification-report-v1.0.pdf (the change's reference today). */
export function downloadFilename(reference: string, doc: Pick<ChangeDocument, 'kind' | 'versionLabel'>, type: FileType): string {
  const safe = (s: string) => s.replace(/[^A-Za-z0-9.-]+/g, '-').replace(/^-+|-+$/g, '');
  return [reference, doc.kind, doc.versionLabel].map(safe).filter(Boolean).join('-') + `.${FILE_TYPES[type].extension}`;
}

/** "1.2 MB", "430 KB", "12 bytes". */
export function sizeText(bytes: number): string {
  if (bytes < 1024) return `${bytes} bytes`;
  if (bytes < 1024 * 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${(bytes / (1024 * 1024)).toFixed(1).replace(/\.0$/, '')} MB`;
}
