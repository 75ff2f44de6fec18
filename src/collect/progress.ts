import type { Progress } from '../contract';
import { epochMs } from './time';

/** How far into its time window a poll is, 0..100. */
export function windowPercent(progress: Progress): number {
  const start = epochMs(progress.window_start);
  const span = epochMs(progress.window_end) - start;
  return span > 0 ? Math.min(100, Math.max(0, ((epochMs(progress.position) - start) / span) * 100)) : 100;
}
