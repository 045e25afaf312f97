// The shape of a process profile: everything that differs between codes (SEC, BSC, UNC, REC)
// is data of this shape, so a new code is configuration rather than new code.
// This file imports nothing of ours.

export interface PartyCategory {
  id: string;
  label: string;
}

export interface BodyDef {
  /** Stable code, e.g. PANEL, CSC, CB. */
  id: string;
  name: string;
}

export type Phase = 'development' | 'modification' | 'decision' | 'implementation' | 'closed';

export interface StateDef {
  id: string;
  label: string;
  phase: Phase;
  terminal: boolean;
  description: string;
}

export interface Choice {
  value: string;
  label: string;
}

/** A value the user gives when taking an action (path, route, target release, ...). */
export interface ActionInput {
  name: string;
  label: string;
  type: 'choice' | 'text';
  required: boolean;
  options?: Choice[];
  /** When set, the value is stored on the proposal under this field. */
  setsField?: 'path' | 'targetRelease';
}

/** Where an action takes the proposal. */
export type ActionTarget =
  | { kind: 'state'; state: string }
  | { kind: 'same' }
  | { kind: 'held-from' }
  | { kind: 'by-input'; input: string; states: Record<string, string> };

export type Guard =
  | { kind: 'problem-statement'; status: 'draft' | 'agreed'; message: string }
  /** A fact a module above the register provides by name ("consultation-closed"); false when unknown. */
  | { kind: 'fact'; fact: string; message: string }
  | { kind: 'field-set'; field: 'path'; message: string }
  | { kind: 'field-in'; field: 'path'; values: string[]; message: string };

export interface ActionEffects {
  /** Reference prefix after the action (DP -> MP). */
  prefix?: string;
  /** Freeze the latest draft problem statement as the agreed version. */
  agreeProblemStatement?: boolean;
  /** Set a flag when the named input has the given value. */
  flagsByInput?: { input: string; value: string; flag: 'fastTrack' | 'urgent' }[];
  /** Record the business date as the implementation date. */
  setImplementationDate?: boolean;
}

export interface ActionDef {
  /** kebab-case id used by the API, CLI and forms. */
  id: string;
  /** Button text: what the user does. */
  label: string;
  /** Timeline text: what happened. */
  eventLabel: string;
  from: string[];
  to: ActionTarget;
  body: string;
  inputs: ActionInput[];
  guards: Guard[];
  effects: ActionEffects;
  /**
   * Set when the step is taken together with what it records (the Authority's decision with its
   * letter): the change page offers that form, named here, instead of a plain button. The API's
   * action route still takes the step alone, for loading a register's history.
   */
  recordedWith?: string;
}

export interface ReferenceScheme {
  /** Prefixes that name the same change at different stages, first is the one a change is raised with. */
  prefixes: string[];
  /** Series name stored with each number, so legacy series can sit beside it. */
  series: string;
  digits: number;
}

/** The area a committee looks after, and how a paper to it speaks about impacts. */
export interface ImpactArea {
  id: string;
  /** Lower-case adjective used in sentences: "operational". */
  adjective: string;
  /** Heading above each entry's impacts in a paper: "Anticipated Operational Impacts". */
  heading: string;
  /** Used when the Secretariat has written nothing for a change in this area. */
  defaultText: string;
}

export interface CommitteeDef {
  /** Same code as its body: PANEL, CSC, OPSG … */
  code: string;
  name: string;
  shortName: string;
  kind: 'panel' | 'sub-committee' | 'board' | 'working-group';
  impactArea: ImpactArea | null;
  /** Usual cadence, for information: "monthly (Tuesdays)". */
  cadence: string;
}

/** A kind of document kept against a change (problem statement, modification report, Change Board vote …). */
export interface DocumentType {
  /** kebab-case id used by the API and in file names: MP090-modification-report-v1.0.pdf. */
  id: string;
  label: string;
}

/** The code's own words for what the product shows, so another code's profile can say its own. */
export interface ProfileWords {
  /** Timeline text of a change being raised: "Draft Proposal raised". */
  raised: string;
  /** Labels of the main navigation, by entry id. */
  navigation: Record<string, string>;
  /** What the page says of the solution while none is discussed, and in which phases. */
  solutionNotYet: { phases: Phase[]; text: string };
}

