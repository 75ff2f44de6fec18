import * as fs from 'node:fs';
import * as path from 'node:path';
import { collect } from '../../src/collect/collector';
import type { Clock, NormalizedDevice, OutputRecord } from '../../src/contract';
import { validate } from '../../src/config/validate';
import { DirectoryInsightsClient } from '../../src/jumpcloud/client';
import { silentLogger } from '../../src/log/logger';
import { generateEvents, startSimulator, type RequestLogEntry, type Simulator } from '../../src/simulator';
import { runCli } from '../support/cli';
import { API_KEY, ORG_ID } from '../support/devices';
import { HOUR } from '../support/simulated-tenant';
import { allFileContents, readNdjson, tempDir, writeDevice } from '../support/tmp';
import { expectExactlyOnce } from '../support/ground-truth';

const CLIENT_ID = 'sa-7f3c2a91-adr-collector';
const CLIENT_SECRET = 'S3cr3t-f0r-th3-s3rv1c3-acc0unt-9d8e7f6a5b4c';
const WRONG_SECRET = 'Wr0ng-s3cr3t-0f-th3-s3rv1c3-acc0unt-000000';
const basicOf = (secret: string): string => Buffer.from(`${CLIENT_ID}:${secret}`).toString('base64');

async function serviceAccountTenant(count: number, options: { token_ttl_s?: number } = {}): Promise<Simulator> {
  const now = Date.now();
  const events = generateEvents({ org_id: ORG_ID, count, start_ms: now - HOUR, end_ms: now - 120_000, seed: 23 });
  return startSimulator({ tenants: [{ org_id: ORG_ID, api_key: API_KEY, client_id: CLIENT_ID, client_secret: CLIENT_SECRET, events }], ...options });
}

function serviceAccountDevice(simulator: Simulator, config: Record<string, unknown> = {}, secret = CLIENT_SECRET): Record<string, unknown> {
  return {
    device_name: 'JumpCloud SA',
    cce_ip: '127.0.0.1',
    access_id: CLIENT_ID,
    secret_key: secret,
    config: { org_id: ORG_ID, auth: 'service_account', base_url: simulator.url, lookback: '2h', settle_delay: '1s', page_size: 1000, ...config },
  };
}

function normalized(device: Record<string, unknown>): NormalizedDevice {
  const result = validate(device);
  if (!result.ok || !result.device) throw new Error(`invalid device: ${JSON.stringify(result.errors)}`);
  return result.device;
}

