import { type Checked, fail, ok } from './checked';
import { type EventFilter, parseFields, parseSearchTerm, parseTextQuery } from './search';
import { SERVICE_NAMES, isServiceName } from './services';
import { type StoreView, type StoredEvent } from './store';
import { parseRfc3339Ms } from './time';

const DEFAULT_LIMIT = 1000;
const MAX_LIMIT = 10_000;
/** Clocks drift; a start a few seconds ahead of the server is not "in the future". */
const FUTURE_TOLERANCE_MS = 5_000;

const BODY_KEYS = new Set(['service', 'start_time', 'end_time', 'limit', 'sort', 'search_after', 'search_term', 'fields', 'q', 'exact_match', 'skip']);

export type SortOrder = 'ASC' | 'DESC';
export type SearchAfter = [number, string];

/** A validated EventQuery body. */
export interface EventQuery {
  services: string[];
  start_time: string;
  start_ms: number;
  /** Exclusive; Infinity when the body has no end_time. */
  end_ms: number;
  limit: number;
  sort: SortOrder;
  search_after?: SearchAfter;
  skip: number;
  filter?: EventFilter;
  fields?: string[];
}

/**
 * Validates a request body strictly: unknown keys and malformed values are 400s so that client bugs surface
 * in tests. The documented silent fallbacks (limit → 1000, sort → ASC) are kept, since clients rely on them.
 */
export function parseQuery(body: unknown, now_ms: number): Checked<EventQuery> {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return fail('request body must be a JSON object');
  const b = body as Record<string, unknown>;
  const unknown = Object.keys(b).find((k) => !BODY_KEYS.has(k));
  if (unknown !== undefined) return fail(`unknown field "${unknown}" in request body; allowed: ${[...BODY_KEYS].join(', ')}`);

  const services = parseServices(b.service);
  if (!services.ok) return services;
  const window = parseWindow(b.start_time, b.end_time, now_ms);
  if (!window.ok) return window;

  let search_after: SearchAfter | undefined;
  if (b.search_after !== undefined) {
    const sa = b.search_after;
    if (!Array.isArray(sa) || sa.length !== 2 || !Number.isSafeInteger(sa[0]) || typeof sa[1] !== 'string') {
      return fail('search_after must be [<epoch ms>, "<id>"], the JSON array of the X-Search_after header');
    }
    search_after = [sa[0] as number, sa[1] as string];
  }
  const skip = b.skip ?? 0;
  if (!Number.isSafeInteger(skip) || (skip as number) < 0) return fail('skip must be a non-negative integer');

  const filters: EventFilter[] = [];
  if (b.search_term !== undefined) {
    const term = parseSearchTerm(b.search_term);
    if (!term.ok) return term;
    filters.push(term.value);
  }
  const text = parseTextQuery(b.q, b.exact_match);
  if (!text.ok) return text;
  if (text.value) filters.push(text.value);
  let fields: string[] | undefined;
  if (b.fields !== undefined) {
    const parsed = parseFields(b.fields);
    if (!parsed.ok) return parsed;
    fields = parsed.value;
  }

  return ok({
    services: services.value,
    ...window.value,
    limit: effectiveLimit(b.limit),
    sort: typeof b.sort === 'string' && b.sort.toUpperCase() === 'DESC' ? 'DESC' : 'ASC',
    search_after,
    skip: skip as number,
    filter: filters.length === 0 ? undefined : filters.length === 1 ? filters[0] : (r) => filters.every((f) => f(r)),
    fields,
  });
}

function parseServices(value: unknown): Checked<string[]> {
  if (value === undefined) return fail('service is required: a list of service names, e.g. ["all"]');
  if (!Array.isArray(value) || value.length === 0) return fail('service must be a non-empty list of service names');
  const bad = value.find((s) => typeof s !== 'string' || !isServiceName(s));
  if (bad !== undefined) return fail(`invalid service ${JSON.stringify(bad)}; supported values: ${SERVICE_NAMES.join(', ')}`);
  return ok(value as string[]);
}

function parseWindow(start: unknown, end: unknown, now_ms: number): Checked<Pick<EventQuery, 'start_time' | 'start_ms' | 'end_ms'>> {
  if (start === undefined) return fail('start_time is required (RFC 3339, e.g. 2026-01-01T00:00:00Z)');
  const start_ms = typeof start === 'string' ? parseRfc3339Ms(start) : undefined;
  if (start_ms === undefined) return fail(`invalid start_time ${JSON.stringify(start)}: expected RFC 3339, e.g. 2026-01-01T00:00:00Z`);
  if (start_ms > now_ms + FUTURE_TOLERANCE_MS) return fail(`Start Time is in the future: ${start}`);
  let end_ms = Infinity;
  if (end !== undefined) {
    const parsed = typeof end === 'string' ? parseRfc3339Ms(end) : undefined;
    if (parsed === undefined) return fail(`invalid end_time ${JSON.stringify(end)}: expected RFC 3339, e.g. 2026-01-01T00:00:00Z`);
    if (start_ms >= parsed) return fail(`Start Time not after End Time ${start} > ${end}`);
    end_ms = parsed;
  }
  return ok({ start_time: start as string, start_ms, end_ms });
}

