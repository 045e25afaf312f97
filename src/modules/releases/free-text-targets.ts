// Before releases, a change's target release was free text ("November 2020 SEC Release"). When
// releases begin, each distinct text (case and spacing aside) becomes a reference to a release:
//  - the scheduled release of the calendar that has that name, planned now and dated by the rule;
//  - otherwise a new release named as written, of kind "migrated", dated the day its changes were
//    implemented (the latest), or, when none was, the day of the migration: it then shows as due,
//    so the Secretariat looks at it.
// A release whose changes all carry an implementation date is recorded as implemented on the latest
// of them. Each release made gets the events the service would record (release.planned, and
// release.implemented), from the built-in administrator, so its history starts on the stream.
import type { Kysely } from 'kysely';
import type { Dialect } from '../../platform/db/database.js';
import { londonDate } from '../../process/dates.js';
import type { ProcessProfile } from '../../process/profile.js';
import { nameKey, releaseByName } from '../../process/releases.js';
import { SYSTEM_ACCOUNT } from '../accounts/accounts.js';
import { newId } from '../context.js';
import { implementedLabel, plannedLabel, type ReleaseKind } from './releases.js';

interface Target {
  id: string;
  reference: string;
  implementation_date: string | null;
}

interface Made {
  id: string;
  name: string;
  date: string;
  kind: ReleaseKind;
  implementedOn: string | null;
  changes: string[];
}

export async function linkFreeTextTargets(db: Kysely<any>, _dialect: Dialect, profile: ProcessProfile): Promise<void> {
  const rows = await db.selectFrom('proposals').select(['id', 'reference', 'target_release', 'implementation_date'])
    .where('target_release', 'is not', null).where('target_release_id', 'is', null).execute() as (Target & { target_release: string })[];
  const groups = new Map<string, { text: string; changes: Target[] }>();
  for (const r of rows) {
    const text = r.target_release.trim().replace(/\s+/g, ' ');
    if (!text) continue;
    const group = groups.get(nameKey(text)) ?? { text, changes: [] };
    group.changes.push(r);
    groups.set(nameKey(text), group);
  }
  const today = londonDate(new Date());
  const at = new Date().toISOString();
  const made: Made[] = [];
  for (const [key, { text, changes }] of [...groups].sort(([a], [b]) => a.localeCompare(b))) {
    const implemented = changes.map((c) => c.implementation_date).filter((d): d is string => !!d).sort();
    const calendar = releaseByName(profile.releases, text);
    const existing = await db.selectFrom('releases').select(['id', 'name']).where('name_key', '=', key).executeTakeFirst();
    let release: { id: string; name: string } | undefined = existing;
    if (!release) {
      const row: Made = calendar
        ? { id: calendar.key, name: calendar.name, date: calendar.date, kind: 'scheduled', implementedOn: null, changes: [] }
        : { id: newId(), name: text, date: implemented.at(-1) ?? today, kind: 'migrated', implementedOn: null, changes: [] };
      if (implemented.length === changes.length) {
        row.implementedOn = implemented.at(-1)!;
        row.changes = changes.map((c) => c.reference).sort();
      }
      await db.insertInto('releases').values({
        id: row.id, name: row.name, name_key: nameKey(row.name), date: row.date, kind: row.kind, implemented_on: row.implementedOn,
        version: 1, created_at: at, updated_at: at,
      }).execute();
      made.push(row);
      release = row;
    }
    await db.updateTable('proposals').set({ target_release_id: release.id, target_release: release.name })
      .where('id', 'in', changes.map((c) => c.id)).execute();
  }
  await recordHistory(db, made, today, at);
}

async function recordHistory(db: Kysely<any>, made: Made[], today: string, at: string): Promise<void> {
  if (made.length === 0) return;
  const last = await db.selectFrom('events').select((eb) => eb.fn.max('position').as('p')).executeTakeFirst();
  let position = Number(last?.p ?? 0);
  // An implemented release's events are dated the day it was implemented; any other's, today.
  const event = (r: Made, seq: number, type: string, label: string, payload: object) => ({
    position: (position += 1), id: newId(), type, subject_type: 'release', subject_id: r.id, subject_ref: r.name, seq,
    proposal_id: null, meeting_id: null, action: null, audience: 'public', organisation_id: null, label,
    actor_id: SYSTEM_ACCOUNT.id, actor_name: SYSTEM_ACCOUNT.name, business_date: r.implementedOn ?? today, recorded_at: at, payload: JSON.stringify(payload),
  });
  const values = made.flatMap((r) => {
    const base = { releaseId: r.id, release: r.name, date: r.date };
    return [
      event(r, 1, 'release.planned', plannedLabel(r), { ...base, kind: r.kind }),
      ...(r.implementedOn ? [event(r, 2, 'release.implemented', implementedLabel(r), { ...base, implementedOn: r.implementedOn, changes: r.changes })] : []),
    ];
  });
  await db.insertInto('events').values(values).execute();
}
