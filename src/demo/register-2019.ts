// Demo register: the nine changes in the Secretariat's paper to the Operations Group (OPSG) of
// 26 November 2019, "New Draft Proposals and Modification Proposals"
// (shared/seed/000_008fdd53bbfc1a68.txt). The state of every change is as it stood on that day.
//
// What is taken from the seed: references, titles, public slugs, the named proposers and their
// organisations (Andy Knowles, Utilita, DP094; Ashley Pocock, EDF Energy, DP095; Del Kang, DCC,
// DP096; David Walsh, DCC, DP097; Chris Thompson, DCC, MP092), the lead analysts, DP090 raised on
// 16 October 2019, DP095 raised on 12 November 2019, the five DPs converted at the Panel of
// 15 November 2019, and the facts summarised for DP094-DP097 and MP092. All texts are written
// afresh for the demo, not copied from the paper.
//
// FICTIONAL (the seed does not give them):
// - the proposers of MP085 (Helen Marsh), MP088 (Tom Ashworth), MP090 (Gemma Rowe) and MP093
//   (Sam Okafor), marked `fictional: true`, and their organisations Northvale Distribution,
//   Corriemoor Metering, Tallowmere Energy and Pennant Devices, which are invented names;
// - the analysts Priya Natarajan and Owen Fairley (SECAS);
// - the descriptions and problem statements of MP085, MP088, MP090 and MP093, written from the
//   titles alone;
// - every date other than those listed above (raised dates, CSC dates, draft dates), chosen to
//   be plausible: CSC on Tuesdays, the Panel on Friday 15 November 2019, nothing after
//   26 November 2019.
import type { DemoRegister } from './types.js';

/** The texts of one problem statement, one per section of the SEC profile. */
interface ProblemStatementSections {
  issue: string;
  background: string;
  doNothing: string;
  affected: string;
  codeSections: string;
  outcome: string;
  links: string;
  timing: string;
  path: string;
}

/** Assemble a problem statement body with the profile's `## ` headings, in the profile's order. */
function problemStatement(s: ProblemStatementSections): string {
  const sections: [string, string][] = [
    ['What is the issue?', s.issue],
    ['Background and evidence', s.background],
    ['Impact of doing nothing', s.doNothing],
    ['Who is affected?', s.affected],
    ['Code sections likely affected', s.codeSections],
    ['Desired outcome', s.outcome],
    ['Links to other changes', s.links],
    ['Timing or urgency', s.timing],
    ["The Proposer's view on the path", s.path],
  ];
  return sections.map(([heading, text]) => `## ${heading}\n\n${text.trim()}\n`).join('\n');
}

const convertedLatestUpdate = (path: string) =>
  `The Panel converted this change to a Modification Proposal on 15 November 2019 and sent it to the ` +
  `Refinement Process (${path}). SECAS is now working with the Proposer and the DCC on the business requirements.`;

// ---------------------------------------------------------------------------------------------
// Problem statements
// ---------------------------------------------------------------------------------------------

const ps085: ProblemStatementSections = {
  issue:
    'Electricity smart meters average voltage over a measurement period, but nothing requires those ' +
    'periods to start on a common boundary. Readings from neighbouring meters therefore cover different ' +
    'slices of time and cannot be compared directly.',
  background:
    'Network operators want to combine voltage data from many meters on the same feeder to spot ' +
    'excursions outside statutory limits. Early analysis shows periods drifting by several minutes ' +
    'between meters installed on the same street.',
  doNothing:
    'Network operators would need to collect far more granular data or accept blurred results, ' +
    'weakening the case for using smart meter data in network planning.',
  affected:
    'Electricity network operators, who use the data; Suppliers and meter manufacturers, whose devices ' +
    'set the periods; the DCC, which carries the configuration commands.',
  codeSections:
    'Schedule 9 "SMETS" and possibly Schedule 8 "GBCS", where the voltage measurement configuration is described.',
  outcome:
    'Voltage measurement periods on all compliant meters line up with a common time boundary, so that ' +
    'readings from different meters are directly comparable.',
  links: 'None known at this stage.',
  timing:
    'Not urgent, but any change to device behaviour needs a long lead time for manufacturers.',
  path:
    'The Proposer considers this a self-governance (Path 3) matter, as it has no material effect on consumers or competition.',
};

