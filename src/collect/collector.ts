import type { Clock, CollectContext, CollectResult, NormalizedDevice, OutputRecord } from '../contract';
import { DirectoryInsightsClient, type EventQuery } from '../jumpcloud/client';
import { silentLogger } from '../log/logger';
import { eventId } from '../normalize/event-id';
import { normalize } from '../normalize/normalize';
import { systemClock } from './clock';
import { CursorTracker } from './cursor';
import { epochMs, isoMs } from './time';
import { planWindow } from './window';

/**
 * The collect hook: reads Directory Insights from the cursor up to now − settle_delay, one page at a
 * time, and hands each page to ctx.emit with the cursor that covers it. It holds at most one page in
 * memory and never writes state itself: the runtime persists a cursor only after its batch is durable.
 */
export async function collect(device: NormalizedDevice, ctx: CollectContext): Promise<CollectResult> {
  const logger = ctx.logger ?? silentLogger;
  const clock: Clock = ctx.clock ?? systemClock;
  const window = planWindow(ctx.cursor, device.config, clock.now());
  if (!window) {
    const cursor = ctx.cursor ?? { since: isoMs(clock.now() - device.config.settle_delay_ms), seen_ids: [] };
    return { cursor, events: 0, warnings: [], aborted: false };
  }
  for (const warning of window.warnings) logger.warn(warning, { device: device.device_name });

  const tracker = new CursorTracker(window.cursor, window.startMs);
  const query: EventQuery = {
    service: device.config.services,
    start_time: window.cursor.since,
    end_time: isoMs(window.endMs),
    limit: device.config.page_size,
    sort: 'ASC',
  };
  const client = new DirectoryInsightsClient(device, { logger, clock, retry: ctx.retry, signal: ctx.signal });
  const context = { device_name: device.device_name, org_id: device.config.org_id };
  let events = 0;
  let newest: string | undefined;
  /**
   * One page: fetch, normalize, emit. Returns the search_after of the next page, or undefined after the last.
   * A function of its own so that nothing of a page stays reachable once it returns: locals of the loop in
   * collect() itself would stay alive in its suspended frame while the next page downloads (two pages in memory).
   */
  const collectPage = async (searchAfter: unknown[] | undefined): Promise<unknown[] | undefined> => {
    const page = await client.eventsPage(query, searchAfter);
    const records: OutputRecord[] = [];
    for (const event of page.events) {
      const timestampMs = epochMs(event.timestamp);
      const id = eventId(event);
      if (!tracker.accept(id, timestampMs)) continue;
      records.push(normalize(event, context, id));
    }
    const last = page.events[page.events.length - 1];
    if (last && typeof last.timestamp === 'string') newest = last.timestamp;
    if (!page.mayHaveMore) tracker.completeUpTo(window.endMs);
    events += records.length;
    await ctx.emit({ records, cursor: tracker.snapshot(), ...(newest ? { newest_event_time: newest } : {}) });
    ctx.onProgress?.({
      events,
      window_start: query.start_time,
      window_end: query.end_time,
      position: newest ?? query.start_time,
    });
    if (!page.mayHaveMore) return undefined;
    if (!page.searchAfter) {
      logger.warn('JumpCloud sent no X-Search_after header on a full page; the next poll continues from the cursor', { device: device.device_name });
      return undefined;
    }
    return page.searchAfter;
  };
  try {
    let searchAfter: unknown[] | undefined;
    for (;;) {
      if (ctx.signal?.aborted) return { cursor: tracker.snapshot(), events, warnings: window.warnings, newest_event_time: newest, aborted: true };
      searchAfter = await collectPage(searchAfter);
      if (searchAfter === undefined) break;
    }
  } finally {
    client.close();
  }
  return { cursor: tracker.snapshot(), events, warnings: window.warnings, newest_event_time: newest, aborted: false };
}
