import type { Clock, Logger } from '../../src/contract';
import { progressLogger } from '../../src/host/runtime';

test('a long backfill in `run` logs its progress every 10 s, not every page', () => {
  let now = 0;
  const clock: Clock = { now: () => now, sleep: async () => undefined };
  const lines: Array<[string, Record<string, unknown> | undefined]> = [];
  const logger: Logger = { error() {}, warn() {}, debug() {}, info: (message, meta) => void lines.push([message, meta]) };
  const report = progressLogger(logger, 'acme', clock);
  const window = { window_start: '2026-12-04T00:00:00.000Z', window_end: '2026-12-04T10:00:00.000Z' };
  for (let page = 1; page <= 30; page++) {
    now += 1_000;
    report({ events: page * 10_000, position: `2026-12-04T0${Math.floor(page / 4)}:00:00.000Z`, ...window });
  }
  expect(lines).toEqual([
    ['backfill progress', { device: 'acme', events: 100_000, percent: 20, position: '2026-12-04T02:00:00.000Z' }],
    ['backfill progress', { device: 'acme', events: 200_000, percent: 50, position: '2026-12-04T05:00:00.000Z' }],
    ['backfill progress', { device: 'acme', events: 300_000, percent: 70, position: '2026-12-04T07:00:00.000Z' }],
  ]);
});
