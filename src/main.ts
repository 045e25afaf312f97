// Entry point of the `secretariat` command and of `npm start`.
import { ConfigError } from './config.js';
import { buildCli, reportError } from './cli.js';

try {
  await buildCli().parseAsync(process.argv);
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(`Configuration error: ${error.message}`);
    process.exit(78);
  }
  reportError(error);
}
