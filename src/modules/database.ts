// The whole database's table types, composed from each module's own tables.
import type { AccountTables } from './accounts/tables.js';
import type { CommitteeTables } from './committees/tables.js';
import type { DirectoryTables } from './directory/tables.js';
import type { EventTables } from './events/tables.js';
import type { PaperTables } from './papers/tables.js';
import type { ProposalTables } from './proposals/tables.js';
import type { SubmissionTables } from './submissions/tables.js';
import type { Kysely, Transaction } from 'kysely';

export type Database = AccountTables & CommitteeTables & DirectoryTables & EventTables & PaperTables & ProposalTables
  & SubmissionTables;
export type Executor = Kysely<Database> | Transaction<Database>;