function effectiveLimit(value: unknown): number {
  return Number.isInteger(value) && (value as number) >= 1 && (value as number) <= MAX_LIMIT ? (value as number) : DEFAULT_LIMIT;
}

// ---- selection -----------------------------------------------------------------------------------------

/** The page a query asks for; `floor_ms` is the retention horizon, below which nothing is served. */
export function selectPage(view: StoreView, q: EventQuery, floor_ms: number): StoredEvent[] {
  const cursors = sourcesOf(view, q.services).map((source) => cursorOver(source, q, floor_ms, true));
  const rows: StoredEvent[] = [];
  let toSkip = q.skip;
  while (rows.length < q.limit) {
    const next = nextOf(cursors, q.sort);
    if (!next) break;
    if (q.filter && !q.filter(next)) continue;
    if (toSkip > 0) toSkip--;
    else rows.push(next);
  }
  return rows;
}

/** What /events/count answers: every match in the window, whatever limit, skip and search_after say. */
export function countMatches(view: StoreView, q: EventQuery, floor_ms: number): number {
  let count = 0;
  for (const source of sourcesOf(view, q.services)) {
    const cursor = cursorOver(source, q, floor_ms, false);
    if (!q.filter) {
      count += Math.abs(cursor.stop - cursor.at);
      continue;
    }
    for (let i = cursor.at; i !== cursor.stop; i += cursor.step) if (q.filter(source[i])) count++;
  }
  return count;
}

/**
 * The arrays a query reads. ["all"] is everything. Mixing "all" with named services reads those again, so
 * their events come twice — the duplicates users of the real API report when they mix them.
 */
function sourcesOf(view: StoreView, services: readonly string[]): Array<readonly StoredEvent[]> {
  const named = [...new Set(services.filter((s) => s !== 'all'))].map((s) => view.service(s));
  return services.includes('all') ? [view.all, ...named] : named;
}

interface Cursor {
  source: readonly StoredEvent[];
  at: number;
  /** One past the last index to read, in the direction of `step`. */
  stop: number;
  step: 1 | -1;
}

function cursorOver(source: readonly StoredEvent[], q: EventQuery, floor_ms: number, useSearchAfter: boolean): Cursor {
  let lo = firstIndex(source, (r) => r.ts >= Math.max(q.start_ms, floor_ms));
  let hi = q.end_ms === Infinity ? source.length : firstIndex(source, (r) => r.ts >= q.end_ms);
  const after = useSearchAfter ? q.search_after : undefined;
  if (after) {
    const [ts, tb] = after;
    // "After" follows the sort order: later rows when ascending, earlier rows when descending.
    if (q.sort === 'ASC') lo = Math.max(lo, firstIndex(source, (r) => compareKey(r, ts, tb) > 0));
    else hi = Math.min(hi, firstIndex(source, (r) => compareKey(r, ts, tb) >= 0));
  }
  hi = Math.max(lo, hi);
  return q.sort === 'ASC' ? { source, at: lo, stop: hi, step: 1 } : { source, at: hi - 1, stop: lo - 1, step: -1 };
}

/** The next row across all cursors in sort order (a k-way merge; k is the handful of services asked for). */
function nextOf(cursors: Cursor[], sort: SortOrder): StoredEvent | undefined {
  let best: Cursor | undefined;
  for (const c of cursors) {
    if (c.at === c.stop) continue;
    if (!best) {
      best = c;
      continue;
    }
    const order = compareKey(c.source[c.at], best.source[best.at].ts, best.source[best.at].tb);
    if (sort === 'ASC' ? order < 0 : order > 0) best = c;
  }
  if (!best) return undefined;
  const row = best.source[best.at];
  best.at += best.step;
  return row;
}

function compareKey(r: StoredEvent, ts: number, tb: string): number {
  return r.ts - ts || (r.tb < tb ? -1 : r.tb > tb ? 1 : 0);
}

/** The first index whose row satisfies `atOrPast`, which must be false then true along the sorted array. */
function firstIndex(source: readonly StoredEvent[], atOrPast: (r: StoredEvent) => boolean): number {
  let lo = 0;
  let hi = source.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (atOrPast(source[mid])) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}
