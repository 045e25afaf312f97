// Releases: the scheduled ones the profile's calendar names (known by their month, YYYY-MM, whether
// or not they have been used yet) and the ad hoc ones the Secretariat plans. Types and pure rules.
import { formatDate } from '../../process/dates.js';
import type { ProcessProfile } from '../../process/profile.js';
import type { CalendarRelease } from '../../process/releases.js';

export const RELEASE_KINDS = ['scheduled', 'ad-hoc', 'migrated'] as const;
export type ReleaseKind = (typeof RELEASE_KINDS)[number];

export const KIND_LABELS: Record<ReleaseKind, string> = {
  'scheduled': 'Scheduled (release calendar)',
  'ad-hoc': 'Ad hoc',
  'migrated': 'Made from a free-text target release',
};

export interface Release {
  /** YYYY-MM for a scheduled release of the calendar; a generated id for any other. */
  id: string;
  name: string;
  /** The day it is planned for (YYYY-MM-DD). */
  date: string;
  kind: ReleaseKind;
  /** False for a release of the calendar nobody has used yet: it has no row and no changes. */
  planned: boolean;
  implementedOn: string | null;
  /** 0 while it is not planned. */
  version: number;
}

/** Where a change stands in a release: scheduled into it, delivered by it, or only aiming at it. */
export type ChangeStanding = 'scheduled' | 'delivered' | 'targeted';

export interface ReleaseChange {
  id: string;
  reference: string;
  title: string;
  slug: string;
  state: string;
  implementationDate: string | null;
  standing: ChangeStanding;
}

export interface ReleaseSummary extends Release {
  changeCount: number;
}

export function fromCalendar(release: CalendarRelease): Release {
  return { id: release.key, name: release.name, date: release.date, kind: 'scheduled', planned: false, implementedOn: null, version: 0 };
}

/**
 * Where a change in this state stands: scheduled when the profile's implement action starts from it,
 * delivered when that action leads to it, otherwise only aiming at the release.
 */
export function standingOf(profile: ProcessProfile, state: string): ChangeStanding {
  const implement = profile.actions.find((a) => a.id === profile.releases.implementAction);
  if (implement?.from.includes(state)) return 'scheduled';
  if (implement?.to.kind === 'state' && implement.to.state === state) return 'delivered';
  return 'targeted';
}

/** Why the release cannot be implemented on `today` (its date is still to come, or it already was), or null. */
export function implementRefusal(release: Release, today: string): string | null {
  if (release.implementedOn) return `The ${release.name} was implemented on ${formatDate(release.implementedOn)}.`;
  if (release.date > today) return `The ${release.name} is planned for ${formatDate(release.date)}; it can be implemented from that day.`;
  return null;
}

/** The address of a release's page. */
export const releasePath = (id: string) => `/releases/${encodeURIComponent(id)}`;

/** How the stream words each step of a release. */
export const plannedLabel = (r: Pick<Release, 'name' | 'date'>) => `${r.name} planned for ${formatDate(r.date)}`;
export const implementedLabel = (r: Pick<Release, 'name'>) => `${r.name} implemented`;
export const CHANGE_LABELS = {
  'release.change-scheduled': (reference: string, release: string) => `${reference} scheduled into the ${release}`,
  'release.change-targeted': (reference: string, release: string) => `${reference} now aims at the ${release}`,
  'release.change-removed': (reference: string, release: string) => `${reference} no longer aims at the ${release}`,
} as const;
