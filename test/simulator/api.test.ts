import { generateEvents, startSimulator, type Simulator } from '../../src/simulator';
import type { JumpCloudEvent } from '../../src/contract';
import { COUNT_PATH, DAY, KEY, ORG, OTHER_ORG, allPages, iso, post } from './helpers';

const NOW = Date.now();
const START = NOW - 5 * DAY;
/** 2,500 events over four days; queries start a day before them. */
const EVENTS = generateEvents({ org_id: ORG, count: 2_500, start_ms: START, end_ms: NOW - DAY, seed: 11 });
const QUERY = { service: ['all'], start_time: iso(START - DAY), limit: 1000 };

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({
    tenants: [
      { org_id: ORG, api_key: KEY, events: EVENTS },
      { org_id: OTHER_ORG, api_key: 'runner-key-0b8d', role: 'command_runner' },
    ],
  });
});
afterAll(() => sim.stop());

describe('authentication and org selection', () => {
  test('a request without a key is 401 with the API gateway body', async () => {
    const r = await post(sim, QUERY, { 'x-api-key': undefined });
    expect(r.status).toBe(401);
    expect(r.json).toEqual({ error: 'Unauthorized', message: 'Unauthorized: api key user not found' });
  });

  test('an unknown key is 401', async () => {
    expect((await post(sim, QUERY, { 'x-api-key': 'not-a-key' })).status).toBe(401);
  });

  test('a command runner key is 403', async () => {
    const r = await post(sim, QUERY, { 'x-api-key': 'runner-key-0b8d' });
    expect(r.status).toBe(403);
    expect(r.json).toEqual({ message: 'Only administrator roles can access the API. Command runners receive a 403 error.' });
  });

  test('x-org-id is optional with a key, must be 24 hex, and must be the key org', async () => {
    expect((await post(sim, { ...QUERY, limit: 1 })).status).toBe(200);
    expect((await post(sim, { ...QUERY, limit: 1 }, { 'x-org-id': ORG })).status).toBe(200);
    const malformed = await post(sim, QUERY, { 'x-org-id': 'acme' });
    expect([malformed.status, malformed.json]).toEqual([400, { message: 'Malformed ID' }]);
    const foreign = await post(sim, QUERY, { 'x-org-id': OTHER_ORG });
    expect([foreign.status, foreign.json]).toEqual([404, { message: 'Organization ID Not Found' }]);
  });
});

