import * as fs from 'node:fs';
import * as path from 'node:path';
import { eventId } from '../../src/normalize/event-id';
import { generateEvents, startSimulator, type Simulator } from '../../src/simulator';
import { systemClock } from '../../src/collect/clock';
import { Runtime } from '../../src/host/runtime';
import { silentLogger } from '../../src/log/logger';
import { runCli, startCli } from '../support/cli';
import { tempDir, readNdjson, writeDevice } from '../support/tmp';

const TENANTS = [
  { key: 'acme', org_id: '5a2af2a82cf2b0010053ea41', api_key: 'acme00000000000000000000000000000000000a' },
  { key: 'globex', org_id: '6ce434e87128303e528e747b', api_key: 'globex000000000000000000000000000000000b' },
  { key: 'initech', org_id: '5530392c3e2ab2b60c000047', api_key: 'initech00000000000000000000000000000000c' },
];

function device(simulator: Simulator, tenant: (typeof TENANTS)[number], overrides: Record<string, unknown> = {}, config: Record<string, unknown> = {}) {
  return {
    device_name: `JumpCloud - ${tenant.key}`,
    cce_ip: '127.0.0.1',
    access_id: '',
    secret_key: tenant.api_key,
    config: { org_id: tenant.org_id, base_url: simulator.url, lookback: '2h', settle_delay: '1s', poll_interval: '1s', page_size: 200, ...config },
    ...overrides,
  };
}

const status = (stateDir: string, key: string) => JSON.parse(fs.readFileSync(path.join(stateDir, `${key}.status.json`), 'utf8'));

async function waitFor<T>(check: () => T | undefined, what: string, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = check();
      if (value) return value;
    } catch {
      // not there yet
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('adr-addon run: many tenants in one process', () => {
  let simulator: Simulator;
  beforeEach(async () => {
    const now = Date.now();
    simulator = await startSimulator({
      tenants: TENANTS.map((t, i) => ({ org_id: t.org_id, api_key: t.api_key, events: generateEvents({ org_id: t.org_id, count: 400 * (i + 1), start_ms: now - 3_600_000, end_ms: now - 60_000, seed: i }) })),
    });
  });
  afterEach(async () => simulator.stop());

  test('one revoked key among healthy tenants: the others collect everything; the failure is isolated and named', async () => {
    const devices = tempDir();
    const state = tempDir();
    writeDevice(devices, 'acme.json', device(simulator, TENANTS[0]));
    writeDevice(devices, 'globex.json', device(simulator, TENANTS[1], { secret_key: 'revoked0000000000000000000000000000000000' }));
    fs.chmodSync(writeDevice(devices, 'initech.json', device(simulator, TENANTS[2])), 0o644);
    const result = await runCli(['run', '--devices', devices, '--state-dir', state, '--cce-ip', '127.0.0.1', '--once']);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/initech\.json is readable by other users \(mode 644\)/);
    for (const [i, key] of [[0, 'acme'], [2, 'initech']] as const) {
      expect(status(state, key)).toMatchObject({ status: 'Connected/Active', events_total: 400 * (i + 1) });
      const ids = readNdjson(path.join(state, `${key}.ndjson`)).map((r) => r.event.id);
      expect(ids.sort()).toEqual(simulator.events(TENANTS[i].org_id).map(eventId).sort());
    }
    expect(status(state, 'globex')).toMatchObject({ status: 'Failed', category: 'auth', message: expect.stringMatching(/Profile > My API Key/) });
    for (const t of TENANTS) expect(result.stdout + result.stderr).not.toContain(t.api_key);
  });

  test('CCE IP shards the devices; duplicates of an Organization ID are flagged, not collected', async () => {
    const devices = tempDir();
    const state = tempDir();
    writeDevice(devices, 'acme.json', device(simulator, TENANTS[0]));
    writeDevice(devices, 'acme-copy.json', device(simulator, TENANTS[0], { device_name: 'JumpCloud - acme again' }, { services: ['sso'] }));
    writeDevice(devices, 'globex.json', device(simulator, TENANTS[1], { cce_ip: '10.20.30.40' }));
    const result = await runCli(['run', '--devices', devices, '--state-dir', state, '--cce-ip', '127.0.0.1', '--once']);
    expect(result.code).toBe(0);
    expect(status(state, 'acme')).toMatchObject({ status: 'Connected/Active', events_total: 400 });
    expect(status(state, 'acme-copy')).toMatchObject({ status: 'Failed', category: 'duplicate', message: expect.stringMatching(/already collected by device acme\.json/) });
    expect(fs.existsSync(path.join(state, 'acme-copy.ndjson'))).toBe(false);
    expect(fs.existsSync(path.join(state, 'globex.status.json'))).toBe(false);
    expect(simulator.requestLog().filter((r) => r.org_id === TENANTS[1].org_id)).toHaveLength(0);

    const table = await runCli(['status', '--state-dir', state, '--devices', devices, '--cce-ip', '127.0.0.1']);
    expect(table.stdout).toMatch(/JumpCloud - globex\s+Assigned elsewhere .*Collected by the CCE at 10\.20\.30\.40/);
    expect(table.stdout).toMatch(/JumpCloud - acme again\s+Failed \(duplicate\)/);
    const json = JSON.parse((await runCli(['status', '--state-dir', state, '--json'])).stdout);
    expect(json.map((row: { key: string; status: string }) => [row.key, row.status])).toEqual([
      ['acme', 'Connected/Active'],
      ['acme-copy', 'Failed'],
    ]);
  });

  test('devices added, changed and removed are picked up without restart; SIGTERM exits cleanly', async () => {
    const devices = tempDir();
    const state = tempDir();
    writeDevice(devices, 'acme.json', device(simulator, TENANTS[0]));
    const { child, done } = startCli(['run', '--devices', devices, '--state-dir', state, '--cce-ip', '127.0.0.1'], { ADR_LOG_LEVEL: 'info' });
    await waitFor(() => status(state, 'acme').status === 'Connected/Active', 'acme collected');

    writeDevice(devices, 'initech.json', device(simulator, TENANTS[2]));
    await waitFor(() => status(state, 'initech').events_total === 1200, 'initech added and collected');

    writeDevice(devices, 'initech.json', device(simulator, TENANTS[2], { enabled: false }));
    await waitFor(() => status(state, 'initech').status === 'Disabled', 'initech disabled');
    expect(status(state, 'initech').events_total).toBe(1200);

    writeDevice(devices, 'acme.json', device(simulator, TENANTS[0], { secret_key: 'rotatedbutwrong000000000000000000000000000' }));
    await waitFor(() => status(state, 'acme').status === 'Failed', 'acme failed after its key changed');
    writeDevice(devices, 'acme.json', device(simulator, TENANTS[0]));
    await waitFor(() => status(state, 'acme').status === 'Connected/Active', 'acme recovered');

    fs.unlinkSync(path.join(devices, 'acme.json'));
    await waitFor(() => !fs.existsSync(path.join(state, 'acme.status.json')), 'acme removed from Collection Status');
    child.kill('SIGTERM');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/device file removed: collection stopped/);
    expect(readNdjson(path.join(state, 'acme.ndjson'))).toHaveLength(400);
    expect(readNdjson(path.join(state, 'initech.ndjson'))).toHaveLength(1200);
  });
});

