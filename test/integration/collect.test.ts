import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Simulator } from '../../src/simulator';
import { runCli } from '../support/cli';
import { API_KEY, ORG_ID } from '../support/devices';
import { simulatedTenant, simulatorDevice } from '../support/simulated-tenant';
import { allFileContents, readNdjson, tempDir, writeDevice } from '../support/tmp';
import { expectExactlyOnce } from '../support/ground-truth';

/** Lets an event just added pass the 1 s settle_delay of simulatorDevice(). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 1_200));

async function collectOnce(dir: string, device: Record<string, unknown>, env: NodeJS.ProcessEnv = {}) {
  const deviceFile = writeDevice(dir, 'device.json', device);
  const result = await runCli(['collect', '--device', deviceFile, '--state', path.join(dir, 'state.json'), '--out', path.join(dir, 'out.ndjson'), '--once'], { ADR_RETRY_BASE_MS: '20', ...env });
  return { ...result, outFile: path.join(dir, 'out.ndjson'), stateFile: path.join(dir, 'state.json') };
}

describe('collect --once against the simulator', () => {
  let simulator: Simulator;
  afterEach(async () => simulator?.stop());

  test('pages through equal-timestamp runs across page boundaries: every event exactly once', async () => {
    simulator = await simulatedTenant(2_500, { equal_timestamp_runs: { every: 997, length: 7 } });
    const dir = tempDir();
    const result = await collectOnce(dir, simulatorDevice(simulator, { page_size: 100 }));
    expect(result.code).toBe(0);
    expectExactlyOnce(result.outFile, simulator);
    const record = readNdjson(result.outFile)[0];
    expect(record).toMatchObject({ '@timestamp': expect.any(String), event: { id: expect.any(String), action: expect.any(String) }, raw: expect.any(Object) });
    const state = JSON.parse(fs.readFileSync(result.stateFile, 'utf8'));
    expect(state).toMatchObject({ format: 'adr-addon-jumpcloud/checkpoint', org_id: ORG_ID, sink: { type: 'file', offset: fs.statSync(result.outFile).size } });
    expect(simulator.stats().by_endpoint.events).toBeGreaterThanOrEqual(25);
  });

  test('a second run collects nothing again; new events are picked up once', async () => {
    simulator = await simulatedTenant(300);
    const dir = tempDir();
    expect((await collectOnce(dir, simulatorDevice(simulator))).code).toBe(0);
    expect((await collectOnce(dir, simulatorDevice(simulator))).code).toBe(0);
    expect(readNdjson(path.join(dir, 'out.ndjson'))).toHaveLength(300);
    const later = { id: '6f1d2c3b4a5968778695a4b3', event_type: 'user_update', service: 'directory', organization: ORG_ID, timestamp: new Date().toISOString(), success: true };
    simulator.addEvents(ORG_ID, [later]);
    await settle();
    expect((await collectOnce(dir, simulatorDevice(simulator))).code).toBe(0);
    expectExactlyOnce(path.join(dir, 'out.ndjson'), simulator);
  });

  test.each([
    ['429 with Retry-After', { kind: 'rate_limit', retry_after_s: 1 }],
    ['429 without Retry-After', { kind: 'rate_limit' }],
    ['HTTP 500', { kind: 'server_error', status: 500 }],
    ['HTTP 503', { kind: 'server_error', status: 503 }],
    ['connection reset', { kind: 'reset' }],
    ['truncated JSON body', { kind: 'truncated' }],
    ['invalid JSON body', { kind: 'invalid_json' }],
    ['slow response beyond the timeout', { kind: 'slow', delay_ms: 2_500 }],
  ] as const)('recovers from %s without loss or duplicates', async (_name, fault) => {
    simulator = await simulatedTenant(1_200);
    simulator.injectFaults({ fault: fault as never, times: 2 });
    const dir = tempDir();
    const result = await collectOnce(dir, simulatorDevice(simulator, { page_size: 500, timeout: '1s' }));
    expect(result.code).toBe(0);
    expect(simulator.stats().faults_served).toBe(2);
    expect(result.stderr).toMatch(/retrying/);
    expectExactlyOnce(result.outFile, simulator);
  });

  test('a retry budget spent is a Failed status with its category; the next poll resumes', async () => {
    simulator = await simulatedTenant(1_500);
    const dir = tempDir();
    expect((await collectOnce(dir, simulatorDevice(simulator, { page_size: 500 }))).code).toBe(0);
    simulator.addEvents(ORG_ID, [{ id: '6f1d2c3b4a5968778695a4c4', event_type: 'user_update', service: 'directory', organization: ORG_ID, timestamp: new Date().toISOString() }]);
    await settle();
    simulator.injectFaults({ fault: { kind: 'server_error', status: 503 }, times: 50 });
    const failed = await collectOnce(dir, simulatorDevice(simulator, { page_size: 500 }), { ADR_RETRY_ATTEMPTS: '3' });
    expect(failed.code).toBe(1);
    expect(failed.stderr).toMatch(/Failed \(server\): JumpCloud answered HTTP 503.*gave up after 3 attempts/);
    const status = JSON.parse(fs.readFileSync(path.join(dir, 'state.status.json'), 'utf8'));
    expect(status).toMatchObject({ status: 'Failed', category: 'server', events_total: 1_500 });
    simulator.clearFaults();
    expect((await collectOnce(dir, simulatorDevice(simulator, { page_size: 500 }))).code).toBe(0);
    expectExactlyOnce(path.join(dir, 'out.ndjson'), simulator);
  });

  test('events indexed late inside settle_delay are not missed', async () => {
    simulator = await simulatedTenant(50);
    const dir = tempDir();
    const timestamp = Date.now() - 500;
    simulator.addEvents(ORG_ID, [{ id: '6f1d2c3b4a5968778695a4d5', event_type: 'user_login', service: 'directory', organization: ORG_ID, timestamp: new Date(timestamp).toISOString() }], { visible_at_ms: timestamp + 1_500 });
    const device = simulatorDevice(simulator, { settle_delay: '3s' });
    expect((await collectOnce(dir, device)).code).toBe(0);
    expect(readNdjson(path.join(dir, 'out.ndjson'))).toHaveLength(50);
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, timestamp + 3_500 - Date.now())));
    expect((await collectOnce(dir, device)).code).toBe(0);
    expectExactlyOnce(path.join(dir, 'out.ndjson'), simulator);
  });

  test('a corrupt checkpoint stops with a clear error and leaves checkpoint and output untouched', async () => {
    simulator = await simulatedTenant(100);
    const dir = tempDir();
    expect((await collectOnce(dir, simulatorDevice(simulator))).code).toBe(0);
    fs.writeFileSync(path.join(dir, 'state.json'), '{"format": "adr-addon-jumpcloud/checkpoint", "cursor": ');
    const outBefore = fs.readFileSync(path.join(dir, 'out.ndjson'));
    const result = await collectOnce(dir, simulatorDevice(simulator));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Failed \(checkpoint\): The checkpoint .*state.json is corrupt \(expected a value but found end of text at line 1, column 56\)\. Restore it from a backup, or move it aside/);
    expect(fs.readFileSync(path.join(dir, 'state.json'), 'utf8')).toBe('{"format": "adr-addon-jumpcloud/checkpoint", "cursor": ');
    expect(fs.readFileSync(path.join(dir, 'out.ndjson')).equals(outBefore)).toBe(true);
  });

  test('a checkpoint of another organization is refused', async () => {
    simulator = await simulatedTenant(10);
    const dir = tempDir();
    expect((await collectOnce(dir, simulatorDevice(simulator))).code).toBe(0);
    const state = JSON.parse(fs.readFileSync(path.join(dir, 'state.json'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'state.json'), JSON.stringify({ ...state, org_id: '6ce434e87128303e528e747b' }));
    const result = await collectOnce(dir, simulatorDevice(simulator));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/belongs to organization 6ce434e87128303e528e747b, not to this device's 5a2af2a82cf2b0010053ea41/);
  });

  test('the secret key appears nowhere: stdout, stderr, output, checkpoint, status', async () => {
    simulator = await simulatedTenant(200);
    simulator.injectFaults({ fault: { kind: 'server_error' }, times: 1 });
    const dir = tempDir();
    const result = await collectOnce(dir, simulatorDevice(simulator), { ADR_LOG_LEVEL: 'debug' });
    expect(result.code).toBe(0);
    expect(result.stdout + result.stderr).not.toContain(API_KEY);
    const files = allFileContents(dir).replace(fs.readFileSync(path.join(dir, 'device.json'), 'utf8'), '');
    expect(files).toContain('adr-addon-jumpcloud/checkpoint');
    expect(files).not.toContain(API_KEY);
  });
});
