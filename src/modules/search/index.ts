// Search: one index of every change's texts (references, title, summary, solution, problem
// statement, timeline notes, the text of its documents) kept by a subscriber of the event stream,
// with each text's audience; SQLite FTS5 or PostgreSQL full-text search behind one query; the
// /search page, GET /api/v1/search (JSON or CSV) and `secretariat search reindex`.
import { defineModule } from '../manifest.js';
import { searchMigrations } from './migrations.js';
import { searchSubscriber } from './service.js';
import type { SearchTables } from './tables.js';

const DERIVED = 'The search index: derived from the register, its documents and the event stream, rebuilt by `secretariat search reindex`.';

export const searchModule = defineModule<SearchTables>({
  name: 'search',
  web: async () => (await import('./web.js')).searchWeb,
  migrations: searchMigrations,
  subscribers: [searchSubscriber()],
  navigation: [{ id: 'search', href: '/search', permission: 'site.read', order: 12 }],
  privateTables: {
    search_entries: DERIVED,
    // Each change's entries of one audience as one text, and SQLite's FTS5 table over them.
    search_docs: DERIVED,
    search_docs_text: DERIVED,
    search_docs_fts: DERIVED,
    search_docs_fts_data: DERIVED,
    search_docs_fts_idx: DERIVED,
    search_docs_fts_docsize: DERIVED,
    search_docs_fts_config: DERIVED,
  },
});