/** Standing text of the monthly "New Draft Proposals and Modification Proposals" paper. */
export interface PaperSettings {
  title: string;
  /** The committee the papers page opens on. */
  defaultCommittee: string;
  team: string;
  /** Paragraphs; {committee} and {short} are replaced by the committee's name and short name. */
  purpose: string[];
  newDraftsIntro: string[];
  convertedIntro: string[];
  noImpactLead: string;
  impactLead: string;
  notReviewedLead: string;
  recommendation: string;
  nothingNew: string;
  nothingConverted: string;
}

/** Which days are Working Days: not a weekend, a public holiday of the region, or an extra closed day. */
export interface CalendarSettings {
  /** ISO country code as date-holidays knows it, e.g. GB. */
  country: string;
  /** Region (ISO 3166-2 subdivision) of that country, e.g. ENG for England & Wales bank holidays. */
  region?: string;
  /** Further days the code is closed (YYYY-MM-DD), e.g. a one-off bank holiday the library lacks. */
  extraClosedDays: string[];
}

/**
 * A period counted in Working Days, with what falls due at its end and who it is due from, in the
 * code's words. `unconfirmed` says why the number is not yet checked against the code's legal text.
 */
export interface WorkingDaysDeadline {
  workingDays: number;
  /** What falls due: "Critical-friend reply". */
  label: string;
  /** Who it is due from: "the Secretariat". */
  from: string;
  unconfirmed?: string;
}

/** The deadlines of the process. The engine that counts them is process/deadlines.ts. */
export interface DeadlineSettings {
  /** The Secretariat's critical-friend reply, after a problem statement is submitted. */
  criticalFriendReply: WorkingDaysDeadline;
  /** A consultation's default length, from the day it is issued (a consultation may set its own). */
  consultationClose: WorkingDaysDeadline;
  /** A committee paper is due this many Working Days before the meeting. */
  paperDue: WorkingDaysDeadline;
  /** Appeals against a decision taken by one of these actions, within the Working Days after it. */
  appealWindow: WorkingDaysDeadline & { afterActions: string[] };
  /** The Authority's target for deciding a change, in calendar weeks from the day it reaches it (the state). */
  authorityDecision: { weeks: number; label: string; from: string; state: string; unconfirmed?: string };
  /** A release's changes are due to be implemented on its date. */
  releaseImplementation: { label: string; from: string };
  /** "Due soon" means due within this many Working Days. */
  soonWithin: number;
}

export type Weekday = 'monday' | 'tuesday' | 'wednesday' | 'thursday' | 'friday' | 'saturday' | 'sunday';
export type WeekdayPosition = 'first' | 'second' | 'third' | 'fourth' | 'last';

/** A release every year by rule: { month: 2, weekday: 'thursday', which: 'last' } is the last Thursday of February. */
export interface ScheduledRelease {
  month: number;
  weekday: Weekday;
  which: WeekdayPosition;
}

/** The code's releases: the yearly calendar as rules, and the lifecycle actions a release drives. */
export interface ReleaseSettings {
  /** The name of a scheduled release; {month} and {year} are filled in: "{month} {year} SEC Release". */
  name: string;
  scheduled: ScheduledRelease[];
  /** The action that schedules a change into a release (its input sets the change's target release). */
  scheduleAction: string;
  /** The action that marks a scheduled change implemented (it records the implementation date). */
  implementAction: string;
  unconfirmed?: string;
}

/**
 * A kind of consultation the code runs on a change (Refinement Consultation, Modification Report
 * Consultation): the lifecycle actions its opening and closing record, who may answer, how long it runs.
 */
export interface ConsultationKind {
  /** kebab-case id used by the API, e.g. refinement. */
  id: string;
  label: string;
  /** The action opening it takes on the change (its `from` states say when it may be opened). */
  openAction: string;
  /** The action closing it takes on the change. */
  closeAction: string;
  /** Its default length in Working Days; the profile's deadlines.consultationClose when absent. */
  workingDays?: number;
  /** Parties of these categories may not respond (the DCC to a Modification Report Consultation). */
  excludedPartyCategories: string[];
  /** Organisations (by id) that may not respond, whatever their category. */
  excludedOrganisations: string[];
  unconfirmed?: string;
}

