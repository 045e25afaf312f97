// The `secretariat` command run inside the test process through `runCli`: the same commander
// program, configuration and exit codes as the launcher, without a cold Node.js start per command.
// Only tests of the launcher itself (and of processes that must be separate) spawn it.
import { runCli, type Writer } from '../../src/cli.js';

export type Env = Record<string, string | undefined>;

export interface CliRun {
  code: number;
  out: string;
  err: string;
}

/**
 * The environment a command sees: this process's, without the settings a developer's shell might
 * carry that would point a test at the wrong database, port or mail server.
 */
export const commandEnv = (env: Env = {}): NodeJS.ProcessEnv => ({
  ...process.env, DATABASE_URL: undefined, PORT: undefined, SMTP_URL: undefined, LOG_REQUESTS: undefined, SECRETARIAT_PASSWORD: undefined, ...env,
});

function collector(): { writer: Writer; text: () => string } {
  const chunks: Buffer[] = [];
  return {
    writer: { write: (chunk) => { chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk)); } },
    text: () => Buffer.concat(chunks).toString('utf8'),
  };
}

/** Runs one command to the end; other work in this process (a server's requests) goes on meanwhile. */
export async function cli(args: string[], env: Env = {}): Promise<CliRun> {
  const out = collector();
  const err = collector();
  const code = await runCli(args, { env: commandEnv(env), stdout: out.writer, stderr: err.writer });
  return { code, out: out.text(), err: err.text() };
}

export interface InProcessServe {
  url: string;
  /** What the command has written to standard error so far. */
  stderr: () => string;
  /** Stops it as SIGTERM stops the real command; resolves with its exit code. */
  stop: () => Promise<number>;
}

/** `secretariat serve --port 0` on 127.0.0.1 inside this process, once it says where it listens. */
export async function serveInProcess(env: Env): Promise<InProcessServe> {
  const err = collector();
  const controller = new AbortController();
  let said = '';
  let listening: () => void = () => {};
  const ready = new Promise<void>((resolve) => { listening = resolve; });
  const stderr: Writer = {
    write(chunk) {
      err.writer.write(chunk);
      said = err.text();
      if (/is serving .* at http:\/\/\S+:\d+/.test(said)) listening();
    },
  };
  const exited = runCli(['serve', '--port', '0'], { env: commandEnv({ HOST: '127.0.0.1', ...env }), stderr, signal: controller.signal });
  // A serve that ends before it listens (a refusal, a bad setting) fails the start with its message.
  const early = await Promise.race([ready.then(() => undefined), exited]);
  if (early !== undefined) throw new Error(`serve exited with ${early} before listening: ${err.text()}`);
  const url = /is serving .* at (http:\/\/\S+:\d+)/.exec(said)![1].replace('localhost', '127.0.0.1');
  return {
    url,
    stderr: err.text,
    stop: async () => {
      controller.abort();
      return exited;
    },
  };
}