const ps088: ProblemStatementSections = {
  issue:
    'When the Panel or one of its Sub-Committees finds a defect in the SEC while carrying out its ' +
    'duties, it has no general power to raise a modification to fix it. It has to find a Party willing ' +
    'to sponsor the change.',
  background:
    'Several defects identified by Sub-Committees over the past year waited months before a Party ' +
    'agreed to take them forward. Only housekeeping changes can currently be progressed by the Panel itself.',
  doNothing:
    'Known defects stay in the code longer than necessary, and smaller Parties carry the effort of ' +
    'sponsoring changes that benefit everyone.',
  affected:
    'All SEC Parties, the Panel and its Sub-Committees, and the Secretariat, which supports the raising of changes.',
  codeSections: 'Section D (modification process) and possibly Section C (governance).',
  outcome:
    'A clear, limited route for the Panel and its Sub-Committees to raise modifications on matters ' +
    'within their remit, with appropriate checks.',
  links: 'None known at this stage.',
  timing: 'No fixed deadline, although the backlog of unsponsored defects is growing.',
  path:
    'As this changes the governance of the code, the Proposer expects an Authority determination (Path 2).',
};

const ps090: ProblemStatementSections = {
  issue:
    'Some smart metering devices send alerts that are neither defined in GBCS nor mandated. The SEC ' +
    'says nothing about how the DCC should treat them, so Users receive them inconsistently or not at all.',
  background:
    'Suppliers have reported alerts from several device models that the DCC systems either discard or ' +
    'forward without a defined format, making them hard to act on.',
  doNothing:
    'Useful device information is lost, and Users continue to build workarounds for alerts whose ' +
    'handling is not guaranteed.',
  affected: 'Suppliers and network operators that receive alerts, device manufacturers, and the DCC.',
  codeSections: 'Section H and the DCC User Interface Specification; possibly Schedule 8 "GBCS".',
  outcome:
    'The SEC sets out how non-GBCS, non-mandated alerts are recognised, routed and presented to Users.',
  links: 'May interact with other changes to alert handling under consideration.',
  timing: 'The Proposer would like the problem agreed in time for the Panel in November 2019.',
  path: 'The Proposer believes this can be a self-governance (Path 3) change.',
};

const ps092: ProblemStatementSections = {
  issue:
    'The SEC treats all DCC Planned Maintenance the same way, with fixed notice and scheduling rules, ' +
    'whatever the risk the work poses to services.',
  background:
    'Since April 2019 the DCC has trialled a risk-based approach that classes planned work as low or ' +
    'high impact and adjusts when it is scheduled and carried out. The results were reported to the Operations Group.',
  doNothing:
    'Low-risk work stays bound by rules designed for disruptive work, and the trial arrangements have ' +
    'no firm basis in the code.',
  affected:
    'All DCC Users, whose services may be unavailable during maintenance, and the DCC and its service providers.',
  codeSections: 'Section H (Planned Maintenance and service management).',
  outcome:
    'The SEC reflects a Planned Maintenance methodology that distinguishes work by its impact, with ' +
    'suitable notice and timing for each category.',
  links: 'Builds on the Operations Group review of the DCC trial.',
  timing: 'The trial arrangements need a permanent footing in the code.',
  path: 'The Proposer considers this a self-governance (Path 3) change.',
};

