import type { Logger, NormalizedDevice } from '../contract';
import { redactorFor } from '../log/secrets';
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
  const basicCredentials = device.access_id ? `${device.access_id}:${device.secret_key}` : undefined;
  const redactText = redactorFor([device.secret_key, basicCredentials]);
  if (options.out) return new FileSink(options.out, options.logger, redactText);
  if (!output || output.type === 'file') return new FileSink(output?.type === 'file' && output.path ? output.path : `${options.stateBase}.ndjson`, options.logger, redactText);
  if (output.type === 'stdout') return new StdoutSink(redactText);
  return new SyslogSink(resolveSyslogTarget(output, device.cce_ip), { spoolFile: `${options.stateBase}.spool`, logger: options.logger, redact: redactText });
}
