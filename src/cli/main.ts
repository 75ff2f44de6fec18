#!/usr/bin/env node
import { manifest } from '../manifest';
import * as collect from './commands/collect';
import * as demo from './commands/demo';
import * as runCommand from './commands/run';
import * as serve from './commands/serve';
import * as simulate from './commands/simulate';
import * as status from './commands/status';
import * as testConnection from './commands/test-connection';
import * as validate from './commands/validate';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError, err, out } from './io';

interface Command {
  usage: string;
  run(argv: string[]): Promise<number>;
}

const COMMANDS: Record<string, Command> = {
  validate,
  'test-connection': testConnection,
  collect,
  run: runCommand,
  status,
  serve,
  simulate,
  demo,
};

function help(): string {
  return [
    `adr-addon ${manifest.version}: the ${manifest.name} add-on for ADR (${manifest.description.short})`,
    '',
    'Usage: adr-addon <command> [options]',
    '',
    ...Object.values(COMMANDS).map((command) => `  ${command.usage}`),
    '',
    'Exit codes: 0 ok, 1 runtime failure, 2 usage or validation error.',
  ].join('\n');
}

export async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    out(help());
    return name === undefined ? EXIT_USAGE : EXIT_OK;
  }
  if (name === '--version' || name === '-v') {
    out(manifest.version);
    return EXIT_OK;
  }
  const command = COMMANDS[name];
  if (!command) {
    err(`adr-addon: unknown command "${name}". Run adr-addon --help for the list.`);
    return EXIT_USAGE;
  }
  if (rest.includes('--help') || rest.includes('-h')) {
    out(`Usage: adr-addon ${command.usage}`);
    return EXIT_OK;
  }
  try {
    return await command.run(rest);
  } catch (error) {
    if (error instanceof UsageError) {
      err(`adr-addon ${name}: ${error.message}\nUsage: adr-addon ${command.usage}`);
      return EXIT_USAGE;
    }
    err(`adr-addon ${name}: ${(error as Error).message}`);
    return EXIT_FAILURE;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      err(`adr-addon: ${(error as Error).message}`);
      process.exitCode = EXIT_FAILURE;
    },
  );
}