const ps093: ProblemStatementSections = {
  issue:
    'Devices built to GBCS v3.2 rely on the changes agreed as IRP511 and CRP535, which are not yet ' +
    'reflected in the SEC or in the DCC systems.',
  background:
    'The two items were agreed through the technical change process for GBCS. Manufacturers are ' +
    'developing v3.2 devices that assume both are in place.',
  doNothing:
    'GBCS v3.2 devices could not be installed or operated correctly through the DCC, delaying their ' +
    'availability to Suppliers.',
  affected: 'Suppliers, device manufacturers and the DCC.',
  codeSections: 'Schedule 8 "GBCS" and the DCC User Interface Specification.',
  outcome: 'The SEC and DCC systems support IRP511 and CRP535 so that GBCS v3.2 devices work end to end.',
  links: 'Related to the wider adoption of GBCS v3.2 and to other GBCS issue resolutions.',
  timing: 'Needs to align with a SEC Release that manufacturers can plan around.',
  path: 'The Proposer believes this is a self-governance (Path 3) change.',
};

const ps094: ProblemStatementSections = {
  issue:
    'The minimum functional requirements for SMETS2 devices do not give a device robust enough to ' +
    'serve smart prepayment customers when the SM WAN is unavailable. SMETS1 meters enrolled in the DCC ' +
    'lose resilience in the same way.',
  background:
    'Prepayment customers depend on remote top-ups reaching the meter. Where SM WAN coverage fails, ' +
    'credit cannot be applied remotely and the customer may be left without supply.',
  doNothing:
    'Prepayment customers in poor-coverage areas remain exposed, and Suppliers face site visits and ' +
    'customer contact that are not economic.',
  affected: 'Suppliers with prepayment customers, those customers, and the DCC.',
  codeSections: 'Schedule 9 "SMETS" and Section H.',
  outcome:
    'Prepayment customers can keep using their smart meter reliably when the SM WAN is not available.',
  links: 'None identified yet.',
  timing: 'Important for vulnerable customers as smart prepayment grows.',
  path: 'Not yet decided; the Proposer expects an Authority determination may be needed.',
};

const ps095: ProblemStatementSections = {
  issue:
    'The Credit Cover that Parties provide does not reliably cover the DCC charges left unpaid when a ' +
    'Party stops trading, so the shortfall is shared by all other Parties.',
  background:
    'Five SEC Parties ceased trading in 2018/19 and 2019/20, leaving about £731,000 of DCC charges to be ' +
    'socialised. In one case the Party had enough cover for the first missed month but not the later ones, ' +
    'which alone left about £362,000 to be shared.',
  doNothing:
    'Further failures, which are expected, would add to the costs borne by every remaining Party.',
  affected: 'All SEC Parties that pay DCC charges, and the DCC.',
  codeSections: 'Section J (charges and Credit Cover).',
  outcome:
    'A Credit Cover calculation that better reflects the exposure to a failing Party, reducing costs socialised across the industry.',
  links: 'None identified yet.',
  timing: 'The risk increases with each further supplier failure.',
  path: 'The Proposer has not yet formed a view on the path.',
};

const ps096: ProblemStatementSections = {
  issue:
    'After a power outage lasting more than three minutes, the DCC must send a Power Outage Alert to the ' +
    'DNO within 60 seconds, and a Power Restoration Alert within 60 seconds of supply returning. The DCC ' +
    'cannot currently meet these timings.',
  background:
    'Restoration alerts travel to the DNO through the Data Service Provider. The DCC has held lengthy ' +
    'discussions with DNOs to understand what timing and content they actually need.',
  doNothing:
    'The DCC remains in breach of a SEC obligation, and DNOs cannot rely on the alerts in their outage management.',
  affected: 'Electricity network operators and the DCC, together with its Communications Service Providers.',
  codeSections: 'Section H and the provisions on alerts to network operators.',
  outcome:
    'Obligations for outage and restoration alerts that meet DNO needs and that the DCC and its providers can deliver.',
  links: 'None identified yet.',
  timing: 'The current obligation is not being met, so the Proposer sees some urgency.',
  path: 'Not yet decided.',
};

