import type { Simulator } from '../../src/simulator';

export const ORG = '5a2af2a82cf2b0010053ea41';
export const OTHER_ORG = '6ce434e87128303e528e747b';
export const KEY = 'sim-test-key-5f2c9a71d04e4b8f9a3e';
export const EVENTS_PATH = '/insights/directory/v1/events';
export const COUNT_PATH = '/insights/directory/v1/events/count';
export const TOKEN_PATH = '/oauth2/token';
export const DAY = 86_400_000;

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  json: unknown;
}

/**
 * POST to the simulator. JSON content type and the test key are sent unless overridden; an override of
 * `undefined` removes that header.
 */
export async function post(
  sim: Simulator,
  body: unknown,
  headers: Record<string, string | undefined> = {},
  path = EVENTS_PATH,
): Promise<Answer> {
  const sent: Record<string, string> = {};
  for (const [name, value] of Object.entries({ 'content-type': 'application/json', 'x-api-key': KEY, ...headers })) {
    if (value !== undefined) sent[name] = value;
  }
  const res = await fetch(sim.url + path, {
    method: 'POST',
    headers: sent,
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await res.text();
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, headers: res.headers, text, json };
}

export function iso(ms: number): string {
  return new Date(ms).toISOString();
}

/** Every page of a query, following X-Search_after while a page is full. */
export async function allPages(sim: Simulator, query: Record<string, unknown>, headers: Record<string, string> = {}): Promise<Answer[]> {
  const pages: Answer[] = [];
  let search_after: unknown;
  for (;;) {
    const page = await post(sim, search_after === undefined ? query : { ...query, search_after }, headers);
    expect(page.status).toBe(200);
    pages.push(page);
    search_after = JSON.parse(page.headers.get('x-search_after') as string);
    if (Number(page.headers.get('x-result-count')) < Number(page.headers.get('x-limit'))) return pages;
  }
}
