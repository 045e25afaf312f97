// What a page says after a write from a form: the form's handler redirects with `?done=<code>`, and
// the page it lands on shows that code's message at the top of the page (role="status"). Messages
// come only from this table, so nothing a user typed is ever reflected from the address.
import { renderToString } from 'preact-render-to-string';

export const DONE_MESSAGES = {
  'raised': 'The change was raised. It is now on the register.',
  'edited': 'The register entry was saved.',
  'action': 'The action was taken; the timeline below shows it.',
  'problem-statement': 'The problem statement was saved as a new version.',
  'document': 'The document was added to the change.',
  'view': 'The committee view was recorded.',
  'agenda': 'The item was added to the agenda.',
  'outcome': 'The decision was recorded.',
  'meeting': 'The meeting was planned.',
  'paper-issued': 'The paper was issued. Its files are frozen and listed below.',
  'paper-text': 'The paper\'s text was saved.',
  'impacts': 'The anticipated impacts were saved.',
  'release': 'The release was planned.',
  'scheduled': 'The change was scheduled into the release.',
  'release-implemented': 'The release was implemented: its changes are now implemented.',
  'submission-saved': 'Your problem statement was saved.',
  'submission-sent': 'Your problem statement was sent to the Secretariat.',
  'returned': 'The problem statement was returned to the Party with your comments.',
  'authority-decision': 'The Authority\'s decision was recorded with its letter.',
  'appeal-raised': 'The appeal was raised. The change is held until the Authority decides it.',
  'appeal-decided': 'The Authority\'s decision on the appeal was recorded.',
  'submission-raised': 'The problem statement was raised as a change on the register.',
} as const satisfies Record<string, string>;

export type DoneCode = keyof typeof DONE_MESSAGES;

/** Replaced, as each page is sent, by the message of the `done` code in its address (if any). */
export const FLASH_SLOT = '<!--flash-->';

/** An address with `?done=<code>` added (before any #fragment), for the redirect after a write. */
export function withDone(href: string, code: DoneCode): string {
  const [path, fragment] = href.split('#', 2);
  const joined = `${path}${path.includes('?') ? '&' : '?'}done=${code}`;
  return fragment === undefined ? joined : `${joined}#${fragment}`;
}

/** The message for the address's `done` code; null for none or an unknown one. */
export function doneMessage(url: string): string | null {
  const query = url.split('?', 2)[1];
  if (!query) return null;
  const code = new URLSearchParams(query.split('#')[0]).get('done');
  return code !== null && Object.hasOwn(DONE_MESSAGES, code) ? DONE_MESSAGES[code as DoneCode] : null;
}

/** The page with its flash slot filled for the address it is sent at. */
export function fillFlash(page: string, url: string): string {
  if (!page.includes(FLASH_SLOT)) return page;
  const message = doneMessage(url);
  const box = message ? renderToString(<div class="flash-success" role="status"><p>{message}</p></div>) : '';
  return page.replace(FLASH_SLOT, () => box);
}