describe('Runtime in process', () => {
  test('a slow tenant holds one slot only: the others finish first; statuses and summary per device', async () => {
    const now = Date.now();
    const simulator = await startSimulator({
      tenants: TENANTS.map((t, i) => ({ org_id: t.org_id, api_key: t.api_key, events: generateEvents({ org_id: t.org_id, count: 300, start_ms: now - 3_600_000, end_ms: now - 60_000, seed: i }) })),
    });
    try {
      simulator.injectFaults({ fault: { kind: 'slow', delay_ms: 700 }, times: 3, org_id: TENANTS[0].org_id });
      const devices = tempDir();
      const state = tempDir();
      for (const t of TENANTS) writeDevice(devices, `${t.key}.json`, device(simulator, t, {}, { page_size: 100 }));
      writeDevice(devices, 'broken.json', { device_name: 'Broken', cce_ip: '127.0.0.1', secret_key: 'x', config: '{' });
      const runtime = new Runtime({
        devicesDir: devices,
        stateDir: state,
        cceIps: ['127.0.0.1'],
        concurrency: 2,
        once: true,
        logger: silentLogger,
        clock: systemClock,
        signal: new AbortController().signal,
      });
      expect(await runtime.run()).toEqual({ polls: 3, failures: 0, devices: 3 });
      const finished = (key: string) => Date.parse(status(state, key).last_success);
      expect(finished('globex')).toBeLessThan(finished('acme'));
      expect(finished('initech')).toBeLessThan(finished('acme'));
      for (const t of TENANTS) expect(status(state, t.key)).toMatchObject({ status: 'Connected/Active', events_total: 300 });
      expect(status(state, 'broken')).toMatchObject({ status: 'Failed', category: 'config', message: expect.stringMatching(/config: Configuration JSON: is not valid JSON/) });
    } finally {
      await simulator.stop();
    }
  });
});
