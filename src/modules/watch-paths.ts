// Where watching starts (module notifications serves it): pure functions at the root of the
// modules, so the pages of modules below notifications (the register's list, a committee's page)
// can offer "Watch" without importing it.

/** The page that confirms watching what the query names: ?change=MP094, ?committee=OPSG, or the register's filters. */
export const WATCH_NEW_PATH = '/watches/new';

export const watchCommitteePath = (code: string) => `${WATCH_NEW_PATH}?committee=${encodeURIComponent(code)}`;

/** Watching a search (the search page's, or the register's list as filtered): its words and filters (not its sort or page) become the search. */
export function watchSearchPath(query: Record<string, string>): string {
  const params = new URLSearchParams();
  for (const key of ['q', 'stage', 'path', 'partyCategory', 'leadAnalyst', 'committee', 'raisedFrom', 'raisedTo']) if (query[key]) params.set(key, query[key]);
  params.set('search', '1');
  return `${WATCH_NEW_PATH}?${params.toString()}`;
}
