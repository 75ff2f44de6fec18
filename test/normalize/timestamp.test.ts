import { toRfc3339Millis } from '../../src/normalize/timestamp';

describe('toRfc3339Millis', () => {
  it.each([
    ['2026-11-14T15:26:03.218Z', '2026-11-14T15:26:03.218Z'],
    ['2019-12-12T20:15:15Z', '2019-12-12T20:15:15.000Z'],
    ['2026-11-14T10:20:05.9Z', '2026-11-14T10:20:05.900Z'],
    ['2026-11-14T10:15:30.123456789Z', '2026-11-14T10:15:30.123Z'],
    // Truncated, not rounded: .9999999 stays in the same millisecond (and second).
    ['2026-12-31T23:59:59.9999999Z', '2026-12-31T23:59:59.999Z'],
    ['2019-04-09T05:01:18+09:30', '2019-04-08T19:31:18.000Z'],
    ['2026-11-14T10:00:00.5-05:00', '2026-11-14T15:00:00.500Z'],
    ['2026-11-14t10:00:00z', '2026-11-14T10:00:00.000Z'],
    ['2026-11-14 10:00:00Z', '2026-11-14T10:00:00.000Z'],
    ['2024-02-29T12:00:00Z', '2024-02-29T12:00:00.000Z'],
  ])('%s → %s', (input, expected) => {
    expect(toRfc3339Millis(input)).toBe(expected);
  });

  it.each([
    ['not a date', 'yesterday'],
    ['no zone', '2026-11-14T10:00:00'],
    ['date only', '2026-11-14'],
    ['month 13', '2026-13-01T00:00:00Z'],
    ['30 February', '2026-02-30T00:00:00Z'],
    ['29 February of a common year', '2025-02-29T00:00:00Z'],
    ['hour 24', '2026-11-14T24:00:00Z'],
    ['leap second', '2016-12-31T23:59:60Z'],
    ['offset hour 24', '2026-11-14T10:00:00+24:00'],
    ['past year 9999 once in UTC', '9999-12-31T23:00:00-05:00'],
    ['empty fraction', '2026-11-14T10:00:00.Z'],
    ['offset without colon', '2026-11-14T10:00:00+0100'],
    ['trailing text', '2026-11-14T10:00:00Z garbage'],
    ['epoch number', 1763112363218],
    ['empty', ''],
    ['missing', undefined],
  ])('%s is not a timestamp', (_, input) => {
    expect(toRfc3339Millis(input)).toBeUndefined();
  });
});
