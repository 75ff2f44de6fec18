import { planWindow, RETENTION_MS } from '../../src/collect/window';
import { validate } from '../../src/config/validate';
import { deviceForm } from '../support/devices';

const config = validate(deviceForm({}, { lookback: '24h', settle_delay: '60s' })).device!.config;
const now = Date.parse('2026-12-04T12:00:00.000Z');

describe('planWindow', () => {
  test('first run reads the lookback up to now − settle_delay', () => {
    expect(planWindow(null, config, now)).toEqual({
      cursor: { since: '2026-12-03T12:00:00.000Z', seen_ids: [] },
      startMs: now - 86_400_000,
      endMs: now - 60_000,
      warnings: [],
    });
  });

  test('later runs continue from the cursor', () => {
    const window = planWindow({ since: '2026-12-04T11:30:00.000Z', seen_ids: ['x'] }, config, now);
    expect(window?.cursor).toEqual({ since: '2026-12-04T11:30:00.000Z', seen_ids: ['x'] });
    expect(window?.endMs).toBe(now - 60_000);
  });

  test.each([
    ['cursor inside the settle delay', '2026-12-04T11:59:30.000Z'],
    ['cursor exactly at now − settle_delay', '2026-12-04T11:59:00.000Z'],
    ['cursor in the future (clock skew)', '2026-12-04T13:00:00.000Z'],
  ])('%s: nothing to do, no inverted window', (_name, since) => {
    expect(planWindow({ since, seen_ids: [] }, config, now)).toBeUndefined();
  });

  test('a checkpoint older than retention resumes at the oldest data with a warning', () => {
    const window = planWindow({ since: '2026-06-01T00:00:00.000Z', seen_ids: ['a'] }, config, now);
    expect(window?.startMs).toBe(now - RETENTION_MS + 60_000);
    expect(window?.cursor.seen_ids).toEqual([]);
    expect(window?.warnings[0]).toMatch(/older than JumpCloud's 90-day retention.*lost/);
  });
});
