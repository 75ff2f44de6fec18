import type { FailureCategory } from '../contract';

/**
 * A failure talking to JumpCloud, with a message an admin can act on. It never carries the request
 * (headers hold the key), only what was decided about it.
 */
export class JumpCloudError extends Error {
  readonly category: FailureCategory;
  readonly retryable: boolean;
  readonly status?: number;
  readonly retryAfterMs?: number;

  constructor(
    category: FailureCategory,
    message: string,
    options: { retryable?: boolean; status?: number; retryAfterMs?: number } = {},
  ) {
    super(message);
    this.name = 'JumpCloudError';
    this.category = category;
    this.retryable = options.retryable ?? false;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
  }
}

export function isAbortError(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'CanceledError' || (error as { code?: string }).code === 'ERR_CANCELED');
}
