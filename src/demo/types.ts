// The shape of demo data. The loader replays it through the real service functions (raise,
// save problem statement, act), so every demo timeline is produced by the workflow engine.

export interface DemoOrganisation {
  name: string;
  /** A party category id of the profile, or null for bodies that are not Parties (SECAS). */
  partyCategory: string | null;
}

export interface DemoPerson {
  name: string;
  organisation: string;
  /** A Secretariat analyst who can lead proposals. */
  analyst?: boolean;
  /** True when the person is invented because the source paper does not name them. */
  fictional?: boolean;
}

export interface DemoProblemStatementDraft {
  /** The business date the draft was saved (YYYY-MM-DD). */
  on: string;
  /** Markdown with one `## ` heading per section of the profile's problem statement. */
  body: string;
}

export interface DemoStep {
  /** An action id of the process profile. */
  action: string;
  /** Business date (YYYY-MM-DD, Europe/London). */
  on: string;
  input?: Record<string, string>;
  note?: string;
}

/** A document of the demo: its file is a short Markdown note standing in for the real one (see load.ts). */
export interface DemoDocument {
  /** A document type id of the profile. */
  kind: string;
  title: string;
  versionLabel: string;
  publishedOn: string;
  restricted?: boolean;
  audienceCommittee?: string;
}

export interface DemoProposal {
  number: number;
  title: string;
  /** The public slug; made from the title when omitted. */
  slug?: string;
  proposer: string;
  organisation: string;
  leadAnalyst: string;
  raisedOn: string;
  summary: string;
  latestUpdate: string;
  impactedCategories: string[];
  documentsAffected: string[];
  problemStatement: DemoProblemStatementDraft[];
  steps: DemoStep[];
  documents: DemoDocument[];
}

export interface DemoRegister {
  organisations: DemoOrganisation[];
  people: DemoPerson[];
  proposals: DemoProposal[];
}

export interface DemoCommittees {
  members: { committee: string; name: string; organisation: string; seat: string; role: 'chair' | 'member' | 'alternate'; termStart: string; fictional?: boolean }[];
  meetings: { committee: string; date: string; title: string; startTime: string; location: string }[];
  /** Views given on a change, replayed in its timeline so the reference recorded is the one it had then. */
  views: { number: number; committee: string; on: string; impact: 'none' | 'potential' | 'not-assessed'; furtherInput: boolean; comments: string }[];
  anticipatedImpacts: { number: number; committee: string; text: string }[];
  papers: { committee: string; date: string; author: string; team: string }[];
}
