import { parseArgs, type ParseArgsConfig } from 'node:util';
import { redact } from '../log/secrets';

export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;

export class UsageError extends Error {}

/** Command output, always passed through redaction on its way out. */
export const out = (line: string): void => void process.stdout.write(`${redact(line)}\n`);
export const err = (line: string): void => void process.stderr.write(`${redact(line)}\n`);

type Options = NonNullable<ParseArgsConfig['options']>;

export type OptionValues = Record<string, string | boolean | string[] | boolean[] | undefined>;

export function parseOptions<T extends Options>(argv: string[], options: T, required: Array<keyof T & string> = []): OptionValues {
  let parsed;
  try {
    parsed = parseArgs({ args: argv, options, strict: true, allowPositionals: false });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  for (const name of required) {
    if ((parsed.values as OptionValues)[name] === undefined) throw new UsageError(`--${name} is required`);
  }
  return parsed.values as OptionValues;
}
