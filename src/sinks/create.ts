import type { Logger, NormalizedDevice } from '../contract';
import { FileSink } from './file';
import type { Sink } from './sink';
import { StdoutSink } from './stdout';
import { resolveSyslogTarget, SyslogSink } from './syslog';

export interface SinkOptions {
  /** --out on the CLI: a file, whatever the Configuration JSON says. */
  out?: string;
  /** Path prefix of this device's state (e.g. STATE/acme): default output and spools live beside it. */
  stateBase: string;
  logger: Logger;
}

/** The sink a device's Configuration JSON asks for ("output"), NDJSON beside the state by default. */
export function createSink(device: NormalizedDevice, options: SinkOptions): Sink {
  const output = device.config.output;
  if (options.out) return new FileSink(options.out, options.logger);
  if (!output || output.type === 'file') return new FileSink(output?.type === 'file' && output.path ? output.path : `${options.stateBase}.ndjson`, options.logger);
  if (output.type === 'stdout') return new StdoutSink();
  return new SyslogSink(resolveSyslogTarget(output, device.cce_ip), { spoolFile: `${options.stateBase}.spool`, logger: options.logger });
}
