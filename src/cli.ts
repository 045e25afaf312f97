// The `secretariat` command. Each subcommand calls the same service functions as the web and API.
// `runCli` takes its environment and output streams as arguments and returns the exit code, so the
// command runs the same in its own process (main.ts) and inside a test. What only some commands use
// (backups, the demo, export and import, papers, the change feed, organisations, invitations) is
// imported by those commands, so that a command starts quickly with only what it needs.
import fs from 'node:fs';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { Command, CommanderError, InvalidArgumentError } from 'commander';
import { ConfigError, isLoopbackHost, loadConfig, publicBaseUrlFor, type Config } from './config.js';
import { buildServer, contextFromConfig, migrations, startSubscribers } from './app.js';
import { migrate } from './platform/db/migrate.js';
import { filesFolderFor } from './platform/files/store.js';
import { DomainError } from './platform/errors.js';
import type { ServiceContext } from './modules/context.js';
import { SYSTEM_ACCOUNT } from './modules/accounts/accounts.js';
import { addUser, createToken } from './modules/accounts/service.js';
import { listOutbox, outboxCounts, type OutboxStatus } from './modules/mail/outbox.js';
import { drainOutbox } from './modules/mail/subscriber.js';
import type { MailSettings } from './platform/mail/mail.js';
import { eventView } from './platform/events/view.js';
import type { Dispatcher } from './platform/events/dispatch.js';
import type { HttpServer } from './platform/http/server.js';
import * as proposals from './modules/proposals/service.js';
import { detailView, summaryView } from './modules/proposals/views.js';
import { reindexSearch } from './modules/search/service.js';
import type { VoteDetail } from './modules/votes/service.js';
import { formatDate, formatDateTime } from './process/dates.js';
import { findState } from './process/workflow.js';

/** Where output goes: process.stdout and process.stderr, or a test's buffers. */
export interface Writer {
  write(chunk: string | Uint8Array): unknown;
}

export interface CliIo {
  /** The environment the configuration is read from (default process.env). */
  env?: NodeJS.ProcessEnv;
  stdout?: Writer;
  stderr?: Writer;
  /**
   * Stops `serve` as SIGTERM does. Without it, `serve` stops on SIGTERM or SIGINT to this process;
   * with it, the process's signals are left alone (a test must not take them over).
   */
  signal?: AbortSignal;
}

interface Io {
  env: NodeJS.ProcessEnv;
  out: Writer;
  err: Writer;
  signal?: AbortSignal;
  /** A line to standard output. */
  print: (text: string) => void;
  /** A line to standard error. */
  warn: (text: string) => void;
}

function ioOf(given: CliIo): Io {
  const out = given.stdout ?? process.stdout;
  const err = given.stderr ?? process.stderr;
  const line = (w: Writer) => (text: string) => { w.write(text.endsWith('\n') ? text : `${text}\n`); };
  return { env: given.env ?? process.env, out, err, signal: given.signal, print: line(out), warn: line(err) };
}

async function withContext<T>(io: Io, fn: (ctx: ServiceContext, config: Config) => Promise<T>, options: { migrate?: boolean } = {}): Promise<T> {
  const config = loadConfig(io.env);
  const ctx = await contextFromConfig(config, { migrate: options.migrate });
  try {
    return await fn(ctx, config);
  } finally {
    await ctx.db.close();
  }
}

function collectSet(value: string, previous: Record<string, string>): Record<string, string> {
  const i = value.indexOf('=');
  if (i <= 0) throw new InvalidArgumentError(`"${value}" is not field=value.`);
  return { ...previous, [value.slice(0, i).trim()]: value.slice(i + 1) };
}

function port(value: string): number {
  const n = Number(value);
  if (!/^\d+$/.test(value) || n > 65535) throw new InvalidArgumentError('must be a port number.');
  return n;
}

const mailSettings = (config: Config): MailSettings => ({ smtpUrl: config.smtpUrl, from: config.mailFrom });

