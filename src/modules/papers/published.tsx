// Issued papers for everyone: every version in every format, listed on /papers/, on each committee's
// page and on each meeting's page (sections committees shows without importing papers), and the
// policy that lets a frozen HTML paper keep its own inline style sheet when the site serves it.
import type { FastifyReply } from 'fastify';
import type { ComponentChildren } from 'preact';
import { allowingInlineStyles } from '../../platform/http/security-headers.js';
import { formatDate } from '../../process/dates.js';
import type { CommitteeDef } from '../../process/profile.js';
import type { Actor } from '../accounts/accounts.js';
import { executor, type ServiceContext } from '../context.js';
import type { MeetingOnPage } from '../manifest.js';
import { PAPER_FORMATS, type PaperFormat } from './formats.js';
import * as repo from './repository.js';

/** How a format is named to a reader, in the order links are listed. */
export const FORMAT_LABELS: Record<PaperFormat, string> = { html: 'HTML', pdf: 'PDF', docx: 'Word', md: 'Markdown' };
const LINK_ORDER: PaperFormat[] = ['html', 'pdf', 'docx', 'md'];

/** The response's policy, allowing exactly the inline style sheets of this HTML document. */
export function paperCsp(reply: FastifyReply, document: Buffer | string): string {
  const text = typeof document === 'string' ? document : document.toString('utf8');
  const styles = [...text.matchAll(/<style[^>]*>([\s\S]*?)<\/style>/gi)].map((m) => m[1]);
  return allowingInlineStyles(String(reply.getHeader('content-security-policy') ?? ''), styles);
}

export interface IssuedPaper {
  id: string;
  committee: string;
  date: string;
  /** Newest first. */
  versions: { number: number; issuedAt: string; files: { format: PaperFormat; href: string; size: number }[] }[];
}

export const issuedFilePath = (paperId: string, version: number, format: string) =>
  `/api/v1/papers/${encodeURIComponent(paperId)}/versions/${version}/${format}`;

/** Issued papers (every version, every format), newest meeting first; for one committee or one meeting if asked. */
export async function listIssuedPapers(ctx: ServiceContext, filter: { committee?: string; date?: string } = {}): Promise<IssuedPaper[]> {
  const rows = await repo.listIssuedFiles(executor(ctx), filter);
  const papers = new Map<string, IssuedPaper>();
  for (const r of rows) {
    const paper = papers.get(r.id) ?? { id: r.id, committee: r.committee_code, date: r.date, versions: [] };
    papers.set(r.id, paper);
    const number = Number(r.number);
    let version = paper.versions.find((v) => v.number === number);
    if (!version) {
      version = { number, issuedAt: r.issued_at, files: [] };
      paper.versions.push(version);
    }
    if ((PAPER_FORMATS as readonly string[]).includes(r.format)) {
      version.files.push({ format: r.format as PaperFormat, href: issuedFilePath(r.id, number, r.format), size: Number(r.size) });
    }
  }
  for (const paper of papers.values()) {
    for (const v of paper.versions) v.files.sort((a, b) => LINK_ORDER.indexOf(a.format) - LINK_ORDER.indexOf(b.format));
  }
  return [...papers.values()];
}

/** "Version 2, issued 3 December 2019: HTML, PDF, Word, Markdown", one line per version. */
export function IssuedVersions({ paper, label }: { paper: IssuedPaper; label: string }) {
  return (
    <ul class="paper-versions">
      {paper.versions.map((v) => (
        <li>
          {`Version ${v.number}, issued ${formatDate(v.issuedAt.slice(0, 10))}: `}
          {v.files.map((f, i) => (
            <>{i > 0 ? ', ' : ''}<a href={f.href} download={f.format === 'docx' || f.format === 'md' ? '' : undefined}
              aria-label={`${label}, version ${v.number}, ${FORMAT_LABELS[f.format]}`}>{FORMAT_LABELS[f.format]}</a></>
          ))}
        </li>
      ))}
    </ul>
  );
}

const paperLabel = (ctx: ServiceContext, p: Pick<IssuedPaper, 'committee' | 'date'>) =>
  `${ctx.profile.committees.find((c) => c.code === p.committee)?.shortName ?? p.committee} paper, ${formatDate(p.date)}`;

function IssuedList({ ctx, papers, empty }: { ctx: ServiceContext; papers: IssuedPaper[]; empty: string }) {
  if (papers.length === 0) return <p>{empty}</p>;
  return (
    <ul class="papers">
      {papers.map((p) => <li><strong>{paperLabel(ctx, p)}</strong><IssuedVersions paper={p} label={paperLabel(ctx, p)} /></li>)}
    </ul>
  );
}

/** The committee page's "Papers": every paper issued to the committee. */
export async function committeePapersSection(ctx: ServiceContext, committee: CommitteeDef, _viewer: Actor): Promise<ComponentChildren> {
  const papers = await listIssuedPapers(ctx, { committee: committee.code });
  return (
    <section aria-labelledby="h-papers">
      <h2 id="h-papers">Papers</h2>
      <IssuedList ctx={ctx} papers={papers} empty={`No paper has been issued to the ${committee.shortName} yet.`} />
    </section>
  );
}

/** The meeting page's "Papers": what was issued for this meeting. */
export async function meetingPapersSection(ctx: ServiceContext, meeting: MeetingOnPage, _viewer: Actor): Promise<ComponentChildren> {
  const papers = await listIssuedPapers(ctx, { committee: meeting.committeeCode, date: meeting.date });
  return (
    <section aria-labelledby="h-papers">
      <h2 id="h-papers">Papers</h2>
      <IssuedList ctx={ctx} papers={papers} empty="No paper has been issued for this meeting yet." />
    </section>
  );
}
