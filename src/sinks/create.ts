import type { Logger, NormalizedDevice } from '../contract';
import { FileSink } from './file';
import type { Sink } from './sink';
import { StdoutSink } from './stdout';

/** The sink a device's Configuration JSON asks for; --out on the CLI overrides it with a file. */
export function createSink(device: NormalizedDevice, options: { out?: string; defaultFile: string; logger: Logger }): Sink {
  const output = device.config.output;
  if (options.out) return new FileSink(options.out, options.logger);
  if (!output || output.type === 'file') return new FileSink(output?.type === 'file' && output.path ? output.path : options.defaultFile, options.logger);
  if (output.type === 'stdout') return new StdoutSink();
  throw new Error(`output type ${output.type} is not available in this build`);
}