/** One of the code's objectives, against which a Change Board member gives the rationale of a vote. */
export interface Objective {
  /** kebab-case id used by the API and forms. */
  id: string;
  /** Short name: "(a) Efficient, economical metering". */
  label: string;
  text: string;
  unconfirmed?: string;
}

/**
 * A voting group of the Change Board: members sit in it by their organisation's party category,
 * or (`nonParty`) because their organisation is not a Party at all (the consumer member).
 */
export interface VotingGroup {
  id: string;
  label: string;
  partyCategories: string[];
  /** Members whose organisation has no party category (Citizens Advice is not a Party) sit here. */
  nonParty?: boolean;
}

/**
 * A group's position on one option: approve, reject, none (counted among the groups but approving
 * nothing) or excluded (left out of the count of groups, as if it did not exist).
 */
export type GroupPosition = 'approve' | 'reject' | 'none' | 'excluded';

/** How many of the counted groups must approve an option for it to pass. */
export type GroupsNeeded =
  | { kind: 'all' }
  /** At least this many groups. */
  | { kind: 'at-least'; groups: number }
  /** More than this share of the counted groups ({ numerator: 1, denominator: 2 } is "more than half"). */
  | { kind: 'more-than'; numerator: number; denominator: number };

export interface DecisionSettings {
  /** The document kind of a closed vote's record. */
  voteDocument: string;
  /** The document kind of the Authority's decision letter. */
  authorityDocument: string;
  /** The action a closed vote takes when the change's path is decided by the Change Board, by outcome. */
  selfGovernance: { paths: string[]; approve: string; reject: string };
  /** The action a closed vote takes otherwise (a recommendation, its input named here). */
  recommend: { action: string; input: string; approve: string; reject: string };
  /** The Authority's actions, by its decision. */
  authority: { approve: string; reject: string; sendBack: string };
}

/** The Change Board's vote: who votes in which group, and how positions and outcomes are counted. */
export interface VotingRules {
  /** The committee whose members vote (its code). */
  committee: string;
  groups: VotingGroup[];
  /**
   * A group approves when its approvals are more than this share of the votes cast (approve and
   * reject; abstentions are not cast), rejects when they are less, and is tied when exactly on it.
   */
  groupMajority: { numerator: number; denominator: number };
  /** A group's position when exactly on the share (1 approve, 1 reject at one half). */
  tie: GroupPosition;
  /** A group with members none of whom cast approve or reject (abstained, or did not vote). */
  noVotesCast: GroupPosition;
  /** A group with no voting members at all. */
  emptyGroup: GroupPosition;
  /** How many counted groups must approve for an option to pass; an option with no counted group fails. */
  groupsNeeded: GroupsNeeded;
  unconfirmed?: string;
}

export interface ProcessProfile {
  id: string;
  name: string;
  codeName: string;
  references: ReferenceScheme;
  partyCategories: PartyCategory[];
  bodies: BodyDef[];
  states: StateDef[];
  initialState: string;
  actions: ActionDef[];
  paths: Choice[];
  problemStatementSections: string[];
  committees: CommitteeDef[];
  paper: PaperSettings;
  calendar: CalendarSettings;
  deadlines: DeadlineSettings;
  releases: ReleaseSettings;
  /** The kinds of consultation, in the order forms offer them. */
  consultations: ConsultationKind[];
  /** The code's objectives: a Change Board member's rationale says how a change meets them. */
  objectives: Objective[];
  voting: VotingRules;
  /**
   * Documents and actions of Change Board votes and Authority decisions: the kinds of document
   * they publish, the profile's actions they drive, and the fact that holds a change while an
   * appeal against a self-governance decision is open.
   */
  decisions: DecisionSettings;
  /** The kinds of document a change's register entry lists, in the order forms offer them. */
  documentTypes: DocumentType[];
  words: ProfileWords;
}