describe('strict body validation', () => {
  test.each([
    ['a non-JSON content type', { 'content-type': 'text/plain' }, JSON.stringify(QUERY), 415, /application\/json/],
    ['invalid JSON', {}, '{"service": [', 400, /not valid JSON/],
    ['an array body', {}, '[]', 400, /JSON object/],
  ])('%s is rejected', async (_name, headers, body, status, message) => {
    const r = await post(sim, body, headers);
    expect(r.status).toBe(status);
    expect((r.json as { message: string }).message).toMatch(message);
  });

  test('an unknown body key is a 400 that names it', async () => {
    const r = await post(sim, { ...QUERY, sortOrder: 'ASC' });
    expect(r.status).toBe(400);
    expect((r.json as { message: string }).message).toMatch(/"sortOrder"/);
  });

  test('service is required, non-empty, and an unknown name lists the supported values', async () => {
    expect((await post(sim, { start_time: QUERY.start_time })).status).toBe(400);
    expect((await post(sim, { ...QUERY, service: [] })).status).toBe(400);
    const r = await post(sim, { ...QUERY, service: ['alert'] });
    expect(r.status).toBe(400);
    expect((r.json as { message: string }).message).toMatch(/"alert".*alerts.*saas_app_management.*workflows/);
  });

  test.each([
    ['missing', undefined],
    ['not RFC 3339', '2026-01-01 00:00:00'],
    ['an impossible date', '2026-02-30T00:00:00Z'],
    ['a number', 1767225600000],
  ])('start_time %s is a 400', async (_name, start_time) => {
    const r = await post(sim, { service: ['all'], start_time });
    expect(r.status).toBe(400);
    expect(typeof (r.json as { message: unknown }).message).toBe('string');
  });

  test('start_time in the future is a 400, a few seconds of clock skew is not', async () => {
    expect((await post(sim, { service: ['all'], start_time: iso(Date.now() + 60_000) })).status).toBe(400);
    expect((await post(sim, { service: ['all'], start_time: iso(Date.now() + 2_000) })).status).toBe(200);
  });

  test('an inverted or empty window is the documented 400', async () => {
    const start_time = '2026-01-26T09:13:52Z';
    const r = await post(sim, { service: ['all'], start_time, end_time: '2026-01-26T09:11:52Z' });
    expect([r.status, r.json]).toEqual([400, { message: 'Start Time not after End Time 2026-01-26T09:13:52Z > 2026-01-26T09:11:52Z' }]);
    expect((await post(sim, { service: ['all'], start_time, end_time: start_time })).status).toBe(400);
  });

  test('offsets and fractions are accepted', async () => {
    const r = await post(sim, { service: ['all'], start_time: '2026-01-01T01:00:00.123456+01:00', limit: 1 });
    expect(r.status).toBe(200);
  });

  test.each([[0], [10_001], ['500'], [2.5], [null]])('limit %p falls back to 1000', async (limit) => {
    const r = await post(sim, { ...QUERY, limit });
    expect(r.headers.get('x-limit')).toBe('1000');
    expect(r.json).toHaveLength(1000);
  });

  test('limit 10000 is honoured', async () => {
    const r = await post(sim, { ...QUERY, limit: 10_000 });
    expect([r.headers.get('x-limit'), r.headers.get('x-result-count')]).toEqual(['10000', '2500']);
  });

  test('sort is case-insensitive, echoed in X-Sort, and anything else means ASC', async () => {
    const desc = await post(sim, { ...QUERY, sort: 'desc', limit: 5 });
    expect(desc.headers.get('x-sort')).toBe('DESC');
    expect(desc.json).toEqual(sim.events(ORG).slice(-5).reverse());
    const odd = await post(sim, { ...QUERY, sort: 'sideways', limit: 5 });
    expect(odd.headers.get('x-sort')).toBe('ASC');
    expect(odd.json).toEqual(sim.events(ORG).slice(0, 5));
  });

  test('search_after must be [epoch ms, string]', async () => {
    expect((await post(sim, { ...QUERY, search_after: ['1767225600000', 'x'] })).status).toBe(400);
    expect((await post(sim, { ...QUERY, search_after: [1767225600000] })).status).toBe(400);
  });
});

