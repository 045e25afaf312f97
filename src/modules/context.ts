// What every use case receives: the database, the process profile and a clock.
import type { Db } from '../platform/db/database.js';
import type { ProcessProfile } from '../process/profile.js';
import type { Database } from './database.js';

export interface ServiceContext {
  db: Db<Database>;
  profile: ProcessProfile;
  /** The current instant; tests pass a fixed clock. */
  clock: () => Date;
  /** Absolute base for public links, without a trailing slash. */
  publicBaseUrl: string;
}

export const newId = (): string => crypto.randomUUID();
