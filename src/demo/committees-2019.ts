// Committees of the demo register around the OPSG paper of 26 November 2019: meetings of the CSC,
// the Panel and the OPSG, OPSG's views on the Draft Proposals it reviewed, a few members, the
// paper's author, and the Secretariat's anticipated operational impacts of the new Draft Proposals.
//
// FICTIONAL: the members named below are invented (the seed paper names none), and so are the
// OPSG meeting dates before 26 November 2019 and the views given at them, chosen so that the paper
// of 26 November 2019 reads as the real one does (no operational impact seen in MP085, MP088,
// MP090 and MP093; a potential impact in MP092).
import type { DemoCommittees } from './types.js';

const tuesdays = (dates: string[], title: string) => dates.map((date) => ({ date, title, startTime: '10:00', location: 'Online' }));

export const committees2019: DemoCommittees = {
  members: [
    { committee: 'OPSG', name: 'Morgan Reeve', organisation: 'SECAS', seat: 'Chair', role: 'chair', termStart: '2018-09-01', fictional: true },
    { committee: 'OPSG', name: 'Hannah Pryce', organisation: 'Utilita', seat: 'large-supplier', role: 'member', termStart: '2018-09-01', fictional: true },
    { committee: 'OPSG', name: 'Ravi Sandhu', organisation: 'EDF Energy', seat: 'large-supplier', role: 'member', termStart: '2018-09-01', fictional: true },
    { committee: 'OPSG', name: 'Claire Dunmore', organisation: 'Tallowmere Energy', seat: 'small-supplier', role: 'member', termStart: '2019-01-01', fictional: true },
    { committee: 'OPSG', name: 'Iain Mackie', organisation: 'Northvale Distribution', seat: 'electricity-network', role: 'member', termStart: '2018-09-01', fictional: true },
    { committee: 'OPSG', name: 'Tom Ellery', organisation: 'DCC', seat: 'dcc', role: 'member', termStart: '2018-09-01', fictional: true },
    { committee: 'OPSG', name: 'Nadia Qureshi', organisation: 'Tallowmere Energy', seat: 'small-supplier', role: 'alternate', termStart: '2019-01-01', fictional: true },
    { committee: 'CSC', name: 'Alex Penrose', organisation: 'SECAS', seat: 'Chair', role: 'chair', termStart: '2018-07-01', fictional: true },
    { committee: 'PANEL', name: 'Jo Whitcombe', organisation: 'SECAS', seat: 'Independent Chair', role: 'chair', termStart: '2018-04-01', fictional: true },
  ],
  meetings: [
    ...tuesdays(['2019-06-25', '2019-07-23', '2019-08-27', '2019-09-24', '2019-10-22', '2019-10-29', '2019-11-19'], 'Change Sub-Committee')
      .map((m) => ({ ...m, committee: 'CSC' })),
    ...tuesdays(['2019-06-25', '2019-07-30', '2019-08-27', '2019-09-24', '2019-10-29', '2019-11-26'], 'Operations Group')
      .map((m) => ({ ...m, committee: 'OPSG' })),
    { committee: 'PANEL', date: '2019-10-18', title: 'SEC Panel', startTime: '10:00', location: 'London' },
    { committee: 'PANEL', date: '2019-11-15', title: 'SEC Panel', startTime: '10:00', location: 'London' },
  ],
  views: [
    { number: 85, committee: 'OPSG', on: '2019-06-25', impact: 'none', furtherInput: false, comments: 'No operational impact foreseen.' },
    { number: 88, committee: 'OPSG', on: '2019-07-30', impact: 'none', furtherInput: false, comments: 'A governance matter; no operational impact.' },
    { number: 92, committee: 'OPSG', on: '2019-08-27', impact: 'potential', furtherInput: true,
      comments: 'The group oversaw the trial and wants to comment on the methodology as it is written into the SEC.' },
    { number: 93, committee: 'OPSG', on: '2019-09-24', impact: 'none', furtherInput: false, comments: 'No operational impact foreseen.' },
    { number: 90, committee: 'OPSG', on: '2019-10-29', impact: 'none', furtherInput: false, comments: 'No operational impact foreseen.' },
  ],
  anticipatedImpacts: [
    { number: 94, committee: 'OPSG', text: 'Where the DCC cannot restore SM WAN coverage remotely, a Supplier may have to send an engineer to the premises, which is costly, and poor coverage drives more calls from prepayment customers to their Supplier. We would welcome the OPSG\'s comments on this.' },
    { number: 95, committee: 'OPSG', text: 'We do not expect this change to have operational impacts at this stage, and ask the OPSG to tell us if it sees any.' },
    { number: 96, committee: 'OPSG', text: 'The change looks at the current SEC obligations for outage alerts and at what the Communications Service Providers can do today, so operational impacts are possible. We ask the OPSG to advise.' },
    { number: 97, committee: 'OPSG', text: 'We expect potential operational impacts, as the change aims to remove a barrier to installing meters efficiently at new connections.' },
  ],
  papers: [{ committee: 'OPSG', date: '2019-11-26', author: 'Bradley Baker', team: 'SECAS Team' }],
};
