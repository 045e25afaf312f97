// The whole database's table types: the intersection of every module's tables (modules/index.ts).
import type { Kysely, Transaction } from 'kysely';
import type { MODULES } from './index.js';
import type { TablesOf } from './manifest.js';

export type Database = TablesOf<typeof MODULES>;
export type Executor = Kysely<Database> | Transaction<Database>;
