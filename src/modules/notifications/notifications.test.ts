// The rules of notifications: which events are triggers, how a saved search is kept and matched,
// and what a message says.
import { describe, expect, it } from 'vitest';
import { digestMessage, immediateMessage, isTrigger, parseSearchKey, reason, searchKey } from './notifications.js';

describe('notification triggers', () => {
  it('takes stage changes, documents, papers, and consultations and votes opening or closing; not edits or moves within a stage', () => {
    const e = (type: string, payload: Record<string, unknown> = {}) => ({ type, payload });
    expect(isTrigger(e('proposal.action-taken', { fromState: 'a', toState: 'b' }))).toBe(true);
    expect(isTrigger(e('proposal.action-taken', { fromState: 'a', toState: 'a' }))).toBe(false);
    expect(isTrigger(e('document.added'))).toBe(true);
    expect(isTrigger(e('paper.issued'))).toBe(true);
    expect(isTrigger(e('consultation.opened'))).toBe(true);
    expect(isTrigger(e('vote.closed'))).toBe(true);
    expect(isTrigger(e('vote.cast'))).toBe(false);
    expect(isTrigger(e('proposal.edited'))).toBe(false);
    expect(isTrigger(e('mail.queued'))).toBe(false);
  });
});

describe('saved searches', () => {
  it('keeps a search as one query string whatever the order of its stages, and reads it back', () => {
    const key = searchKey({ stage: ['b', 'a'], q: 'smart meter', path: '' });
    expect(key).toBe(searchKey({ q: 'smart meter', stage: ['a', 'b'] }));
    expect(parseSearchKey(key)).toEqual({ q: 'smart meter', stage: ['a', 'b'] });
    const dated = searchKey({ committee: 'OPSG', raisedTo: '2027-01-31', raisedFrom: '2027-01-01', q: '"smart meter" -gas' });
    expect(dated).toBe('q=%22smart+meter%22+-gas&committee=OPSG&raisedFrom=2027-01-01&raisedTo=2027-01-31');
    expect(parseSearchKey(dated)).toEqual({ q: '"smart meter" -gas', committee: 'OPSG', raisedFrom: '2027-01-01', raisedTo: '2027-01-31' });
  });
});

describe('messages', () => {
  const item = { reason: reason('change', 'MP094'), about: 'MP094', businessDate: '2026-06-01', label: 'Stage moved', link: 'https://x.test/modifications/mp094/' };

  it('says why it was sent and how to stop it', () => {
    const m = immediateMessage(item, 'https://x.test/unsubscribe/T', 'Smart Energy Code');
    expect(m.subject).toBe('MP094: Stage moved');
    expect(m.text.split('\n')[0]).toBe('You watch MP094.');
    expect(m.text).toContain('Stop watching it: https://x.test/unsubscribe/T');
    expect(reason('committee', 'OPSG')).toBe('You watch the OPSG committee');
    expect(reason('search', 'words "x"')).toBe('You watch the search: words "x"');
  });

  it('groups a digest by why, and counts its updates', () => {
    const other = { ...item, reason: reason('committee', 'OPSG'), label: 'Paper issued' };
    const m = digestMessage('2026-06-01', [item, other, { ...item, label: 'Document added' }], 'https://x.test/unsubscribe/D', 'Smart Energy Code', 'https://x.test/account');
    expect(m.subject).toContain('3 updates');
    expect(m.text.indexOf('You watch MP094:')).toBeLessThan(m.text.indexOf('Document added'));
    expect(m.text.indexOf('Document added')).toBeLessThan(m.text.indexOf('You watch the OPSG committee:'));
  });
});
