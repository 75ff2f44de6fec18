import type { DeviceStatus } from './status';
import { CheckpointError } from '../collect/checkpoint';
import { JumpCloudError, isAbortError } from '../jumpcloud/errors';
import { redact } from '../log/secrets';
import { SinkError } from '../sinks/file';

export interface FailureDescription {
  aborted: boolean;
  category: DeviceStatus['category'];
  message: string;
}

/** Any error of a poll, as Collection Status shows it. */
export function describeFailure(error: unknown): FailureDescription {
  if (isAbortError(error)) return { aborted: true, category: undefined, message: 'stopped' };
  if (error instanceof JumpCloudError) return { aborted: false, category: error.category, message: redact(error.message) };
  if (error instanceof CheckpointError) return { aborted: false, category: 'checkpoint', message: redact(error.message) };
  if (error instanceof SinkError) return { aborted: false, category: 'sink', message: redact(error.message) };
  const code = (error as NodeJS.ErrnoException).code;
  return { aborted: false, category: 'sink', message: redact(`${(error as Error).message ?? String(error)}${code ? ` (${code})` : ''}`) };
}