/** Resolves when `serve` should stop: on the caller's signal, else on SIGTERM or SIGINT. */
function stopRequest(signal: AbortSignal | undefined): { stopped: Promise<void>; forget: () => void } {
  let forget = () => {};
  const stopped = new Promise<void>((resolve) => {
    if (signal) {
      const abort = () => resolve();
      if (signal.aborted) resolve();
      else signal.addEventListener('abort', abort, { once: true });
      forget = () => signal.removeEventListener('abort', abort);
      return;
    }
    forget = () => {
      process.off('SIGTERM', stop);
      process.off('SIGINT', stop);
    };
    const stop = () => {
      forget();
      resolve();
    };
    process.once('SIGTERM', stop);
    process.once('SIGINT', stop);
  });
  return { stopped, forget };
}

/** How long after listening `serve` refreshes SQLite's planner statistics: its first answers come first. */
const OPTIMIZE_AFTER_LISTEN_MS = 1000;

/** Runs the web site and API until asked to stop, then closes the server, the subscribers' worker and the database. */
async function serve(io: Io, options: { port?: number }): Promise<void> {
  // --port is PORT for this run, so links made without PUBLIC_BASE_URL name the port it listens on.
  const config = loadConfig(options.port === undefined ? io.env : { ...io.env, PORT: String(options.port) });
  // Nothing that grows with the register runs before the server listens: SQLite's planner
  // statistics are refreshed just after.
  const ctx = await contextFromConfig(config, { deferOptimize: true });
  let app: HttpServer | undefined;
  let optimizing: NodeJS.Timeout | undefined;
  let dispatcher: Dispatcher | undefined;
  let request: ReturnType<typeof stopRequest> | undefined;
  try {
    const { loadDemo, registerIsEmpty } = await import('./demo/load.js');
    if (config.isDefaultDatabase && await registerIsEmpty(ctx)) {
      const { DEMO_PASSWORD, demoAccounts } = await import('./demo/accounts.js');
      const n = await loadDemo(ctx);
      io.warn(`Loaded the demo register (${n} changes) into ${config.database.location}.`);
      io.warn(`Demo sign-in: ${demoAccounts.map((a) => `${String(a.email)} (${String(a.role)})`).join(', ')}; password "${DEMO_PASSWORD}".`);
    }
    app = await buildServer(ctx, { logger: io.env.LOG_REQUESTS === '1', oidc: config.oidc, requestTimeoutMs: config.requestTimeoutMs });
    // This instance's worker for the event stream's subscribers (mail among them): every instance runs
    // one, and each subscriber is worked by one instance at a time.
    dispatcher = startSubscribers(ctx, { onError: (error) => io.warn(`Subscribers: ${(error as Error).message}`) });
    // Asked before listening, so a SIGTERM while the port opens stops it too.
    request = stopRequest(io.signal);
    const address = await app.listen({ port: config.port, host: config.host });
    optimizing = setTimeout(() => {
      try {
        ctx.db.optimize();
      } catch (error) {
        io.warn(`Refreshing the database's planner statistics failed: ${(error as Error).message}`);
      }
    }, OPTIMIZE_AFTER_LISTEN_MS);
    optimizing.unref();
    ctx.listeningPort = Number(new URL(address).port);
    if (!config.publicBaseUrlSet) {
      // Links name the address it really listens on (port 0 picks one), as the command line's do for PORT.
      ctx.publicBaseUrl = publicBaseUrlFor(config, Number(new URL(address).port));
      if (!isLoopbackHost(config.host)) {
        io.warn(`PUBLIC_BASE_URL is not set, so links in papers, mail and the API name ${ctx.publicBaseUrl}, the address this server listens on, which may not be the one people reach it at (a proxy, a name, https). Set PUBLIC_BASE_URL to that address.`);
      }
    }
    io.warn(`Secretariat is serving ${config.database.kind === 'sqlite' ? `SQLite ${config.database.location}` : 'PostgreSQL'} at ${address.replace('0.0.0.0', 'localhost')}`);
    if (!config.smtpUrl) io.warn('Mail: SMTP_URL is not set, so mail is kept in the outbox (`secretariat outbox`).');
    await request.stopped;
  } finally {
    request?.forget();
    clearTimeout(optimizing);
    await app?.close();
    await dispatcher?.stop();
    await ctx.db.close();
  }
}

