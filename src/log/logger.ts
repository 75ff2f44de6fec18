import * as winston from 'winston';
import type { Logger } from '../contract';
import { redact } from './secrets';

const MESSAGE = Symbol.for('message');

/** Runs last: whatever earlier formats produced, the serialized line leaves without any secret. */
const redactSecrets = winston.format((info) => {
  const line = (info as unknown as Record<symbol, unknown>)[MESSAGE];
  if (typeof line === 'string') (info as unknown as Record<symbol, unknown>)[MESSAGE] = redact(line);
  return info;
});

export type LogLevel = 'error' | 'warn' | 'info' | 'debug';

/** JSON lines on stderr (stdout may carry records), one logger per process. */
export function createLogger(options: { level?: LogLevel; stream?: NodeJS.WritableStream } = {}): Logger {
  const level = options.level ?? ((process.env.ADR_LOG_LEVEL as LogLevel | undefined) || 'info');
  const transport = options.stream
    ? new winston.transports.Stream({ stream: options.stream })
    : new winston.transports.Console({ stderrLevels: ['error', 'warn', 'info', 'debug'] });
  return winston.createLogger({
    level,
    format: winston.format.combine(winston.format.timestamp(), winston.format.errors({ stack: false }), winston.format.json(), redactSecrets()),
    transports: [transport],
  });
}

/** For library use without a runtime logger: says nothing. */
export const silentLogger: Logger = { error() {}, warn() {}, info() {}, debug() {} };
