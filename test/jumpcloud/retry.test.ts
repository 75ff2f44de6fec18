import type { Clock } from '../../src/contract';
import { JumpCloudError } from '../../src/jumpcloud/errors';
import { backoffDelay, parseRetryAfter, withRetry } from '../../src/jumpcloud/retry';
import { silentLogger } from '../../src/log/logger';

function fakeClock(): Clock & { slept: number[] } {
  const slept: number[] = [];
  return { slept, now: () => 0, sleep: async (ms) => void slept.push(ms) };
}

const policy = { max_attempts: 4, base_delay_ms: 100, max_delay_ms: 1000 };

describe('withRetry', () => {
  test('retries transient failures with growing, jittered delays, then succeeds', async () => {
    const clock = fakeClock();
    let calls = 0;
    const result = await withRetry(
      async () => {
        if (++calls < 4) throw new JumpCloudError('server', 'HTTP 503', { retryable: true });
        return 'ok';
      },
      { policy, clock, logger: silentLogger, what: 'events' },
    );
    expect(result).toBe('ok');
    expect(clock.slept).toHaveLength(3);
    expect(clock.slept[0]).toBeGreaterThanOrEqual(50);
    expect(clock.slept[0]).toBeLessThanOrEqual(100);
    expect(clock.slept[2]).toBeGreaterThanOrEqual(200);
    expect(clock.slept[2]).toBeLessThanOrEqual(400);
  });

  test('honours Retry-After, capped at max_delay_ms', async () => {
    const clock = fakeClock();
    let calls = 0;
    await withRetry(
      async () => {
        calls++;
        if (calls === 1) throw new JumpCloudError('rate_limit', '429', { retryable: true, retryAfterMs: 700 });
        if (calls === 2) throw new JumpCloudError('rate_limit', '429', { retryable: true, retryAfterMs: 99_000 });
        return 'ok';
      },
      { policy, clock, logger: silentLogger, what: 'events' },
    );
    expect(clock.slept).toEqual([700, 1000]);
  });

  test('gives up after the budget with the category kept', async () => {
    const clock = fakeClock();
    const attempt = withRetry(
      async () => {
        throw new JumpCloudError('rate_limit', 'JumpCloud rate-limited the request (HTTP 429).', { retryable: true, status: 429 });
      },
      { policy, clock, logger: silentLogger, what: 'events' },
    );
    await expect(attempt).rejects.toMatchObject({ category: 'rate_limit', message: expect.stringMatching(/gave up after 4 attempts/) });
    expect(clock.slept).toHaveLength(3);
  });

  test('does not retry a permanent failure', async () => {
    const clock = fakeClock();
    await expect(withRetry(async () => Promise.reject(new JumpCloudError('auth', 'HTTP 401')), { policy, clock, logger: silentLogger, what: 'x' })).rejects.toMatchObject({ category: 'auth' });
    expect(clock.slept).toEqual([]);
  });
});

test('backoffDelay stays within [ceiling/2, ceiling]', () => {
  expect(backoffDelay(1, policy, () => 0)).toBe(50);
  expect(backoffDelay(3, policy, () => 1)).toBe(400);
  expect(backoffDelay(10, policy, () => 1)).toBe(1000);
});

test('parseRetryAfter reads seconds and HTTP dates', () => {
  expect(parseRetryAfter('3', 0)).toBe(3000);
  expect(parseRetryAfter(new Date(10_000).toUTCString(), 4000)).toBe(6000);
  expect(parseRetryAfter('soon', 0)).toBeUndefined();
  expect(parseRetryAfter(undefined, 0)).toBeUndefined();
});
