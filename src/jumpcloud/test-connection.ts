import type { TestConnectionContext, TestConnectionResult } from '../contract';
import { systemClock } from '../collect/clock';
import { isoMs } from '../collect/time';
import { validate } from '../config/validate';
import { silentLogger } from '../log/logger';
import { redact } from '../log/secrets';
import { DirectoryInsightsClient } from './client';
import { JumpCloudError } from './errors';

/** A test should answer while the admin waits: one retry at most, short pauses. */
const TEST_RETRY = { max_attempts: 2, base_delay_ms: 500, max_delay_ms: 5_000 };

/**
 * The test-connection hook: one cheap real request (events/count over the last minute) that
 * exercises key, Organization ID, region and Directory Insights access at once.
 */
export async function testConnection(input: unknown, ctx: TestConnectionContext = {}): Promise<TestConnectionResult> {
  const clock = ctx.clock ?? systemClock;
  const started = clock.now();
  const latency = (): number => clock.now() - started;
  const checked = validate(input);
  if (!checked.ok || !checked.device) {
    return { status: 'Failed', category: 'config', message: checked.errors.map((e) => e.message).join('; '), latency_ms: latency() };
  }
  const device = checked.device;
  const client = new DirectoryInsightsClient(device, { logger: ctx.logger ?? silentLogger, clock, retry: TEST_RETRY, signal: ctx.signal });
  try {
    const now = clock.now();
    const count = await client.countEvents({ service: device.config.services, start_time: isoMs(now - 60_000), end_time: isoMs(now) });
    return {
      status: 'Connected',
      message: `Connected to JumpCloud Directory Insights at ${client.route} for organization ${device.config.org_id} (${count} event${count === 1 ? '' : 's'} in the last minute)`,
      latency_ms: latency(),
    };
  } catch (error) {
    if (error instanceof JumpCloudError) return { status: 'Failed', category: error.category, message: redact(error.message), latency_ms: latency() };
    return { status: 'Failed', category: 'network', message: redact(`Unexpected failure: ${(error as Error).message}`), latency_ms: latency() };
  } finally {
    client.close();
  }
}