describe('paging', () => {
  test('2,500 events come in pages of 1000, 1000, 500: each once, none missing, in order', async () => {
    const pages = await allPages(sim, QUERY);
    expect(pages.map((p) => p.headers.get('x-result-count'))).toEqual(['1000', '1000', '500']);
    expect(pages.every((p) => p.headers.get('x-limit') === '1000' && p.headers.get('x-sort') === 'ASC')).toBe(true);
    for (const page of pages) {
      const rows = page.json as JumpCloudEvent[];
      const last = rows[rows.length - 1];
      const [ms, tiebreak] = JSON.parse(page.headers.get('x-search_after') as string);
      expect(ms).toBe(Date.parse(last.timestamp as string));
      // LDAP rows have no id; their tiebreak is a synthetic key.
      expect(tiebreak).toEqual(last.id ?? expect.stringMatching(/^[0-9a-f]{40}$/));
      expect(page.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    }
    const served = pages.flatMap((p) => p.json as JumpCloudEvent[]);
    expect(served).toEqual(sim.events(ORG));
    expect(new Set(served.map((e) => JSON.stringify(e))).size).toBe(2_500);
  });

  test('served events are the stored objects, unchanged', async () => {
    const byId = new Map(EVENTS.filter((e) => e.id).map((e) => [e.id, e]));
    const rows = (await post(sim, { ...QUERY, limit: 50 })).json as JumpCloudEvent[];
    for (const row of rows.filter((r) => r.id)) expect(row).toEqual(byId.get(row.id));
  });

  test('X-Search_after is present on an empty page: the request token, else [start ms, ""]', async () => {
    const empty = await post(sim, { service: ['all'], start_time: iso(NOW - 1_000) });
    expect(empty.json).toEqual([]);
    expect(JSON.parse(empty.headers.get('x-search_after') as string)).toEqual([NOW - 1_000, '']);
    const token = [NOW - 500, 'zzz'];
    const after = await post(sim, { ...QUERY, search_after: token, start_time: iso(NOW - 1_000) });
    expect(JSON.parse(after.headers.get('x-search_after') as string)).toEqual(token);
  });

  test('DESC paging walks backwards through everything', async () => {
    const pages = await allPages(sim, { ...QUERY, sort: 'DESC', limit: 900 });
    expect(pages.flatMap((p) => p.json as JumpCloudEvent[])).toEqual([...sim.events(ORG)].reverse());
  });

  test('end_time is exclusive and start_time inclusive, at millisecond precision', async () => {
    const target = sim.events(ORG)[100];
    const ms = Date.parse(target.timestamp as string);
    const from = (await post(sim, { service: ['all'], start_time: iso(ms), limit: 1 })).json as JumpCloudEvent[];
    expect(Date.parse(from[0].timestamp as string)).toBe(ms);
    const until = (await post(sim, { service: ['all'], start_time: iso(ms - 60_000), end_time: iso(ms), sort: 'DESC', limit: 10 })).json as JumpCloudEvent[];
    expect(until.every((e) => Date.parse(e.timestamp as string) < ms)).toBe(true);
  });

  test('a service list selects those services; "all" plus a service serves that service twice', async () => {
    const truth = sim.events(ORG);
    const sso = (await allPages(sim, { ...QUERY, service: ['sso'] })).flatMap((p) => p.json as JumpCloudEvent[]);
    expect(sso).toEqual(truth.filter((e) => e.service === 'sso'));
    const two = (await allPages(sim, { ...QUERY, service: ['sso', 'ldap'] })).flatMap((p) => p.json as JumpCloudEvent[]);
    expect(two).toEqual(truth.filter((e) => e.service === 'sso' || e.service === 'ldap'));
    const count = async (service: string[]) => ((await post(sim, { ...QUERY, service }, {}, COUNT_PATH)).json as { count: number }).count;
    expect(await count(['all', 'sso'])).toBe(2_500 + sso.length);
  });
});

describe('equal timestamps', () => {
  test('a run of events sharing one millisecond pages across the boundary without loss or repeat', async () => {
    const org = 'a1b2c3d4e5f6a7b8c9d0e1f2';
    const events = generateEvents({ org_id: org, count: 600, start_ms: START, end_ms: NOW - DAY, seed: 3, equal_timestamp_runs: { every: 100, length: 30 } });
    // LDAP events have no id: their tiebreak is synthetic and must never show in the event.
    const ldap = generateEvents({ org_id: org, count: 40, start_ms: START, end_ms: START + 1, seed: 4, services: ['ldap'] });
    await withTenant(org, 'equal-ts-key', [...events, ...ldap], async (s, headers) => {
      const pages = await allPages(s, { ...QUERY, limit: 95 }, headers);
      const served = pages.flatMap((p) => p.json as JumpCloudEvent[]);
      expect(served).toEqual(s.events(org));
      expect(served).toHaveLength(640);
      expect(served.some((e) => 'tb' in e || 'tiebreak' in e)).toBe(false);
      // The runs really straddle page boundaries: some page ends inside a run of one millisecond.
      const boundaryMs = pages.slice(0, -1).map((p) => JSON.parse(p.headers.get('x-search_after') as string)[0]);
      const runMs = new Set(events.map((e) => e.timestamp).filter((t, i, all) => all.indexOf(t) !== i));
      expect(boundaryMs.some((ms) => runMs.has(iso(ms)))).toBe(true);
    });
  });
});

describe('late events, retention, count', () => {
  test('late-indexed events are invisible until their visible_at time', async () => {
    const org = 'b1b2c3d4e5f6a7b8c9d0e1f2';
    await withTenant(org, 'late-key', [], async (s, headers) => {
      const late = generateEvents({ org_id: org, count: 3, start_ms: NOW - 60_000, end_ms: NOW - 30_000, seed: 5 });
      s.addEvents(org, late, { visible_at_ms: Date.now() + 300 });
      const query = { service: ['all'], start_time: iso(NOW - 120_000) };
      expect((await post(s, query, headers)).json).toEqual([]);
      expect((await post(s, query, headers, COUNT_PATH)).json).toEqual({ count: 0 });
      expect(s.events(org)).toHaveLength(3);
      await new Promise((r) => setTimeout(r, 350));
      expect((await post(s, query, headers)).json).toEqual(late);
    });
  });

  test('events older than retention are never served; an old start_time is still accepted', async () => {
    const org = 'c1b2c3d4e5f6a7b8c9d0e1f2';
    const old = generateEvents({ org_id: org, count: 2, start_ms: NOW - 3 * DAY, end_ms: NOW - 2 * DAY, seed: 6 });
    const fresh = generateEvents({ org_id: org, count: 2, start_ms: NOW - 3_600_000, end_ms: NOW - 60_000, seed: 7 });
    await withTenant(org, 'retention-key', [...old, ...fresh], async (s, headers) => {
      const r = await post(s, { service: ['all'], start_time: iso(NOW - 30 * DAY) }, headers);
      expect(r.status).toBe(200);
      expect(r.json).toEqual(fresh);
    }, {}, 1);
  });

  test('count answers {"count": n} for the window, ignoring limit and search_after', async () => {
    const inWindow = EVENTS.filter((e) => Date.parse(e.timestamp as string) < NOW - 3 * DAY).length;
    const r = await post(sim, { ...QUERY, end_time: iso(NOW - 3 * DAY), limit: 10, search_after: [NOW, 'x'] }, {}, COUNT_PATH);
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ count: inWindow });
    expect(inWindow).toBeGreaterThan(0);
  });
});

