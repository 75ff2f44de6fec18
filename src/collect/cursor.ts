import type { Cursor } from '../contract';
import { isoMs } from './time';

/**
 * Tracks what has been delivered, in the order the API returns events (ascending time). Events that
 * share the cursor's millisecond are told apart by id, so an inclusive start_time never repeats them
 * and a page boundary inside a run of equal timestamps loses nothing.
 */
export class CursorTracker {
  private sinceMs: number;
  private seen: Set<string>;

  constructor(cursor: Cursor, sinceMs: number) {
    this.sinceMs = sinceMs;
    this.seen = new Set(cursor.seen_ids);
  }

  /** Records the event and says whether it is new; an already delivered one returns false. */
  accept(id: string, timestampMs: number): boolean {
    if (timestampMs < this.sinceMs) return false;
    if (timestampMs > this.sinceMs) {
      this.sinceMs = timestampMs;
      this.seen = new Set([id]);
      return true;
    }
    if (this.seen.has(id)) return false;
    this.seen.add(id);
    return true;
  }

  /** The whole window up to endMs has been read: the next poll may start there. */
  completeUpTo(endMs: number): void {
    if (endMs > this.sinceMs) {
      this.sinceMs = endMs;
      this.seen = new Set();
    }
  }

  snapshot(): Cursor {
    return { since: isoMs(this.sinceMs), seen_ids: [...this.seen] };
  }
}
