const FRACTION = /\.(\d+)/;

/** Epoch milliseconds of an RFC 3339 timestamp; fractions beyond milliseconds (mdm has nanoseconds) are cut. */
export function epochMs(timestamp: unknown): number {
  if (typeof timestamp !== 'string') return Number.NaN;
  const trimmed = timestamp.replace(FRACTION, (_, digits: string) => `.${digits.slice(0, 3).padEnd(3, '0')}`);
  return Date.parse(trimmed);
}

export function isoMs(epoch: number): string {
  return new Date(epoch).toISOString();
}