describe('search_term, q, fields, skip', () => {
  test('search_term matches lowercase values, like the real index', async () => {
    const user = EVENTS.find((e) => e.service === 'sso')?.initiated_by as { username: string };
    const term = { and: [{ service: 'sso' }, { 'initiated_by.username': user.username }] };
    const rows = (await post(sim, { ...QUERY, search_term: term })).json as JumpCloudEvent[];
    expect(rows.length).toBeGreaterThan(0);
    expect(rows.every((e) => e.service === 'sso' && (e.initiated_by as { username: string }).username === user.username)).toBe(true);
    const upper = { and: [{ 'initiated_by.username': user.username.toUpperCase() }] };
    expect((await post(sim, { ...QUERY, search_term: upper })).json).toEqual([]);
    expect((await post(sim, { ...QUERY, search_term: { and: [{ changes: 'x' }] } })).status).toBe(400);
    expect((await post(sim, { ...QUERY, search_term: { and: [], or: [] } })).status).toBe(400);
  });

  test('fields projects, an empty or unknown list is a 400; skip skips', async () => {
    const sso = { and: [{ service: 'sso' }] };
    const rows = (await post(sim, { ...QUERY, limit: 3, search_term: sso, fields: ['id', 'geoip.country_code'] })).json;
    const expected = sim.events(ORG).filter((e) => e.service === 'sso').slice(0, 3);
    expect(rows).toEqual(expected.map((e) => ({ id: e.id, geoip: { country_code: (e.geoip as { country_code: string }).country_code } })));
    expect((await post(sim, { ...QUERY, fields: [] })).status).toBe(400);
    expect((await post(sim, { ...QUERY, fields: ['nonsense'] })).status).toBe(400);
    expect((await post(sim, { ...QUERY, limit: 2, skip: 3 })).json).toEqual(sim.events(ORG).slice(3, 5));
  });

  test('q narrows by text; q with exact_match is a 400', async () => {
    const rows = (await post(sim, { ...QUERY, q: 'radius_auth', limit: 10_000 })).json as JumpCloudEvent[];
    expect(rows.length).toBe(EVENTS.filter((e) => e.event_type === 'radius_auth').length);
    expect((await post(sim, { ...QUERY, q: 'a', exact_match: 'b' })).status).toBe(400);
  });
});

/** Runs `body` against a fresh simulator holding one tenant. */
async function withTenant(
  org_id: string,
  api_key: string,
  events: JumpCloudEvent[],
  body: (s: Simulator, headers: Record<string, string>) => Promise<void>,
  headers: Record<string, string> = {},
  retention_days?: number,
): Promise<void> {
  const s = await startSimulator({ tenants: [{ org_id, api_key, events, retention_days }] });
  try {
    await body(s, { 'x-api-key': api_key, ...headers });
  } finally {
    await s.stop();
  }
}
