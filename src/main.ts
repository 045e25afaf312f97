// Entry point of the `secretariat` command and of `npm start`.
import { runCli } from './cli.js';

// Output piped into a reader that stops early (`secretariat paper … | head`): the rest has nowhere
// to go, so the command ends there, quietly and successfully, as Unix tools do.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
}

// The exit code is set, not forced: the process ends once its output is written and `serve`,
// if that was the command, has closed its server and database.
process.exitCode = await runCli(process.argv.slice(2));
