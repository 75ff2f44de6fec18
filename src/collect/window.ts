import type { Cursor, ResolvedConfig } from '../contract';
import { epochMs, isoMs } from './time';

/** JumpCloud keeps Directory Insights events for 90 days (some plans only ~15). */
export const RETENTION_MS = 90 * 86_400_000;
/** Start a little inside the retention edge, so the API still has the first minute we ask for. */
const RETENTION_MARGIN_MS = 60_000;

export interface CollectionWindow {
  cursor: Cursor;
  startMs: number;
  endMs: number;
  warnings: string[];
}

/**
 * The time window of one poll: from the cursor (or lookback on the first run) to now − settle_delay.
 * Returns undefined when there is nothing to do yet: an empty or inverted window never reaches the API.
 */
export function planWindow(cursor: Cursor | null, config: ResolvedConfig, now: number): CollectionWindow | undefined {
  const endMs = now - config.settle_delay_ms;
  const oldestAvailable = now - RETENTION_MS + RETENTION_MARGIN_MS;
  const warnings: string[] = [];
  let current: Cursor = cursor ?? { since: isoMs(Math.max(now - config.lookback_ms, oldestAvailable)), seen_ids: [] };
  if (epochMs(current.since) < oldestAvailable) {
    warnings.push(
      `The checkpoint (${current.since}) is older than JumpCloud's 90-day retention: events between it and ${isoMs(oldestAvailable)} are no longer available upstream and were lost. Collection resumes at the oldest available data.`,
    );
    current = { since: isoMs(oldestAvailable), seen_ids: [] };
  }
  const startMs = epochMs(current.since);
  if (!(startMs < endMs)) return undefined;
  return { cursor: current, startMs, endMs, warnings };
}