const ps097: ProblemStatementSections = {
  issue:
    'For New Connections the Supplier must check SM WAN coverage before installing a smart meter. A new ' +
    'postcode can take time to appear in the Coverage Database, so the check returns "no premises found".',
  background:
    'Appendix H only lets a Service Management Service Request be raised where there is no postcode. The ' +
    'gap between Royal Mail releasing a postcode and the database update is not covered.',
  doNothing: 'Installs at new homes are delayed or carried out with traditional meters.',
  affected: 'Suppliers installing meters at new connections, their customers, and the DCC.',
  codeSections: 'Appendix H "CH Handover Support Materials" (paragraph 3.3).',
  outcome:
    'Suppliers have a route to confirm coverage when a new postcode is not yet in the Coverage Database.',
  links: 'None identified yet.',
  timing: 'New build volumes make this a recurring problem.',
  path: 'The Proposer expects a self-governance (Path 3) change.',
};

// ---------------------------------------------------------------------------------------------
// The register
// ---------------------------------------------------------------------------------------------

const allCategories = [
  'large-supplier', 'small-supplier', 'electricity-network', 'gas-network', 'other-sec-party', 'dcc',
];

export const register2019: DemoRegister = {
  organisations: [
    { name: 'SECAS', partyCategory: null },
    { name: 'Utilita', partyCategory: 'large-supplier' },
    { name: 'EDF Energy', partyCategory: 'large-supplier' },
    { name: 'DCC', partyCategory: 'dcc' },
    // Fictional organisations for the proposers the seed does not name.
    { name: 'Northvale Distribution', partyCategory: 'electricity-network' },
    { name: 'Tallowmere Energy', partyCategory: 'small-supplier' },
    { name: 'Corriemoor Metering', partyCategory: 'other-sec-party' },
    { name: 'Pennant Devices', partyCategory: 'other-sec-party' },
  ],
  people: [
    { name: 'Andy Knowles', organisation: 'Utilita' },
    { name: 'Ashley Pocock', organisation: 'EDF Energy' },
    { name: 'Del Kang', organisation: 'DCC' },
    { name: 'David Walsh', organisation: 'DCC' },
    { name: 'Chris Thompson', organisation: 'DCC' },
    { name: 'Helen Marsh', organisation: 'Northvale Distribution', fictional: true },
    { name: 'Tom Ashworth', organisation: 'Corriemoor Metering', fictional: true },
    { name: 'Gemma Rowe', organisation: 'Tallowmere Energy', fictional: true },
    { name: 'Sam Okafor', organisation: 'Pennant Devices', fictional: true },
    { name: 'Joe Hehir', organisation: 'SECAS', analyst: true },
    { name: 'Bradley Baker', organisation: 'SECAS', analyst: true },
    { name: 'Ali Beard', organisation: 'SECAS', analyst: true },
    { name: 'Adam Lattimore', organisation: 'SECAS', analyst: true },
    { name: 'Priya Natarajan', organisation: 'SECAS', analyst: true, fictional: true },
    { name: 'Owen Fairley', organisation: 'SECAS', analyst: true, fictional: true },
  ],
  proposals: [
    {
      number: 85,
      title: 'Synchronisation of smart meter voltage measurement periods',
      slug: 'synchronisation-of-smart-meter-voltage-measurement-periods',
      proposer: 'Helen Marsh',
      organisation: 'Northvale Distribution',
      leadAnalyst: 'Priya Natarajan',
      raisedOn: '2019-05-20',
      summary:
        'Smart electricity meters average voltage over measurement periods that do not start on a common ' +
        'boundary. Readings from different meters therefore cover different time windows, which stops ' +
        'network operators from combining them reliably.',
      latestUpdate: convertedLatestUpdate('Path 3, self-governance'),
      impactedCategories: ['large-supplier', 'small-supplier', 'electricity-network', 'dcc'],
      documentsAffected: ['Schedule 9 "SMETS"', 'Schedule 8 "GBCS"'],
      problemStatement: [
        { on: '2019-05-20', body: problemStatement(ps085) },
        {
          on: '2019-09-30',
          body: problemStatement({
            ...ps085,
            links: 'None known. The Proposer has checked that no open change touches voltage measurement.',
          }),
        },
      ],
      steps: [
        { action: 'present-to-csc-initial', on: '2019-06-25' },
        { action: 'present-to-csc-decision', on: '2019-10-22' },
        { action: 'agree-problem-statement', on: '2019-10-22' },
        { action: 'convert', on: '2019-11-15', input: { path: '3', route: 'refinement' } },
      ],
      documents: [],
    },
    {
      number: 88,
      title: 'Power to raise modifications',
      slug: 'power-to-raise-modifications',
      proposer: 'Tom Ashworth',
      organisation: 'Corriemoor Metering',
      leadAnalyst: 'Owen Fairley',
      raisedOn: '2019-07-08',
      summary:
        'The Panel and its Sub-Committees cannot raise a modification when they find a defect in the SEC, ' +
        'apart from housekeeping changes. They must wait for a Party to sponsor the fix, which delays changes ' +
        'that would benefit all Parties.',
      latestUpdate: convertedLatestUpdate('Path 2, Authority determination'),
      impactedCategories: allCategories,
      documentsAffected: ['Section D', 'Section C'],
      problemStatement: [
        { on: '2019-07-08', body: problemStatement(ps088) },
        {
          on: '2019-10-07',
          body: problemStatement({
            ...ps088,
            background:
              ps088.background +
              ' At the request of the CSC, the Proposer has added examples of defects that waited for a sponsor.',
          }),
        },
      ],
      steps: [
        { action: 'present-to-csc-initial', on: '2019-07-23' },
        { action: 'present-to-csc-decision', on: '2019-09-24', note: 'CSC asked for more evidence before agreeing.' },
        { action: 'agree-problem-statement', on: '2019-10-22' },
        { action: 'convert', on: '2019-11-15', input: { path: '2', route: 'refinement' } },
      ],
      documents: [],
    },
    {
      number: 90,
      title: 'Incorporation of Non GBCS Non-Mandated Alerts into the SEC',
      slug: 'incorporation-of-non-gbcs-non-mandated-alerts-into-the-sec',
      proposer: 'Gemma Rowe',
      organisation: 'Tallowmere Energy',
      leadAnalyst: 'Joe Hehir',
      raisedOn: '2019-10-16',
      summary:
        'Some devices generate alerts that GBCS does not define and that are not mandated. The SEC does not ' +
        'say how the DCC should handle them, so Users receive them inconsistently, if at all.',
      latestUpdate: convertedLatestUpdate('Path 3, self-governance'),
      impactedCategories: ['large-supplier', 'small-supplier', 'electricity-network', 'dcc'],
      documentsAffected: ['Section H', 'DCC User Interface Specification', 'Schedule 8 "GBCS"'],
      problemStatement: [
        { on: '2019-10-16', body: problemStatement(ps090) },
        {
          on: '2019-10-24',
          body: problemStatement({
            ...ps090,
            affected: ps090.affected + ' Other SEC Parties are not expected to be affected.',
          }),
        },
      ],
      steps: [
        { action: 'present-to-csc-initial', on: '2019-10-22' },
        { action: 'present-to-csc-decision', on: '2019-10-29' },
        { action: 'agree-problem-statement', on: '2019-10-29' },
        { action: 'convert', on: '2019-11-15', input: { path: '3', route: 'refinement' } },
      ],
      documents: [],
    },
    {
      number: 92,
      title: 'New Planned Maintenance Methodology',
      slug: 'new-planned-maintenance-methodology',
      proposer: 'Chris Thompson',
      organisation: 'DCC',
      leadAnalyst: 'Adam Lattimore',
      raisedOn: '2019-08-19',
      summary:
        'In April 2019 the DCC started trialling a new way of handling Planned Maintenance, classing each ' +
        'planned change as low or high impact on a risk basis and changing when the work is scheduled and ' +
        'carried out. The SEC still applies a single set of rules to all Planned Maintenance.',
      latestUpdate:
        convertedLatestUpdate('Path 3, self-governance') +
        ' The Panel also asked the DCC for a Preliminary Assessment.',
      impactedCategories: allCategories,
      documentsAffected: ['Section H'],
      problemStatement: [
        { on: '2019-08-19', body: problemStatement(ps092) },
        {
          on: '2019-10-14',
          body: problemStatement({
            ...ps092,
            timing: 'The trial is ending; the Proposer wants the arrangements in the code without a gap.',
          }),
        },
      ],
      steps: [
        { action: 'present-to-csc-initial', on: '2019-08-27' },
        { action: 'present-to-csc-decision', on: '2019-09-24', note: 'CSC asked to see the final trial report first.' },
        { action: 'agree-problem-statement', on: '2019-10-22' },
        { action: 'convert', on: '2019-11-15', input: { path: '3', route: 'refinement' } },
        { action: 'request-preliminary-assessment', on: '2019-11-15' },
      ],
      documents: [
        {
          kind: 'other',
          title: 'Planned Maintenance trial: final report to the Operations Group',
          versionLabel: 'v1.0',
          publishedOn: '2019-10-29',
          // Written for the Operations Group: its members and the Secretariat read it, nobody else.
          restricted: true,
          audienceCommittee: 'OPSG',
        },
        {
          kind: 'dcc-preliminary-assessment',
          title: 'DCC Preliminary Assessment request',
          versionLabel: 'v1.0',
          publishedOn: '2019-11-15',
        },
      ],
    },
    {
      number: 93,
      title: 'Implementing IRP511 and CRP535 to support GBCS v3.2 devices',
      slug: 'implementing-irp511-and-crp535-to-support-gbcs-v3-2-devices',
      proposer: 'Sam Okafor',
      organisation: 'Pennant Devices',
      leadAnalyst: 'Ali Beard',
      raisedOn: '2019-09-09',
      summary:
        'Devices built to GBCS v3.2 depend on the changes agreed as IRP511 and CRP535. Neither is yet in the ' +
        'SEC or the DCC systems, so such devices cannot be fully supported.',
      latestUpdate:
        convertedLatestUpdate('Path 3, self-governance') +
        ' A DCC Preliminary Assessment has been requested.',
      impactedCategories: ['large-supplier', 'small-supplier', 'other-sec-party', 'dcc'],
      documentsAffected: ['Schedule 8 "GBCS"', 'DCC User Interface Specification'],
      problemStatement: [
        { on: '2019-09-09', body: problemStatement(ps093) },
        {
          on: '2019-10-10',
          body: problemStatement({
            ...ps093,
            timing: 'The Proposer would like the change in the June 2020 SEC Release if it can be delivered in time.',
          }),
        },
      ],
      steps: [
        { action: 'present-to-csc-initial', on: '2019-09-24' },
        { action: 'present-to-csc-decision', on: '2019-10-22' },
        { action: 'agree-problem-statement', on: '2019-10-22' },
        { action: 'convert', on: '2019-11-15', input: { path: '3', route: 'refinement' } },
        { action: 'request-preliminary-assessment', on: '2019-11-15' },
      ],
      documents: [
        {
          kind: 'dcc-preliminary-assessment',
          title: 'DCC Preliminary Assessment request',
          versionLabel: 'v1.0',
          publishedOn: '2019-11-15',
        },
      ],
    },
    {
      number: 94,
      title: 'Supporting prepayment customers in no SM WAN scenarios',
      proposer: 'Andy Knowles',
      organisation: 'Utilita',
      leadAnalyst: 'Joe Hehir',
      raisedOn: '2019-10-31',
      summary:
        'The Proposer believes the minimum SMETS2 requirements do not produce a device resilient enough for ' +
        'smart prepayment customers when the SM WAN is unavailable. SMETS1 meters enrolled in the DCC suffer ' +
        'the same loss of resilience.',
      latestUpdate:
        'Presented to the CSC for initial discussion on 19 November 2019. The Proposer is developing the ' +
        'problem statement with SECAS before it returns to the CSC for decision.',
      impactedCategories: ['large-supplier', 'small-supplier', 'dcc'],
      documentsAffected: ['Schedule 9 "SMETS"', 'Section H'],
      problemStatement: [
        { on: '2019-10-31', body: problemStatement(ps094) },
        {
          on: '2019-11-14',
          body: problemStatement({
            ...ps094,
            doNothing:
              'If the DCC cannot restore coverage remotely, the Supplier must send an engineer, which is not ' +
              'economic, and customer contact with the Supplier rises.',
          }),
        },
      ],
      steps: [{ action: 'present-to-csc-initial', on: '2019-11-19' }],
      documents: [],
    },
    {
      number: 95,
      title: 'Alignment of Credit Cover',
      slug: 'alignment-of-sec-credit-cover',
      proposer: 'Ashley Pocock',
      organisation: 'EDF Energy',
      leadAnalyst: 'Bradley Baker',
      raisedOn: '2019-11-12',
      summary:
        'Five SEC Parties stopped trading in 2018/19 and 2019/20, and about £731,000 of their unpaid DCC ' +
        'charges has been spread across all other Parties, some £362,000 of it from a single Party whose ' +
        'Credit Cover ran out after the first month. The Proposer wants to examine the Credit Cover ' +
        'calculation to reduce such socialised costs.',
      latestUpdate:
        'Presented to the CSC for initial discussion on 19 November 2019. SECAS is helping the Proposer ' +
        'gather evidence for the problem statement.',
      impactedCategories: allCategories,
      documentsAffected: ['Section J'],
      problemStatement: [{ on: '2019-11-12', body: problemStatement(ps095) }],
      steps: [{ action: 'present-to-csc-initial', on: '2019-11-19' }],
      documents: [],
    },
    {
      number: 96,
      title: 'DNO Power Outage Alerts',
      slug: 'dno-power-outage-alerts',
      proposer: 'Del Kang',
      organisation: 'DCC',
      leadAnalyst: 'Bradley Baker',
      raisedOn: '2019-11-05',
      summary:
        'When an outage lasts more than three minutes, the SEC requires the DCC to send a Power Outage Alert ' +
        'to the DNO within the following 60 seconds, and a Power Restoration Alert within 60 seconds once ' +
        'supply returns. The DCC cannot meet these timings today and has been discussing with DNOs what they ' +
        'really need.',
      latestUpdate:
        'Presented to the CSC for initial discussion on 19 November 2019. The DCC is gathering information ' +
        'on what its Communications Service Providers can deliver.',
      impactedCategories: ['electricity-network', 'dcc'],
      documentsAffected: ['Section H'],
      problemStatement: [
        { on: '2019-11-05', body: problemStatement(ps096) },
        {
          on: '2019-11-15',
          body: problemStatement({
            ...ps096,
            links: 'None identified. The current capabilities of the Communications Service Providers will be researched.',
          }),
        },
      ],
      steps: [{ action: 'present-to-csc-initial', on: '2019-11-19' }],
      documents: [],
    },
    {
      number: 97,
      title: 'Improving SMETS2 Meter Installs for New Connections',
      slug: 'improving-smets2-meter-installs-for-new-connections',
      proposer: 'David Walsh',
      organisation: 'DCC',
      leadAnalyst: 'Ali Beard',
      raisedOn: '2019-11-20',
      summary:
        'Before installing a smart meter at a New Connection, the Supplier must confirm SM WAN coverage using ' +
        'the Coverage Database. A newly released postcode may not be in the database yet, giving a "no ' +
        'premises found" result that Appendix H does not cater for.',
      latestUpdate:
        'Raised on 20 November 2019. It will be presented to the CSC for initial discussion at its next meeting.',
      impactedCategories: ['large-supplier', 'small-supplier', 'dcc'],
      documentsAffected: ['Appendix H "CH Handover Support Materials"'],
      problemStatement: [{ on: '2019-11-20', body: problemStatement(ps097) }],
      steps: [],
      documents: [],
    },
  ],
};
