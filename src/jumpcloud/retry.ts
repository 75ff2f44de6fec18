import type { Clock, Logger, RetryPolicy } from '../contract';
import { JumpCloudError } from './errors';

export const DEFAULT_RETRY_POLICY: RetryPolicy = { max_attempts: 6, base_delay_ms: 1000, max_delay_ms: 60_000 };

/** Exponential backoff with full jitter: spreads retries of many tenants instead of synchronising them. */
export function backoffDelay(attempt: number, policy: RetryPolicy, random: () => number = Math.random): number {
  const ceiling = Math.min(policy.max_delay_ms, policy.base_delay_ms * 2 ** (attempt - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Retry-After as seconds or an HTTP date, in milliseconds from now. */
export function parseRetryAfter(value: string | undefined, now: number): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+(\.\d+)?\s*$/.test(value)) return Math.round(Number(value) * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/**
 * Runs a request until it succeeds, fails for good, or the retry budget is spent. A server-given
 * Retry-After is honoured but never beyond max_delay_ms, so one tenant cannot park a worker forever.
 */
export async function withRetry<T>(
  attemptRequest: () => Promise<T>,
  options: { policy: RetryPolicy; clock: Clock; logger: Logger; signal?: AbortSignal; what: string },
): Promise<T> {
  const { policy, clock, logger, signal, what } = options;
  for (let attempt = 1; ; attempt++) {
    try {
      return await attemptRequest();
    } catch (error) {
      if (!(error instanceof JumpCloudError) || !error.retryable || signal?.aborted) throw error;
      if (attempt >= policy.max_attempts) {
        throw new JumpCloudError(error.category, `${error.message} (gave up after ${attempt} attempts)`, { status: error.status });
      }
      const delay = Math.min(policy.max_delay_ms, error.retryAfterMs ?? backoffDelay(attempt, policy));
      logger.warn(`${what} failed, retrying`, { category: error.category, status: error.status, attempt, delay_ms: delay, reason: error.message });
      await clock.sleep(delay, signal);
    }
  }
}
