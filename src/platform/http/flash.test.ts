import { describe, expect, it } from 'vitest';
import { DONE_MESSAGES, doneMessage, fillFlash, FLASH_SLOT, withDone } from './flash.js';

describe('the message after a write', () => {
  it('adds the code before a fragment and after an existing query', () => {
    expect(withDone('/modifications/x/', 'action')).toBe('/modifications/x/?done=action');
    expect(withDone('/modifications/x/#h-timeline', 'action')).toBe('/modifications/x/?done=action#h-timeline');
    expect(withDone('/admin/users/1?saved=x', 'edited')).toBe('/admin/users/1?saved=x&done=edited');
  });

  it('shows only messages of the table, never text from the address', () => {
    expect(doneMessage('/modifications/x/?done=raised')).toBe(DONE_MESSAGES.raised);
    expect(doneMessage('/modifications/x/?done=<script>')).toBeNull();
    expect(doneMessage('/modifications/x/?done=toString')).toBeNull();
    expect(doneMessage('/modifications/x/')).toBeNull();
    const page = `<main>${FLASH_SLOT}<h1>X</h1></main>`;
    expect(fillFlash(page, '/x?done=view')).toBe(`<main><div class="flash-success" role="status"><p>${DONE_MESSAGES.view}</p></div><h1>X</h1></main>`);
    expect(fillFlash(page, '/x?done=%3Cb%3Ehi')).toBe('<main><h1>X</h1></main>');
  });
});
