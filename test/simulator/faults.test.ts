import http from 'node:http';
import { generateEvents, startSimulator, type Simulator } from '../../src/simulator';
import { COUNT_PATH, DAY, EVENTS_PATH, KEY, ORG, OTHER_ORG, iso, post } from './helpers';

const NOW = Date.now();
const QUERY = { service: ['all'], start_time: iso(NOW - 2 * DAY), limit: 100 };

let sim: Simulator;
beforeAll(async () => {
  sim = await startSimulator({
    tenants: [
      { org_id: ORG, api_key: KEY, events: generateEvents({ org_id: ORG, count: 300, start_ms: NOW - DAY, end_ms: NOW - 60_000, seed: 2 }) },
      { org_id: OTHER_ORG, api_key: 'other-key-77aa' },
    ],
  });
});
afterAll(() => sim.stop());
afterEach(() => sim.clearFaults());

/** A raw request, to see what fetch hides: the declared length against the bytes that arrived. */
function rawPost(body: string): Promise<{ status: number; declared: number; received: number; error?: string }> {
  return new Promise((resolve) => {
    const req = http.request(`${sim.url}${EVENTS_PATH}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-api-key': KEY } }, (res) => {
      let received = 0;
      const done = (error?: string) =>
        resolve({ status: res.statusCode ?? 0, declared: Number(res.headers['content-length']), received, error });
      res.on('data', (chunk: Buffer) => (received += chunk.length));
      res.on('end', () => done());
      res.on('error', (e) => done(e.message));
      res.on('aborted', () => done('aborted'));
    });
    req.on('error', (e) => resolve({ status: 0, declared: 0, received: 0, error: e.message }));
    req.end(body);
  });
}

test('rate_limit: 429 with Retry-After, then normal service', async () => {
  sim.injectFaults({ fault: { kind: 'rate_limit', retry_after_s: 7 } });
  const limited = await post(sim, QUERY);
  expect([limited.status, limited.headers.get('retry-after'), limited.json]).toEqual([429, '7', { message: 'Too Many Requests' }]);
  expect((await post(sim, QUERY)).status).toBe(200);
});

test('rules are consumed in order and `times` counts uses', async () => {
  sim.injectFaults({ fault: { kind: 'rate_limit' }, times: 2 }, { fault: { kind: 'server_error', status: 503 } });
  const statuses = [];
  for (let i = 0; i < 4; i++) statuses.push((await post(sim, QUERY)).status);
  expect(statuses).toEqual([429, 429, 503, 200]);
});

test('server_error defaults to 500 with a JSON message; 502 comes as a gateway HTML page', async () => {
  sim.injectFaults({ fault: { kind: 'server_error' } }, { fault: { kind: 'server_error', status: 502 } });
  const first = await post(sim, QUERY);
  expect([first.status, first.json]).toEqual([500, { message: 'Internal Server Error' }]);
  const second = await post(sim, QUERY);
  expect(second.status).toBe(502);
  expect(second.text).toMatch(/Bad Gateway/);
});

test('reset destroys the connection without a response', async () => {
  sim.injectFaults({ fault: { kind: 'reset' } });
  await expect(post(sim, QUERY)).rejects.toThrow();
  expect(sim.requestLog().at(-1)).toMatchObject({ endpoint: 'events', status: 0 });
  expect((await post(sim, QUERY)).status).toBe(200);
});

test('slow waits, then answers normally', async () => {
  sim.injectFaults({ fault: { kind: 'slow', delay_ms: 250 } });
  const started = Date.now();
  const r = await post(sim, QUERY);
  expect(Date.now() - started).toBeGreaterThanOrEqual(240);
  expect(r.status).toBe(200);
  expect(r.json).toHaveLength(100);
});

test('truncated sends half the declared body, then the connection dies', async () => {
  sim.injectFaults({ fault: { kind: 'truncated' } });
  const r = await rawPost(JSON.stringify(QUERY));
  expect(r.status).toBe(200);
  expect(r.declared).toBeGreaterThan(1000);
  expect(r.received).toBe(Math.floor(r.declared / 2));
  expect(r.error).toBeDefined();
});

test('invalid_json answers 200 with a body that does not parse', async () => {
  sim.injectFaults({ fault: { kind: 'invalid_json' } });
  const r = await post(sim, QUERY);
  expect(r.status).toBe(200);
  expect(() => JSON.parse(r.text)).toThrow();
});

test('rules can target one endpoint or one org', async () => {
  sim.injectFaults({ fault: { kind: 'server_error' }, endpoint: 'count' }, { fault: { kind: 'rate_limit' }, org_id: OTHER_ORG });
  expect((await post(sim, QUERY)).status).toBe(200);
  expect((await post(sim, QUERY, {}, COUNT_PATH)).status).toBe(500);
  expect((await post(sim, QUERY, { 'x-api-key': 'other-key-77aa' })).status).toBe(429);
});

test('clearFaults drops pending rules; stats count the faults served', async () => {
  const before = sim.stats().faults_served;
  sim.injectFaults({ fault: { kind: 'rate_limit' }, times: 5 });
  await post(sim, QUERY);
  sim.clearFaults();
  expect((await post(sim, QUERY)).status).toBe(200);
  expect(sim.stats().faults_served).toBe(before + 1);
});

test('a malformed rule is refused at injection', () => {
  expect(() => sim.injectFaults({ fault: { kind: 'rate_limit' }, times: 0 })).toThrow(/times/);
});