/** Gives a command and every subcommand under it the same output and exit handling. */
function configure(command: Command, io: Io): void {
  command.exitOverride().configureOutput({ writeOut: (s) => io.out.write(s), writeErr: (s) => io.err.write(s) });
  for (const sub of command.commands) configure(sub, io);
}

/**
 * Runs the command line (`argv` as a user typed it, without `node` and the script) and returns its
 * exit code: 0, 1 for a refusal, a failure or a usage error (as commander reports it), 78 for a
 * bad setting. Nothing in it exits the process.
 */
export async function runCli(argv: string[], given: CliIo = {}): Promise<number> {
  const io = ioOf(given);
  const program = buildCli(given);
  try {
    await program.parseAsync(argv, { from: 'user' });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof ConfigError) {
      io.warn(`Configuration error: ${error.message}`);
      return 78;
    }
    return reportError(error, io.err);
  }
}

export function buildCli(given: CliIo = {}): Command {
  const io = ioOf(given);
  const { print } = io;
  const program = new Command('secretariat')
    .description('Runs the change process of an industry code: the register, its lifecycle and papers.')
    .showHelpAfterError();

  program.command('serve').description('Start the web site and API')
    .option('--port <n>', 'port to listen on (default PORT or 3000)', port)
    .action((o: { port?: number }) => serve(io, o));

  program.command('migrate').description('Create or update the database schema (never loads data)')
    .action(() => withContext(io, async (ctx, config) => {
      const applied = await migrate(ctx.db, migrations, ctx.profile, { key: ctx.secretKey });
      print(applied.length ? `Applied ${applied.length} migration(s) to ${config.database.kind}: ${applied.join(', ')}` : 'The database is up to date.');
    }, { migrate: false }));

  program.command('demo').description('Load the demo register (refuses if any proposal exists)')
    .action(() => withContext(io, async (ctx) => {
      const { loadDemo } = await import('./demo/load.js');
      const n = await loadDemo(ctx);
      print(`Loaded the demo register: ${n} changes.`);
    }));

  const p = program.command('proposals').description('Read and change the register');

  p.command('list').description('List changes, with filters')
    .option('--stage <ids>', 'state id(s), comma-separated')
    .option('--path <n>', 'path 1, 2 or 3')
    .option('--party-category <id>', "proposer's party category")
    .option('--lead-analyst <name>', 'lead analyst id or name')
    .option('--q <text>', 'text in the title or reference')
    .option('--sort <key>', 'reference, title, raised, updated or state')
    .option('--order <dir>', 'asc or desc')
    .option('--limit <n>', 'page size (default 25)')
    .option('--offset <n>', 'skip this many')
    .option('--json', 'print JSON')
    .action((o) => withContext(io, async (ctx) => {
      const result = await proposals.listProposals(ctx, {
        stage: o.stage, path: o.path, partyCategory: o.partyCategory, leadAnalyst: o.leadAnalyst,
        q: o.q, sort: o.sort, order: o.order, limit: o.limit, offset: o.offset,
      });
      if (o.json) return print(JSON.stringify({ ...result, items: result.items.map((x) => summaryView(ctx, x)) }, null, 2));
      if (result.items.length) {
        for (const line of table(['Reference', 'Stage', 'Raised', 'Title'],
          result.items.map((x) => [x.reference, findState(ctx.profile, x.state).label, formatDate(x.raisedOn), x.title]))) print(line);
      }
      print(`${result.items.length} shown of ${result.total}.`);
    }));

  p.command('show <ref>').description('Show one change with its timeline')
    .option('--json', 'print JSON')
    .action((ref: string, o) => withContext(io, async (ctx) => {
      const detail = await proposals.getProposalDetail(ctx, ref, { viewer: SYSTEM_ACCOUNT });
      if (o.json) return print(JSON.stringify({ ...detailView(ctx, detail), events: detail.events.map(eventView) }, null, 2));
      const x = detail.proposal;
      print(`${x.reference}  ${x.title}`);
      print(`Stage: ${findState(ctx.profile, x.state).label}${x.path ? `   Path ${x.path}` : ''}`);
      print(`Proposer: ${x.proposer?.name ?? '-'}${x.organisation ? ` (${x.organisation.name})` : ''}   Lead analyst: ${x.leadAnalyst?.name ?? '-'}`);
      print(`Raised: ${formatDate(x.raisedOn)}   Page: ${summaryView(ctx, x).url}`);
      print('\nTimeline:');
      for (const e of detail.events) print(`  ${formatDate(e.businessDate).padEnd(17)} ${e.label} (${e.actor.name})`);
      print('\nPossible now:');
      for (const a of detail.actions) print(`  ${a.action.id.padEnd(32)} ${a.action.label}${a.blockedBy ? ` [blocked: ${a.blockedBy}]` : ''}`);
    }));

  p.command('act <ref> <action>').description('Take a lifecycle action, e.g. convert --set path=3 --set route=refinement')
    .option('--set <field=value>', 'an input of the action (repeatable)', collectSet, {})
    .option('--date <yyyy-mm-dd>', 'the business date it happened (default today)')
    .option('--note <text>', 'a note for the timeline')
    .action((ref: string, action: string, o) => withContext(io, async (ctx) => {
      const { businessDate, note, ...inputs } = o.set as Record<string, string>;
      const updated = await proposals.actOnProposal(ctx, SYSTEM_ACCOUNT, ref, {
        action, businessDate: o.date ?? businessDate, note: o.note ?? note, inputs,
      });
      print(`${updated.reference} is now in "${findState(ctx.profile, updated.state).label}".`);
    }));

  p.command('raise').description('Raise a Draft Proposal: --set title=… --set organisation=… …')
    .option('--set <field=value>', 'a field (repeatable)', collectSet, {})
    .action((o) => withContext(io, async (ctx) => {
      const set = o.set as Record<string, string>;
      const created = await proposals.raiseProposal(ctx, SYSTEM_ACCOUNT, {
        ...set,
        impactedCategories: set.impactedCategories, documentsAffected: set.documentsAffected,
      });
      print(`Raised ${created.reference}: ${summaryView(ctx, created).url}`);
    }));

  const repeat = (v: string, prev: string[]) => [...prev, v];

  const consult = program.command('consultations').description('Consultations on a change');
  consult.command('list <ref>').description('List the consultations on a change, with how many organisations have responded')
    .option('--json', 'print JSON')
    .action((ref: string, o) => withContext(io, async (ctx) => {
      const consultations = await import('./modules/consultations/service.js');
      const items = await consultations.listConsultationsOf(ctx, SYSTEM_ACCOUNT, ref);
      if (o.json) {
        return print(JSON.stringify({ items: items.map((d) => ({ ...d.consultation, kindLabel: d.kind.label, responses: d.responses.length })) }, null, 2));
      }
      if (items.length) {
        for (const line of table(['Id', 'Kind', 'Opens', 'Closes', 'Status', 'Responses'], items.map((d) => {
          const c = d.consultation;
          return [c.id, d.kind.label, formatDate(c.opensOn), formatDate(c.closesOn), c.open ? 'open' : `closed ${formatDate(c.closedOn)}`, String(d.responses.length)];
        }))) print(line);
      }
      print(`${items.length} consultation${items.length === 1 ? '' : 's'}.`);
    }));
  consult.command('open <ref>').description('Open a consultation on a change, e.g. --kind refinement --question "Do you agree?"')
    .requiredOption('--kind <id>', `its kind (an id of the process profile, e.g. refinement)`)
    .option('--question <text>', 'a question (repeatable; at least one)', repeat, [] as string[])
    .option('--title <text>', 'its title (default: the kind and the change)')
    .option('--opens <yyyy-mm-dd>', 'the day it opens (default today)')
    .option('--closes <yyyy-mm-dd>', 'the day it closes (default: the kind\'s length in Working Days)')
    .action((ref: string, o) => withContext(io, async (ctx) => {
      const consultations = await import('./modules/consultations/service.js');
      const d = await consultations.openConsultation(ctx, SYSTEM_ACCOUNT, ref, {
        kind: o.kind, questions: o.question, title: o.title, opens: o.opens, closes: o.closes,
      });
      print(`Opened ${d.kind.label} ${d.consultation.id} on ${d.change.reference}: ${formatDate(d.consultation.opensOn)} to ${formatDate(d.consultation.closesOn)}.`);
    }));
  consult.command('close <id>').description('Close a consultation now: its published responses are collated into a document of the change')
    .action((id: string) => withContext(io, async (ctx) => {
      const consultations = await import('./modules/consultations/service.js');
      const d = await consultations.closeConsultation(ctx, SYSTEM_ACCOUNT, id);
      print(`Closed ${d.kind.label} ${d.consultation.id} on ${d.change.reference} (${d.responses.length} response${d.responses.length === 1 ? '' : 's'}); `
        + `${d.consultation.documentIds.length} collated document${d.consultation.documentIds.length === 1 ? '' : 's'} attached.`);
    }));

  const vote = program.command('votes').description('Change Board votes');
  const printVote = (ctx: ServiceContext, d: VoteDetail) => {
    const v = d.vote;
    print(`Change Board vote ${v.id} on ${v.reference}: ${v.status === 'open' ? `open since ${formatDate(v.openedOn)}` : `closed ${formatDate(v.closedOn)}, outcome ${v.outcome ?? 'none'}`}`);
    for (const o of d.result.options) {
      print(`  ${o.key.padEnd(16)} ${o.title}: ${o.approving} of ${o.counted} counted groups approve, ${o.needed} needed; ${o.passes ? 'passes' : 'does not pass'}`);
    }
    const carried = v.status === 'counted' ? v.carried : d.result.carried;
    print(`${v.status === 'counted' ? 'Carried' : 'Carried as it stands'}: ${v.options.find((x) => x.key === carried)?.title ?? 'no option'}`);
    print(`Ballots: ${d.ballots?.length ?? 0} of ${d.roll.length} voting members.`);
    if (v.status === 'counted' && v.action) print(`Drove: ${ctx.profile.actions.find((a) => a.id === v.action)?.eventLabel ?? v.action}.`);
  };
  vote.command('show <id>').description('Show a vote: its options, the tally by voting group and the ballots cast')
    .action((id: string) => withContext(io, async (ctx) => {
      const votes = await import('./modules/votes/service.js');
      printVote(ctx, await votes.getVote(ctx, SYSTEM_ACCOUNT, id));
    }));
  vote.command('open <ref>').description('Open the Change Board\'s vote on a change at the Change Board')
    .option('--alternative <title>', 'an alternative solution (repeatable)', repeat, [] as string[])
    .option('--date <yyyy-mm-dd>', 'the day it opened (default today)')
    .action((ref: string, o) => withContext(io, async (ctx) => {
      const votes = await import('./modules/votes/service.js');
      const d = await votes.openVote(ctx, SYSTEM_ACCOUNT, ref, {
        alternatives: (o.alternative as string[]).map((title) => ({ title })), businessDate: o.date,
      });
      print(`Opened Change Board vote ${d.vote.id} on ${d.vote.reference} (${d.vote.options.map((x) => x.title).join('; ')}).`);
    }));
  vote.command('close <id>').description('Close a vote: its result drives the change\'s lifecycle and its record is published')
    .option('--date <yyyy-mm-dd>', 'the day it closed (default today)')
    .option('--note <text>', 'a note for the timeline')
    .action((id: string, o) => withContext(io, async (ctx) => {
      const votes = await import('./modules/votes/service.js');
      printVote(ctx, await votes.closeVote(ctx, SYSTEM_ACCOUNT, id, { businessDate: o.date, note: o.note }));
    }));

  program.command('authority-decision <ref>').description('Record the Authority\'s decision on a change with the Authority, with its letter')
    .requiredOption('--decision <decision>', 'approve, reject or send-back')
    .option('--date <yyyy-mm-dd>', 'the day of the decision (default today)')
    .option('--letter <file>', 'the decision letter (PDF, Word, ODT, Markdown or plain text); required')
    .option('--title <text>', 'the letter\'s title (default "Authority decision letter")')
    .option('--note <text>', 'a note for the timeline')
    .action((ref: string, o) => withContext(io, async (ctx) => {
      if (o.letter && !fs.existsSync(o.letter)) throw new DomainError('NOT_FOUND', `No file at ${o.letter}.`);
      const file = o.letter ? { filename: path.basename(o.letter), mediaType: 'application/octet-stream', bytes: fs.readFileSync(o.letter), truncated: fs.statSync(o.letter).size > ctx.maxUploadBytes } : null;
      const votes = await import('./modules/votes/service.js');
      const r = await votes.recordAuthorityDecision(ctx, SYSTEM_ACCOUNT, ref, { decision: o.decision, decidedOn: o.date, title: o.title, note: o.note, file });
      const moved = await proposals.getProposalDetail(ctx, r.reference, { viewer: SYSTEM_ACCOUNT });
      print(`Recorded the Authority's decision on ${r.reference} (${votes.DECISION_LABELS[r.decision].toLowerCase()}, ${formatDate(r.decidedOn)}); `
        + `it is now in "${findState(ctx.profile, moved.proposal.state).label}". Letter: document ${r.documentId}.`);
    }));

  program.command('export').description('Write the whole register as JSON')
    .requiredOption('--out <file>', 'file to write')
    .action((o) => withContext(io, async (ctx) => {
      const { exportRegister } = await import('./modules/register/service.js');
      fs.writeFileSync(o.out, await exportRegister(ctx));
      print(`Exported the register to ${o.out}.`);
    }));

  program.command('import <file>').description('Load a register export into an empty database')
    .action((file: string) => withContext(io, async (ctx) => {
      if (!fs.existsSync(file)) throw new DomainError('NOT_FOUND', `No file at ${file}.`);
      const { importRegister } = await import('./modules/register/service.js');
      const counts = await importRegister(ctx, fs.readFileSync(file, 'utf8'));
      print(`Imported ${Object.entries(counts).map(([t, n]) => `${n} ${t}`).join(', ')}.`);
    }));

  program.command('backup <file>').description('Copy the whole database to FILE, safely while the server runs (SQLite online backup; pg_dump on PostgreSQL)')
    .option('--force', 'replace FILE if it exists')
    .action(async (file: string, o) => {
      const { backupDatabase } = await import('./platform/db/backup.js');
      const done = await backupDatabase(loadConfig(io.env).database, file, { force: o.force });
      const files = done.files ? `, and ${done.files} kept file${done.files === 1 ? '' : 's'} beside it in ${filesFolderFor(file)}` : '';
      print(`Backed up the ${done.kind === 'sqlite' ? 'SQLite' : 'PostgreSQL'} database to ${file} (${done.bytes} bytes${done.tool ? `, with ${done.tool}` : ''})${files}.`);
    });

  program.command('restore <file>').description('Replace the database with a backup; refuses while the server uses it, and a database with tables unless --force')
    .option('--force', 'replace a database that already holds tables')
    .action(async (file: string, o) => {
      const { restoreDatabase } = await import('./platform/db/backup.js');
      const done = await restoreDatabase(loadConfig(io.env).database, file, { force: o.force, knownMigrations: migrations.map((m) => m.name) });
      print(`Restored ${file} (${done.migrations.length} migrations${done.tool ? `, with ${done.tool}` : ''})${done.replaced ? ', replacing what was there' : ''}.`);
      if (done.migrations.length < migrations.length) print('The backup predates some migrations: the next `secretariat migrate` or `serve` applies them.');
    });

  program.command('paper').description('Write the monthly paper "New Draft Proposals and Modification Proposals" for a committee meeting')
    .requiredOption('--committee <code>', 'committee code, e.g. OPSG')
    .requiredOption('--date <yyyy-mm-dd>', 'the meeting date (the paper\'s printed date)')
    .option('--format <format>', 'md, html, docx or pdf', 'md')
    .option('--out <file>', 'file to write (standard output when omitted)')
    .action((o) => withContext(io, async (ctx) => {
      const { previewPaper } = await import('./modules/papers/service.js');
      const preview = await previewPaper(ctx, { committee: o.committee, date: o.date, format: o.format });
      if (o.out) {
        fs.writeFileSync(o.out, preview.body);
        io.warn(`Wrote ${preview.format} paper to ${o.out}.`);
      } else {
        io.out.write(preview.body);
      }
    }));

  const org = program.command('org').description('Organisations of the directory (Parties and others)');
  org.command('add').description('Add an organisation, e.g. a Party new to the register before raising a change for it')
    .requiredOption('--name <name>', 'its name (unique, whatever its case)')
    .option('--category <id>', 'its party category (an id of the process profile, e.g. large-supplier); none when omitted')
    .action((o) => withContext(io, async (ctx) => {
      const [{ addOrganisation }, { categoryText }] = await Promise.all([import('./modules/accounts/admin-service.js'), import('./modules/directory/service.js')]);
      const added = await addOrganisation(ctx, SYSTEM_ACCOUNT, { name: o.name, partyCategory: o.category });
      print(`Added ${added.name} (${categoryText(ctx, added.partyCategory)}).`);
    }));
  org.command('list').description('List the organisations with their party category')
    .option('--json', 'print JSON')
    .action((o) => withContext(io, async (ctx) => {
      const { categoryText, listAllOrganisations } = await import('./modules/directory/service.js');
      const items = await listAllOrganisations(ctx);
      if (o.json) return print(JSON.stringify({ items }, null, 2));
      if (items.length) for (const line of table(['Name', 'Party category'], items.map((x) => [x.name, categoryText(ctx, x.partyCategory)]))) print(line);
      print(`${items.length} organisation${items.length === 1 ? '' : 's'}.`);
    }));

  const user = program.command('user').description('Users and roles');
  user.command('add').description('Add a user; prints a generated password once unless SECRETARIAT_PASSWORD is set')
    .requiredOption('--email <email>', 'sign-in email')
    .requiredOption('--name <name>', 'full name')
    .requiredOption('--role <role>', 'admin, analyst, member or party')
    .option('--organisation <name>', 'the organisation a Party user acts for')
    .option('--committee <code>', 'a committee a member sits on (repeatable)', (v: string, prev: string[]) => [...prev, v], [] as string[])
    .option('--invite', 'email a link to choose a password (valid 7 days) instead of printing one')
    .action((o) => withContext(io, async (ctx, config) => {
      if (o.invite) {
        const { inviteUser } = await import('./modules/accounts/password-reset.js');
        const invited = await inviteUser(ctx, SYSTEM_ACCOUNT, { email: o.email, name: o.name, role: o.role, organisation: o.organisation, committee: o.committee });
        const sent = await drainOutbox(ctx, mailSettings(config));
        print(`Invited ${invited.email} as ${invited.role}; the link works until ${formatDateTime(invited.expiresAt)}.`);
        if (sent.kept) print('SMTP_URL is not set: the invitation is kept in the outbox; read it with `secretariat outbox --full`.');
        else if (sent.retrying || sent.failed) print('The mail could not be sent yet; the server retries it (see `secretariat outbox`).');
        return;
      }
      const generated = !io.env.SECRETARIAT_PASSWORD;
      const password = io.env.SECRETARIAT_PASSWORD ?? randomBytes(12).toString('base64url');
      const added = await addUser(ctx, SYSTEM_ACCOUNT, {
        email: o.email, name: o.name, role: o.role, organisation: o.organisation, committee: o.committee, password,
      });
      print(`Added ${added.email} as ${added.role}.`);
      if (generated) print(`Password (shown once): ${password}`);
    }));

  program.command('outbox').description('List outgoing mail (newest first); --send delivers what is due now')
    .option('--send', 'send (or, without SMTP_URL, keep) every message that is due, then list')
    .option('--status <status>', 'only pending, sending, sent, failed or kept messages')
    .option('--full', 'print each message\'s text')
    .option('--limit <n>', 'how many (default 50)', '50')
    .action((o) => withContext(io, async (ctx, config) => {
      if (o.send) {
        const r = await drainOutbox(ctx, mailSettings(config));
        print(`Sent ${r.sent}, kept ${r.kept}, to retry ${r.retrying}, failed ${r.failed}.`);
      }
      const messages = await listOutbox(ctx.db.kysely, { status: o.status as OutboxStatus | undefined, limit: Number(o.limit) || 50 });
      for (const m of messages) {
        const mail = m.payload as { to?: string; subject?: string; text?: string };
        print([formatDateTime(m.createdAt).padEnd(26), m.status.padEnd(7), m.kind.padEnd(16), String(mail.to ?? '').padEnd(32), mail.subject ?? ''].join(' '));
        if (m.lastError) print(`    last error (attempt ${m.attempts}): ${m.lastError}`);
        if (o.full && mail.text) print(`${mail.text.replace(/^/gm, '    ')}\n`);
      }
      const counts = await outboxCounts(ctx.db.kysely);
      print(Object.entries(counts).map(([k, n]) => `${n} ${k}`).join(', '));
    }));

  program.command('changes').description('Everything that happened, in order: the change feed, as the built-in administrator reads it')
    .option('--after <cursor>', 'start after this cursor (a cursor or "next" printed before)')
    .option('--limit <n>', 'how many events to print, 1 to 500 (default 100); with --follow, per read')
    .option('--type <types>', 'only these event types, comma-separated (e.g. proposal.action-taken,view.recorded)')
    .option('--follow', 'keep printing events as they are recorded (checks every 2 seconds) until stopped')
    .option('--json', 'one JSON object per line: each event as GET /api/v1/changes gives it')
    .action((o) => withContext(io, async (ctx) => {
      const { FEED_LIMITS, readChanges } = await import('./modules/changes/feed.js');
      const { stopped, forget } = o.follow ? stopRequest(io.signal) : { stopped: new Promise<void>(() => {}), forget: () => {} };
      let done = false;
      void stopped.then(() => { done = true; });
      let after: string | undefined = o.after;
      try {
        for (;;) {
          const page = await readChanges(ctx, SYSTEM_ACCOUNT, { after, limit: o.limit, type: o.type });
          for (const e of page.items) {
            print(o.json ? JSON.stringify(eventView(e))
              : [String(e.position).padStart(7), formatDate(e.businessDate).padEnd(17), e.type.padEnd(28), e.subject.ref.padEnd(12), `${e.label} (${e.actor.name})`].join('  '));
          }
          after = page.next;
          if (!o.follow || done) break;
          // Following: read on at once while pages come full, then wait for what is recorded next.
          if (page.items.length >= Number(o.limit ?? FEED_LIMITS.default)) continue;
          await Promise.race([stopped, new Promise((resolve) => { setTimeout(resolve, 2000).unref(); })]);
          if (done) break;
        }
      } finally {
        forget();
      }
      io.warn(`next: ${after ?? ''}`);
    }));

  const search = program.command('search').description('The search index');
  search.command('reindex').description('Rebuild the search index from the register, its documents and the event stream')
    .action(() => withContext(io, async (ctx) => {
      const r = await reindexSearch(ctx);
      print(`Indexed ${r.changes} change(s) and ${r.documents} document(s): ${r.entries} entries.`);
    }));

  const token = program.command('token').description('API tokens');
  token.command('create').description('Create an API token, printed once (for --user, else the built-in administrator)')
    .requiredOption('--name <name>', 'what the token is for')
    .option('--user <email>', 'the user the token acts for')
    .option('--scope <scope>', 'read or write', 'write')
    .action((o) => withContext(io, async (ctx) => {
      const created = await createToken(ctx, { name: o.name, scope: o.scope, userEmail: o.user });
      print(created.token);
      io.warn(`Token "${created.name}" (${created.scope}) created. It is shown only this once; store it safely.`);
    }));

  configure(program, io);
  return program;
}

/**
 * Rows under a header, each column as wide as its widest cell and two spaces apart; the last column
 * is not padded, so no line ends in spaces.
 */
export function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === cells.length - 1 ? c : c.padEnd(widths[i]))).join('  ');
  return [line(header), ...rows.map(line)];
}

/** Prints a refusal the way a script can read it; returns the exit code. */
export function reportError(error: unknown, stderr: Writer = process.stderr): number {
  const warn = (text: string) => { stderr.write(`${text}\n`); };
  if (error instanceof DomainError) {
    warn(`error ${error.code}: ${error.message}`);
    for (const f of error.details.fields ?? []) warn(`  ${f.field}: ${f.message}`);
    if (error.details.allowed) warn(`  allowed now: ${error.details.allowed.join(', ') || 'none'}`);
    return 1;
  }
  warn(error instanceof Error ? error.message : String(error));
  return 1;
}
