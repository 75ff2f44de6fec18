/**
 * RFC 3339 date-time, any fraction length, "Z" or a numeric offset. Compiled once: this runs for
 * every event.
 */
const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?([Zz]|[+-](\d{2}):(\d{2}))$/;

const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return month === 2 && leap ? 29 : DAYS_IN_MONTH[month - 1];
}

/**
 * The event time as RFC 3339 UTC with exactly three fractional digits ("2024-05-02T10:15:30.123Z"),
 * or undefined when `value` is not a valid RFC 3339 date-time.
 *
 * Finer fractions (MDM sends nanoseconds) are truncated, not rounded, so that an event never moves
 * into the next millisecond (the collector's cursor works in milliseconds); the full value stays in raw.
 * Offsets are converted to UTC. A uniform format also makes @timestamp sort as text.
 */
export function toRfc3339Millis(value: unknown): string | undefined {
  if (typeof value !== 'string') return undefined;
  const match = RFC3339.exec(value);
  if (match === null) return undefined;
  const [, year, month, day, hour, minute, second, fraction, zone, offsetHour, offsetMinute] = match;
  const monthNumber = Number(month);
  if (monthNumber < 1 || monthNumber > 12) return undefined;
  if (Number(day) < 1 || Number(day) > daysInMonth(Number(year), monthNumber)) return undefined;
  // Leap seconds (:60) are refused: JavaScript dates cannot represent them.
  if (Number(hour) > 23 || Number(minute) > 59 || Number(second) > 59) return undefined;
  if (offsetHour !== undefined && (Number(offsetHour) > 23 || Number(offsetMinute) > 59)) return undefined;

  const millis = fraction === undefined ? '000' : fraction.slice(0, 3).padEnd(3, '0');
  const offset = zone === 'z' ? 'Z' : zone;
  // Date.parse is exact for this canonical ECMAScript format (4-digit year, 3-digit fraction).
  const epochMs = Date.parse(`${year}-${month}-${day}T${hour}:${minute}:${second}.${millis}${offset}`);
  if (Number.isNaN(epochMs)) return undefined;
  const iso = new Date(epochMs).toISOString();
  // An offset can push 9999-12-31 into year 10000, which RFC 3339 cannot write.
  return iso.length === 24 ? iso : undefined;
}
