// A proposal's timeline: append-only events, each with who, the business date, the time it was
// recorded, and before/after values.

export type FieldChanges = Record<string, [unknown, unknown]>;

export interface ProposalEvent {
  id: string;
  proposalId: string;
  seq: number;
  type: string;
  label: string;
  actorId: string;
  actorName: string;
  businessDate: string;
  recordedAt: string;
  fromState: string | null;
  toState: string | null;
  changes: FieldChanges;
  inputs: Record<string, string>;
  note: string;
  meetingId: string | null;
}

export type NewEvent = Omit<ProposalEvent, 'seq' | 'meetingId'> & { meetingId?: string | null };

/** The before/after pairs of the fields whose values differ. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): FieldChanges {
  const changes: FieldChanges = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key])) changes[key] = [before[key] ?? null, after[key] ?? null];
  }
  return changes;
}
