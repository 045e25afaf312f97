// Paper fixtures shared by the renderer tests (not itself a test file).
import type { Appendix, PaperContent, PaperEntry } from './papers.js';
import { renderHtml } from './render-html.js';

export const HOSTILE = '<script>alert(1)</script> & "quotes"';
const BASE = 'https://smartenergycodecompany.co.uk/modifications';

function entry(reference: string, raisedAs: string, title: string, slug: string, appendix: string | null, extra: Partial<PaperEntry> = {}): PaperEntry {
  return {
    reference, raisedAs, title, url: `${BASE}/${slug}/`,
    proposer: 'Andy Knowles', organisation: 'Utilita', leadAnalyst: 'Joe Hehir',
    summary: `The Proposer has raised a concern about ${title}.`,
    anticipatedImpacts: 'We anticipate potential operational impacts.',
    appendix, proposalId: `id-${raisedAs.toLowerCase()}`, ...extra,
  };
}

function appendix(letter: string, e: PaperEntry, kind: 'draft' | 'final', body: string): Appendix {
  return { letter, reference: e.reference, title: e.title, kind, versionLabel: kind === 'draft' ? '0.1' : '1.0', body };
}

const BODY_A = [
  '# What is the issue?',
  '',
  'Prepayment customers lose **service** when the *SM WAN* is down. See [the SEC](https://smartenergycodecompany.co.uk/the-sec/).',
  'A second line of the same paragraph with `code` in it.',
  '',
  '## Impact of doing nothing',
  '',
  '- Customers self-disconnect',
  '* Suppliers send engineers',
  '',
  `Raw HTML stays text: ${HOSTILE}`,
].join('\n');

export function fullPaper(): PaperContent {
  const dp094 = entry('DP094', 'DP094', `Supporting prepayment ${HOSTILE}`, 'dp094', 'A',
    { organisation: 'Utilita & Co <Ltd>' });
  const dp095 = entry('DP095', 'DP095', 'Alignment of Credit Cover', 'dp095', 'B',
    { proposer: 'Ashley Pocock', organisation: 'EDF Energy', leadAnalyst: 'Bradley Baker', anticipatedImpacts: 'At this current stage, we do not anticipate any operational impacts.' });
  const mp090 = entry('MP090', 'DP090', `No-impact change ${HOSTILE}`, 'mp090', null, { anticipatedImpacts: null });
  const mp091 = entry('MP091', 'DP091', 'DNO Power Outage Alerts', 'mp091', 'C', { proposer: 'Del Kang', organisation: 'DCC', anticipatedImpacts: null });
  const mp092 = entry('MP092', 'DP092', 'Improving SMETS2 Meter Installs for New Connections', 'mp092', 'D',
    { proposer: null, organisation: null, leadAnalyst: null, summary: 'First paragraph.\n\nSecond paragraph,\nwrapped.', anticipatedImpacts: null });
  return {
    title: 'New Draft Proposals and Modification Proposals',
    committee: { code: 'OPSG', name: 'Operations Group', shortName: 'OPSG' },
    impactHeading: 'Anticipated Operational Impacts',
    date: '2024-03-12',
    period: { after: '2024-02-13', upTo: '2024-03-12' },
    purpose: [
      'This paper summarises the new Draft Proposals raised and the Draft Proposals converted to Modification Proposals in the last month.',
      'We seek any initial comments the Operations Group (OPSG) may have on these proposals.',
    ],
    newDraftsIntro: ['These Draft Proposals were raised in the last month and have entered the Development Stage.'],
    newDrafts: [dp094, dp095],
    convertedIntro: ['These Draft Proposals have been converted to Modification Proposals.'],
    noImpactLead: 'When the OPSG reviewed these changes as Draft Proposals, it saw no operational impact:',
    impactLead: 'When the OPSG reviewed these changes as Draft Proposals, it saw a potential operational impact or wanted to give further input:',
    notReviewedLead: 'The OPSG has not given a view on these changes as Draft Proposals:',
    converted: { noImpact: [mp090], impact: [mp091], notReviewed: [mp092] },
    nothingNew: 'No Draft Proposals were raised in this period.',
    nothingConverted: 'No Draft Proposals were converted to Modification Proposals in this period.',
    recommendation: 'The Operations Group is asked to DISCUSS the proposals in this paper and give any views or comments.',
    author: 'Joe Hehir',
    team: 'SECAS Team',
    appendices: [
      appendix('A', dp094, 'draft', BODY_A),
      appendix('B', dp095, 'draft', 'Credit Cover is calculated **monthly**.\n\n1. First step\n2. Second step'),
      appendix('C', mp091, 'final', '## Background\n\nThe DCC must send Power Outage Alerts within 60 seconds.'),
      appendix('D', mp092, 'final', ''),
    ],
  };
}

export function emptyPaper(): PaperContent {
  const p = fullPaper();
  return { ...p, newDrafts: [], converted: { noImpact: [], impact: [], notReviewed: [] }, appendices: [] };
}

/**
 * The text blocks (headings, paragraphs, list items) of the HTML paper before its first appendix,
 * in order: what the Word and PDF papers must say too.
 */
export function htmlBlocks(paper: PaperContent): string[] {
  const html = renderHtml(paper);
  const body = html.slice(html.indexOf('<article'), html.search(/<section class="appendix"|<\/article>/));
  return [...body.matchAll(/<(h[1-6]|p|li)\b[^>]*>([\s\S]*?)<\/\1>/g)].map(([, , inner]) => inner
    .replace(/<br\s*\/?>/g, '\n').replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;|&#x27;/g, "'").replace(/&amp;/g, '&'));
}
