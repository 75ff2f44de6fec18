import { toRfc3339Millis } from '../normalize/timestamp';

/**
 * Epoch milliseconds of an RFC 3339 timestamp (NaN when it is not one). Fractions beyond the
 * millisecond (mdm sends nanoseconds) are cut, exactly as @timestamp cuts them, so the cursor and the
 * output agree on which millisecond an event belongs to.
 */
export function epochMs(timestamp: unknown): number {
  const canonical = toRfc3339Millis(timestamp);
  return canonical === undefined ? Number.NaN : Date.parse(canonical);
}

export function isoMs(epoch: number): string {
  return new Date(epoch).toISOString();
}
