// Committees, their members and meetings, and the views they give on changes.
import type { CommitteeDef, ProcessProfile } from '../../process/profile.js';

export const IMPACTS = ['none', 'potential', 'not-assessed'] as const;
export type Impact = (typeof IMPACTS)[number];

export const IMPACT_LABELS: Record<Impact, string> = {
  'none': 'No impact',
  'potential': 'Potential impact',
  'not-assessed': 'Not assessed',
};

export const MEMBER_ROLES = ['chair', 'member', 'alternate'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const AGENDA_PURPOSES = [
  { value: 'for-information', label: 'For information' },
  { value: 'initial-discussion', label: 'Initial discussion' },
  { value: 'for-decision', label: 'For decision' },
  { value: 'for-review', label: 'For review' },
  { value: 'other', label: 'Other business' },
] as const;

export interface Member {
  id: string;
  committeeCode: string;
  personId: string;
  name: string;
  organisation: string | null;
  seat: string;
  role: MemberRole;
  termStart: string;
  termEnd: string | null;
}

export interface AgendaItem {
  id: string;
  position: number;
  proposalId: string | null;
  reference: string | null;
  title: string | null;
  purpose: string;
  text: string;
  outcome: string;
}

export interface Meeting {
  id: string;
  committeeCode: string;
  date: string;
  startTime: string | null;
  location: string;
  onlineUrl: string;
  title: string;
  status: 'planned' | 'held' | 'cancelled';
  version: number;
}

export interface CommitteeView {
  id: string;
  proposalId: string;
  committeeCode: string;
  impact: Impact;
  furtherInput: boolean;
  comments: string;
  meetingId: string | null;
  businessDate: string;
  proposalReference: string;
  proposalState: string;
  actorName: string;
  recordedAt: string;
}

export function findCommittee(profile: ProcessProfile, code: string): CommitteeDef | undefined {
  return profile.committees.find((c) => c.code === code.trim().toUpperCase());
}

/** "the Panel meeting of 15 November 2019": how a timeline names a meeting. */
export function meetingPhrase(committee: CommitteeDef, dateText: string): string {
  return `the ${committee.shortName} meeting of ${dateText}`;
}

/** The view that counts for a committee: the latest by business date, then by when it was recorded. */
export function latestView<T extends Pick<CommitteeView, 'businessDate' | 'recordedAt'>>(views: T[]): T | undefined {
  return [...views].sort((a, b) => a.businessDate.localeCompare(b.businessDate) || a.recordedAt.localeCompare(b.recordedAt)).at(-1);
}
