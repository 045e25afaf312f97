// A change's timeline: the events about it that the viewer may read, each with who and when, its
// note, and what changed, with fields named as a person reads them and states by their labels.
import type { ServiceContext } from '../context.js';
import type { StoredEvent } from '../../platform/events/stream.js';
import { formatDate, formatDateTime } from '../../process/dates.js';

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '(none)';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  if (Array.isArray(value)) return value.length ? value.join(', ') : '(none)';
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

/** The payload's words for a person: a note, or a committee's comments. */
function noteOf(e: StoredEvent): string {
  const { note, comments } = e.payload;
  return typeof note === 'string' && note ? note : typeof comments === 'string' ? comments : '';
}

export function Timeline({ ctx, events }: { ctx: ServiceContext; events: StoredEvent[] }) {
  const stateLabel = (id: unknown) => ctx.profile.states.find((s) => s.id === id)?.label ?? id;
  const valueOf = (field: string, value: unknown) => (field === 'state' || field === 'heldFromState' ? stateLabel(value) : value);
  return (
    <ol class="timeline">
      {events.map((e) => {
        const labels = ctx.catalog.definition(e.type)?.fieldLabels ?? {};
        const changes = Object.entries((e.payload.changes ?? {}) as Record<string, [unknown, unknown]>);
        const note = noteOf(e);
        return (
          <li>
            <time dateTime={e.businessDate}>{formatDate(e.businessDate)}</time>{' '}
            <span class="event-label">{e.label}</span>
            <span class="meta">{` by ${e.actor.name}; recorded ${formatDateTime(e.recordedAt)}`}</span>
            {note && <p class="note">{note}</p>}
            {changes.length > 0 && (
              <details>
                <summary>What changed</summary>
                <dl class="changes">
                  {changes.map(([field, [before, after]]) => (
                    <div class="row"><dt>{labels[field] ?? field}</dt><dd>{`${show(valueOf(field, before))} → ${show(valueOf(field, after))}`}</dd></div>
                  ))}
                </dl>
              </details>
            )}
          </li>
        );
      })}
    </ol>
  );
}
