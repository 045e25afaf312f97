// Entry point of the `secretariat` command and of `npm start`.
import { runCli } from './cli.js';

// The exit code is set, not forced: the process ends once its output is written and `serve`,
// if that was the command, has closed its server and database.
process.exitCode = await runCli(process.argv.slice(2));
