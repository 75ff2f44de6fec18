import * as fs from 'node:fs';
import https from 'node:https';
import * as path from 'node:path';
import { startSimulator, type Simulator } from '../../src/simulator';
import { DAY, EVENTS_PATH, KEY, ORG, iso, post } from './helpers';

const QUERY = { service: ['all'], start_time: iso(Date.now() - DAY) };
const tenants = [{ org_id: ORG, api_key: KEY }];

describe('loopback only', () => {
  test.each(['0.0.0.0', 'localhost', '192.168.1.10', '::'])('host %s is refused', async (host) => {
    await expect(startSimulator({ host, tenants })).rejects.toThrow(/loopback/);
  });

  test('::1 is served with a bracketed origin', async () => {
    const sim = await startSimulator({ host: '::1', tenants });
    try {
      expect(sim.url).toBe(`http://[::1]:${sim.port}`);
      expect((await post(sim, QUERY)).status).toBe(200);
    } finally {
      await sim.stop();
    }
  });
});

describe('routing and limits', () => {
  let sim: Simulator;
  beforeAll(async () => {
    sim = await startSimulator({ tenants });
  });
  afterAll(() => sim.stop());

  test('an unknown path is a JSON 404, a GET on the API a 405', async () => {
    const missing = await post(sim, QUERY, {}, '/insights/directory/v1/things');
    expect([missing.status, typeof (missing.json as { message: unknown }).message]).toEqual([404, 'string']);
    const get = await fetch(sim.url + EVENTS_PATH, { headers: { 'x-api-key': KEY } });
    expect([get.status, get.headers.get('allow')]).toEqual([405, 'POST']);
  });

  test('a body over 1 MiB is a 413', async () => {
    const r = await post(sim, { ...QUERY, q: 'x'.repeat(1024 * 1024) });
    expect(r.status).toBe(413);
  });

  test('stats count requests per endpoint and the concurrency reached', async () => {
    const before = sim.stats();
    await Promise.all([post(sim, QUERY), post(sim, QUERY), post(sim, QUERY)]);
    const after = sim.stats();
    expect(after.requests - before.requests).toBe(3);
    expect(after.by_endpoint.events - (before.by_endpoint.events ?? 0)).toBe(3);
    expect(after.max_concurrent).toBeGreaterThanOrEqual(1);
  });

  test('tenants are validated when added, without echoing their key', () => {
    expect(() => sim.addTenant({ org_id: 'ACME', api_key: 'k' })).toThrow(/24 lowercase hex/);
    expect(() => sim.addTenant({ org_id: 'a'.repeat(24), api_key: KEY })).toThrow(/reuses another tenant's api_key/);
    expect(() => sim.addTenant({ org_id: 'b'.repeat(24), api_key: 'x', client_id: 'id' })).toThrow(/client_secret/);
    try {
      sim.addTenant({ org_id: ORG, api_key: KEY });
    } catch (e) {
      expect(String(e)).not.toContain(KEY);
    }
  });

  test('events without a valid timestamp are refused, the whole batch', () => {
    const good = { id: '0123456789abcdef01234567', service: 'directory', timestamp: iso(Date.now() - 1000) };
    expect(() => sim.addEvents(ORG, [good, { id: 'x', timestamp: 'yesterday' }])).toThrow(/timestamp/);
    expect(sim.events(ORG)).toEqual([]);
    expect(() => sim.addEvents('f'.repeat(24), [good])).toThrow(/no tenant/);
  });

  test('nanosecond timestamps are compared on their millisecond', async () => {
    const event = { id: '0123456789abcdef01234568', service: 'mdm', event_type: 'mdm_command_result', timestamp: '2026-03-01T10:00:00.123456789Z' };
    const s = await startSimulator({ tenants: [{ org_id: ORG, api_key: KEY, events: [event], retention_days: 100_000 }] });
    try {
      const from = await post(s, { service: ['mdm'], start_time: '2026-03-01T10:00:00.123Z' });
      expect(from.json).toEqual([event]);
      expect(JSON.parse(from.headers.get('x-search_after') as string)).toEqual([Date.parse('2026-03-01T10:00:00.123Z'), event.id]);
      const until = await post(s, { service: ['mdm'], start_time: '2026-03-01T09:00:00Z', end_time: '2026-03-01T10:00:00.123999Z' });
      expect(until.json).toEqual([]);
    } finally {
      await s.stop();
    }
  });
});

test('serves HTTPS with the given key pair', async () => {
  const fixtures = path.join(__dirname, 'fixtures');
  const cert = fs.readFileSync(path.join(fixtures, 'loopback-cert.pem'));
  const sim = await startSimulator({ tenants, tls: { key: fs.readFileSync(path.join(fixtures, 'loopback-key.pem')), cert } });
  try {
    expect(sim.url).toBe(`https://127.0.0.1:${sim.port}`);
    const status = await new Promise<number>((resolve, reject) => {
      const req = https.request(sim.url + EVENTS_PATH, { method: 'POST', ca: cert, headers: { 'x-api-key': KEY, 'content-type': 'application/json' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      });
      req.on('error', reject);
      req.end(JSON.stringify(QUERY));
    });
    expect(status).toBe(200);
  } finally {
    await sim.stop();
  }
});