/** A clock only the test moves; sleeps (retry pauses) pass instantly and advance it. */
function fakeClock(start = Date.now()): Clock & { advance(ms: number): void } {
  let now = start;
  return {
    now: () => now,
    sleep: async (ms) => {
      now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

const apiRequests = (log: RequestLogEntry[]) => log.filter((entry) => entry.endpoint === 'events' || entry.endpoint === 'count');
const noSecrets = (text: string): void => {
  expect(text).not.toContain(CLIENT_SECRET);
  expect(text).not.toContain(WRONG_SECRET);
  expect(text).not.toContain(basicOf(CLIENT_SECRET));
  expect(text).not.toContain(basicOf(WRONG_SECRET));
};

async function collectCli(dir: string, device: Record<string, unknown>) {
  const outFile = path.join(dir, 'out.ndjson');
  const result = await runCli(['collect', '--device', writeDevice(dir, 'device.json', device), '--state', path.join(dir, 'state.json'), '--out', outFile, '--once'], {
    ADR_RETRY_BASE_MS: '20',
    ADR_LOG_LEVEL: 'debug',
  });
  return { ...result, outFile };
}

async function testConnectionCli(device: Record<string, unknown>) {
  const result = await runCli(['test-connection', '--device', writeDevice(tempDir(), 'device.json', device), '--json'], { ADR_LOG_LEVEL: 'debug' });
  noSecrets(result.stdout + result.stderr);
  return { code: result.code, body: JSON.parse(result.stdout) };
}

describe('service account authentication (OAuth client credentials)', () => {
  let simulator: Simulator;
  afterEach(async () => simulator?.stop());

  test('test-connection and collect: one token for many pages, Bearer + x-org-id on every API request', async () => {
    simulator = await serviceAccountTenant(1_050);
    const connected = await testConnectionCli(serviceAccountDevice(simulator));
    expect(connected.code).toBe(0);
    expect(connected.body).toMatchObject({ status: 'Connected', message: expect.stringMatching(new RegExp(`^Connected to JumpCloud Directory Insights at 127\\.0\\.0\\.1:${simulator.port} for organization ${ORG_ID}`)) });
    expect(simulator.stats().by_endpoint).toEqual({ token: 1, count: 1 });

    const before = simulator.requestLog().length;
    const dir = tempDir();
    const result = await collectCli(dir, serviceAccountDevice(simulator, { page_size: 100 }));
    expect(result.code).toBe(0);
    expectExactlyOnce(readNdjson(result.outFile).map((record) => record.event.id as string), simulator);

    const log = simulator.requestLog().slice(before);
    // 1 050 events in pages of 100: 11 pages, one token for all of them (the process holds it).
    expect(log.filter((entry) => entry.endpoint === 'events')).toHaveLength(11);
    expect(log.filter((entry) => entry.endpoint === 'token')).toEqual([{ endpoint: 'token', org_id: ORG_ID, body: { grant_type: 'client_credentials', scope: 'api' }, status: 200, auth: 'basic' }]);
    expect(log[0].endpoint).toBe('token');
    expect(simulator.stats().by_endpoint.token).toBe(2); // one for test-connection, one for collect
    // A Bearer request without x-org-id is answered 400 by the API; with a wrong one 404: 200 proves it was sent and right.
    for (const entry of apiRequests(simulator.requestLog())) expect(entry).toMatchObject({ auth: 'bearer', org_id: ORG_ID, status: 200 });

    noSecrets(result.stdout + result.stderr);
    noSecrets(allFileContents(dir).replace(fs.readFileSync(path.join(dir, 'device.json'), 'utf8'), ''));
  });

  test('the cached token is reused until 60 s before expiry, then replaced (fake clock)', async () => {
    simulator = await serviceAccountTenant(30, { token_ttl_s: 3_600 });
    const clock = fakeClock();
    const client = new DirectoryInsightsClient(normalized(serviceAccountDevice(simulator)), { logger: silentLogger, clock });
    const query = { service: ['all'], start_time: new Date(Date.now() - 2 * HOUR).toISOString(), end_time: new Date().toISOString() };
    const tokens = () => simulator.stats().by_endpoint.token ?? 0;
    try {
      expect(await client.countEvents(query)).toBe(30);
      expect(tokens()).toBe(1);
      clock.advance(3_540_000 - 1); // 1 ms before refresh time (expiry 3 600 s − 60 s margin)
      expect(await client.countEvents(query)).toBe(30);
      expect(tokens()).toBe(1);
      clock.advance(1);
      expect(await client.countEvents(query)).toBe(30);
      expect(tokens()).toBe(2);
      expect(await client.countEvents(query)).toBe(30);
      expect(tokens()).toBe(2);
      // The replacement was fetched ahead of time: no request ever met a 401.
      expect(simulator.requestLog().map((entry) => `${entry.endpoint}:${entry.status}`)).toEqual(['token:200', 'count:200', 'count:200', 'token:200', 'count:200', 'count:200']);
    } finally {
      client.close();
    }
  });

  test('a lifetime within the 60 s margin (token_ttl_s 61 → 1 s, 30 → 0 s) is refreshed when due', async () => {
    simulator = await serviceAccountTenant(500, { token_ttl_s: 30 });
    const dir = tempDir();
    const result = await collectCli(dir, serviceAccountDevice(simulator, { page_size: 100 }));
    expect(result.code).toBe(0);
    expectExactlyOnce(readNdjson(result.outFile).map((record) => record.event.id as string), simulator);
    const { by_endpoint } = simulator.stats();
    // expires_in 30 < margin: the token is "due" at once, so every request takes a fresh one instead of risking expiry.
    expect(by_endpoint.events).toBe(6);
    expect(by_endpoint.token).toBe(by_endpoint.events);
    expect(apiRequests(simulator.requestLog()).every((entry) => entry.status === 200)).toBe(true);
    await simulator.stop();

    simulator = await serviceAccountTenant(20, { token_ttl_s: 61 });
    const clock = fakeClock();
    const client = new DirectoryInsightsClient(normalized(serviceAccountDevice(simulator)), { logger: silentLogger, clock });
    const query = { service: ['all'], start_time: new Date(Date.now() - 2 * HOUR).toISOString(), end_time: new Date().toISOString() };
    try {
      await client.countEvents(query);
      clock.advance(999);
      await client.countEvents(query);
      expect(simulator.stats().by_endpoint.token).toBe(1);
      clock.advance(1);
      await client.countEvents(query);
      expect(simulator.stats().by_endpoint.token).toBe(2);
    } finally {
      client.close();
    }
  });

  test('tokens revoked mid-collection: one 401, one new token, the collection continues without loss or duplicates', async () => {
    simulator = await serviceAccountTenant(1_000);
    const device = normalized(serviceAccountDevice(simulator, { page_size: 100 }));
    const records: OutputRecord[] = [];
    let batches = 0;
    const result = await collect(device, {
      cursor: null,
      logger: silentLogger,
      retry: { base_delay_ms: 1, max_delay_ms: 5 },
      emit: async (batch) => {
        records.push(...batch.records);
        if (++batches === 3) simulator.revokeTokens();
      },
    });
    expect(result.aborted).toBe(false);
    expect(result.events).toBe(1_000);
    expectExactlyOnce(records.map((record) => (record as { event: { id: string } }).event.id), simulator);

    const sequence = simulator.requestLog().map((entry) => `${entry.endpoint}:${entry.status}`);
    expect(sequence.slice(0, 5)).toEqual(['token:200', 'events:200', 'events:200', 'events:200', 'events:401']);
    expect(sequence[5]).toBe('token:200');
    expect(sequence.slice(6).every((step) => step === 'events:200')).toBe(true);
    expect(simulator.stats().by_endpoint.token).toBe(2);
    expect(sequence.filter((step) => step.endsWith(':401'))).toHaveLength(1);
  });

  test('a token refused even when fresh is an auth failure, not a token-fetching loop', async () => {
    // The simulator's tokens die after 1 ms, so the API refuses each one the client presents.
    simulator = await serviceAccountTenant(10, { token_ttl_s: 0.001 });
    const clock = fakeClock();
    const client = new DirectoryInsightsClient(normalized(serviceAccountDevice(simulator)), { logger: silentLogger, clock, retry: { max_attempts: 6, base_delay_ms: 1 } });
    const query = { service: ['all'], start_time: new Date(Date.now() - 2 * HOUR).toISOString(), end_time: new Date().toISOString() };
    try {
      await new Promise((resolve) => setTimeout(resolve, 5));
      await expect(client.countEvents(query)).rejects.toMatchObject({ category: 'auth', message: expect.stringMatching(/rejected the service account token \(HTTP 401\)/) });
    } finally {
      client.close();
    }
    expect(simulator.stats().by_endpoint).toEqual({ token: 1, count: 1 });
  });

  test('a wrong client secret: Failed (auth) about the service account credentials; secret and Basic value appear nowhere', async () => {
    simulator = await serviceAccountTenant(50);
    const device = serviceAccountDevice(simulator, {}, WRONG_SECRET);
    const { code, body } = await testConnectionCli(device);
    expect(code).toBe(1);
    expect(body).toMatchObject({
      status: 'Failed',
      category: 'auth',
      message: expect.stringMatching(/^JumpCloud refused the service account credentials \(HTTP 401\): check that Access ID \/ Username is the client ID and Password \/ Secret Key the client secret/),
    });
    noSecrets(JSON.stringify(body));
    // Refused at the token endpoint: no API request was made, and the token request was not retried.
    expect(simulator.stats().by_endpoint).toEqual({ token: 1 });
    expect(simulator.requestLog()).toEqual([{ endpoint: 'token', org_id: ORG_ID, body: { grant_type: 'client_credentials', scope: 'api' }, status: 401, auth: 'basic' }]);

    const dir = tempDir();
    const collected = await collectCli(dir, device);
    expect(collected.code).toBe(1);
    expect(collected.stderr).toMatch(/Failed \(auth\): JumpCloud refused the service account credentials \(HTTP 401\)/);
    noSecrets(collected.stdout + collected.stderr);
    const files = allFileContents(dir).replace(fs.readFileSync(path.join(dir, 'device.json'), 'utf8'), '');
    expect(JSON.parse(fs.readFileSync(path.join(dir, 'state.status.json'), 'utf8'))).toMatchObject({ status: 'Failed', category: 'auth', last_error: expect.stringContaining('service account credentials') });
    noSecrets(files);
    expect(readNdjson(collected.outFile)).toEqual([]);
  });
});
