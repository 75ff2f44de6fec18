import { CursorTracker } from '../../src/collect/cursor';
import { epochMs } from '../../src/collect/time';

const T = '2026-12-01T10:00:00.000Z';
const t = epochMs(T);

describe('CursorTracker', () => {
  test('events at the cursor millisecond that were delivered are skipped, new ones accepted', () => {
    const tracker = new CursorTracker({ since: T, seen_ids: ['a', 'b'] }, t);
    expect(tracker.accept('a', t)).toBe(false);
    expect(tracker.accept('c', t)).toBe(true);
    expect(tracker.snapshot()).toEqual({ since: T, seen_ids: ['a', 'b', 'c'] });
  });

  test('a later event moves the cursor and resets the ids', () => {
    const tracker = new CursorTracker({ since: T, seen_ids: ['a'] }, t);
    expect(tracker.accept('d', t + 5)).toBe(true);
    expect(tracker.accept('e', t + 5)).toBe(true);
    expect(tracker.snapshot()).toEqual({ since: '2026-12-01T10:00:00.005Z', seen_ids: ['d', 'e'] });
  });

  test('completing the window moves the cursor to its end, unless an event sits exactly there', () => {
    const tracker = new CursorTracker({ since: T, seen_ids: [] }, t);
    tracker.accept('a', t + 1);
    tracker.completeUpTo(t + 60_000);
    expect(tracker.snapshot()).toEqual({ since: '2026-12-01T10:01:00.000Z', seen_ids: [] });
    tracker.accept('b', t + 60_000);
    tracker.completeUpTo(t + 60_000);
    expect(tracker.snapshot()).toEqual({ since: '2026-12-01T10:01:00.000Z', seen_ids: ['b'] });
  });

  test('events older than the cursor are never delivered again', () => {
    const tracker = new CursorTracker({ since: T, seen_ids: [] }, t);
    expect(tracker.accept('old', t - 1)).toBe(false);
  });
});

describe('epochMs', () => {
  test('cuts nanoseconds (mdm) to milliseconds', () => {
    expect(epochMs('2026-03-01T10:00:00.123456789Z')).toBe(Date.parse('2026-03-01T10:00:00.123Z'));
    expect(epochMs('2026-03-01T10:00:00Z')).toBe(Date.parse('2026-03-01T10:00:00.000Z'));
    expect(epochMs('2026-03-01T10:00:00.5+01:00')).toBe(Date.parse('2026-03-01T09:00:00.500Z'));
    expect(epochMs(undefined)).toBeNaN();
  });
});
