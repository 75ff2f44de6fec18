import { formatDuration, parseDurationSeconds } from '../../src/config/durations';

test.each([
  ['60s', 60],
  ['5m', 300],
  ['24h', 86_400],
  ['90d', 7_776_000],
  [45, 45],
  [' 2m ', 120],
])('parseDurationSeconds(%j) = %i', (input, seconds) => expect(parseDurationSeconds(input)).toBe(seconds));

test.each(['1w', '5 m', '-5s', 1.5, -1, '', null, '10'])('parseDurationSeconds(%j) is undefined', (input) => expect(parseDurationSeconds(input)).toBeUndefined());

test.each([
  [86_400, '1d'],
  [7_776_000, '90d'],
  [3_600, '1h'],
  [90, '90s'],
  [600, '10m'],
])('formatDuration(%i) = %s', (seconds, text) => expect(formatDuration(seconds)).toBe(text));
