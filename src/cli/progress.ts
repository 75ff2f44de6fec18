import type { Progress } from '../contract';
import { windowPercent } from '../collect/progress';

const LOG_EVERY_MS = 10_000;
const BAR_WIDTH = 24;

/**
 * Backfill progress: a bar redrawn in place on a terminal, a plain line every few seconds otherwise
 * (log files and journald should not fill with carriage returns).
 */
export function progressReporter(label: string, stream: NodeJS.WriteStream = process.stderr): { update(p: Progress): void; done(): void } {
  const started = Date.now();
  let lastLine = 0;
  let drawn = false;
  return {
    update(progress) {
      const pct = windowPercent(progress);
      const rate = Math.round(progress.events / Math.max((Date.now() - started) / 1000, 0.001));
      if (stream.isTTY) {
        const filled = Math.round((pct / 100) * BAR_WIDTH);
        stream.write(`\r${label} [${'#'.repeat(filled)}${'.'.repeat(BAR_WIDTH - filled)}] ${pct.toFixed(0).padStart(3)}%  ${progress.events} events  ${rate}/s `);
        drawn = true;
      } else if (Date.now() - lastLine >= LOG_EVERY_MS) {
        lastLine = Date.now();
        stream.write(`${label}: ${progress.events} events, ${pct.toFixed(0)}% of the window, ${rate} events/s, at ${progress.position}\n`);
      }
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
}
