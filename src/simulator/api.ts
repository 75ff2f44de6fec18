import type { IncomingHttpHeaders } from 'node:http';
import { type EventQuery, countMatches, parseQuery, selectPage } from './query';
import { type Reply, jsonReply, messageReply } from './reply';
import { project } from './search';
import type { StoredEvent } from './store';
import type { Tenant } from './tenants';

export type ApiEndpoint = 'events' | 'count';

/** POST /events and /events/count for an identified tenant: body checks, then the page or the count. */
export function handleApiRequest(
  endpoint: ApiEndpoint,
  headers: IncomingHttpHeaders,
  body: unknown,
  tenant: Tenant,
  now_ms: number,
): Reply {
  const mediaType = (headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  if (mediaType !== 'application/json') return messageReply(415, 'Content-Type must be application/json');
  if (body === undefined) return messageReply(400, 'request body is not valid JSON');
  const parsed = parseQuery(body, now_ms);
  if (!parsed.ok) return messageReply(400, parsed.message);
  const query = parsed.value;
  const view = tenant.store.view(now_ms);
  // Retention is a horizon, not a validation rule: an old start_time is accepted and simply finds nothing older.
  const floor_ms = now_ms - tenant.retention_ms;
  if (endpoint === 'count') return jsonReply(200, { count: countMatches(view, query, floor_ms) });
  const rows = selectPage(view, query, floor_ms);
  // Pre-serialized rows joined as text: re-stringifying a 10,000-event page per request would dominate benchmarks.
  const fields = query.fields;
  const page = `[${rows.map((r) => (fields ? JSON.stringify(project(r.event, fields)) : r.json)).join(',')}]`;
  return {
    status: 200,
    headers: { 'Content-Type': 'application/json', ...pageHeaders(query, rows) },
    body: page,
    events: rows.length,
  };
}

function pageHeaders(query: EventQuery, rows: readonly StoredEvent[]): Record<string, string> {
  const last = rows[rows.length - 1];
  // Always present, even on the last or an empty page, as the real API does: presence does not mean "more".
  const searchAfter = last ? [last.ts, last.tb] : (query.search_after ?? [query.start_ms, '']);
  return {
    'X-Result-Count': String(rows.length),
    'X-Limit': String(query.limit),
    'X-Sort': query.sort,
    'X-Search_after': asciiJson(searchAfter),
  };
}

/** JSON with non-ASCII escaped: header values must be ASCII, and event ids are caller-supplied. */
function asciiJson(value: unknown): string {
  return JSON.stringify(value).replace(/[^\x20-\x7e]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
