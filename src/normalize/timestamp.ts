const CHAR_0 = 48;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isDigitAt(text: string, index: number): boolean {
  const digit = text.charCodeAt(index) - CHAR_0;
  return digit >= 0 && digit <= 9;
}

/** The number written by the digits text[start..end), or -1 if any of them is not a digit. */
function digits(text: string, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    if (!isDigitAt(text, i)) return -1;
    value = value * 10 + text.charCodeAt(i) - CHAR_0;
  }
  return value;
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/** True when text[0..19) is "YYYY-MM-DDTHH:MM:SS" (T, t or space) naming a real calendar second. */
function isValidDateTime(text: string): boolean {
  if (text[4] !== '-' || text[7] !== '-' || text[13] !== ':' || text[16] !== ':') return false;
  const separator = text[10];
  if (separator !== 'T' && separator !== 't' && separator !== ' ') return false;
  const year = digits(text, 0, 4);
  const month = digits(text, 5, 7);
  const day = digits(text, 8, 10);
  const hour = digits(text, 11, 13);
  const minute = digits(text, 14, 16);
  // Leap seconds (:60) are refused: JavaScript dates cannot represent them.
  const second = digits(text, 17, 19);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return false;
  return hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
}

/** The offset suffix "+HH:MM" / "-HH:MM" in minutes east of UTC, or undefined if malformed. */
function offsetMinutes(zone: string): number | undefined {
  if (zone.length !== 6 || zone[3] !== ':' || (zone[0] !== '+' && zone[0] !== '-')) return undefined;
  const hours = digits(zone, 1, 3);
  const minutes = digits(zone, 4, 6);
  if (hours < 0 || hours > 23 || minutes < 0 || minutes > 59) return undefined;
  return (zone[0] === '-' ? -1 : 1) * (hours * 60 + minutes);
}

/**
 * The event time as RFC 3339 UTC with exactly three fractional digits ("2024-05-02T10:15:30.123Z"),
 * or undefined when `value` is not a valid RFC 3339 date-time.
 *
 * Finer fractions (MDM sends nanoseconds) are truncated, not rounded, so that an event never moves
 * into the next millisecond (the collector's cursor works in milliseconds); the full value stays in raw.
 * Offsets are converted to UTC. A uniform format also makes @timestamp sort as text.
 *
 * Hand-parsed rather than regex + Date: this runs for every event, and UTC timestamps (all that
 * JumpCloud sends) need no date arithmetic at all.
 */
export function toRfc3339Millis(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length < 20 || !isValidDateTime(value)) return undefined;

  let zoneStart = 19;
  let millis = '000';
  if (value[19] === '.') {
    zoneStart = 20;
    while (isDigitAt(value, zoneStart)) zoneStart++;
    if (zoneStart === 20) return undefined;
    millis = value.slice(20, Math.min(zoneStart, 23)).padEnd(3, '0');
  }
  const zone = value.slice(zoneStart);

  if (zone === 'Z' || zone === 'z') {
    // Already canonical: the common case, returned as is.
    if (value.length === 24 && zoneStart === 23 && value[10] === 'T' && zone === 'Z') return value;
    return `${value.slice(0, 10)}T${value.slice(11, 19)}.${millis}Z`;
  }
  const offset = offsetMinutes(zone);
  if (offset === undefined) return undefined;
  // Date.parse is exact for this ECMAScript date-time format (4-digit year, 3-digit fraction, Z).
  const localAsUtc = Date.parse(`${value.slice(0, 10)}T${value.slice(11, 19)}.${millis}Z`);
  const iso = new Date(localAsUtc - offset * 60_000).toISOString();
  // An offset can push 9999-12-31 into year 10000 (or 0000 into -1), which RFC 3339 cannot write.
  return iso.length === 24 ? iso : undefined;
}
