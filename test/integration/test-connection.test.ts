import { startSimulator, type Simulator } from '../../src/simulator';
import { runCli } from '../support/cli';
import { API_KEY, ORG_ID, OTHER_ORG_ID } from '../support/devices';
import { selfSignedCertificate } from '../support/tls';
import { simulatedTenant, simulatorDevice } from '../support/simulated-tenant';
import { tempDir, writeDevice } from '../support/tmp';
import { closedPort } from '../support/ground-truth';

async function testConnection(device: Record<string, unknown>) {
  const result = await runCli(['test-connection', '--device', writeDevice(tempDir(), 'device.json', device), '--json']);
  expect(result.stdout + result.stderr).not.toContain(API_KEY);
  return { code: result.code, body: JSON.parse(result.stdout) };
}

describe('adr-addon test-connection', () => {
  let simulator: Simulator;
  beforeAll(async () => {
    simulator = await simulatedTenant(20);
    simulator.addTenant({ org_id: OTHER_ORG_ID, api_key: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00', role: 'command_runner' });
  });
  afterAll(async () => simulator.stop());

  test('Connected with the right key and org (exit 0)', async () => {
    const { code, body } = await testConnection(simulatorDevice(simulator));
    expect(code).toBe(0);
    expect(body).toEqual({ status: 'Connected', message: expect.stringMatching(/^Connected to JumpCloud Directory Insights at 127\.0\.0\.1:\d+ for organization 5a2af2a82cf2b0010053ea41/), latency_ms: expect.any(Number) });
    expect(simulator.requestLog().at(-1)).toMatchObject({ endpoint: 'count', org_id: ORG_ID, status: 200 });
  });

  test('a rejected key says to regenerate it under Profile > My API Key (exit 1)', async () => {
    const { code, body } = await testConnection(simulatorDevice(simulator, {}, { secret_key: 'ffffffffffffffffffffffffffffffffffffffff' }));
    expect(code).toBe(1);
    expect(body).toMatchObject({ status: 'Failed', category: 'auth', message: expect.stringMatching(/rejected the API key \(HTTP 401\): it is wrong, expired or revoked.*regenerate it .*Profile > My API Key/) });
  });

  test('a wrong Organization ID says where to copy it from', async () => {
    const { body } = await testConnection(simulatorDevice(simulator, { org_id: '0123456789abcdef01234567' }));
    expect(body).toMatchObject({ status: 'Failed', category: 'org', message: expect.stringMatching(/Organization ID 0123456789abcdef01234567 .*Settings > Organization Profile/) });
  });

  test('a non-administrator key is a permission failure', async () => {
    const { body } = await testConnection(simulatorDevice(simulator, { org_id: OTHER_ORG_ID }, { secret_key: 'c0ffee00c0ffee00c0ffee00c0ffee00c0ffee00' }));
    expect(body).toMatchObject({ status: 'Failed', category: 'permission', message: expect.stringMatching(/Only administrator roles/) });
  });

  test('an unreachable host names it and HTTPS 443', async () => {
    const port = await closedPort();
    const { body } = await testConnection(simulatorDevice(simulator, { base_url: `http://127.0.0.1:${port}` }));
    expect(body).toMatchObject({ status: 'Failed', category: 'network', message: expect.stringMatching(new RegExp(`Cannot reach the JumpCloud API at 127\\.0\\.0\\.1:${port}: the connection was refused.*HTTPS \\(port 443\\) to 127\\.0\\.0\\.1`)) });
  });

  test('an invalid device is a config failure without a request', async () => {
    const before = simulator.stats().requests;
    const { code } = await runCli(['test-connection', '--device', writeDevice(tempDir(), 'd.json', simulatorDevice(simulator, { org_id: 'x' }))]);
    expect(code).toBe(2);
    expect(simulator.stats().requests).toBe(before);
  });

  test('the simulator and the client work over IPv6 loopback ([::1])', async () => {
    const v6 = await startSimulator({ host: '::1', tenants: [{ org_id: ORG_ID, api_key: API_KEY }] });
    try {
      expect(v6.url).toMatch(/^http:\/\/\[::1\]:\d+$/);
      const { body } = await testConnection(simulatorDevice(v6));
      expect(body).toMatchObject({ status: 'Connected', message: expect.stringMatching(/at \[::1\]:\d+ for organization/) });
    } finally {
      await v6.stop();
    }
  });

  test('an untrusted TLS certificate is a "tls" failure that points at ca_file', async () => {
    const tls = selfSignedCertificate();
    const secure = await startSimulator({ tenants: [{ org_id: ORG_ID, api_key: API_KEY }], tls });
    try {
      const { body } = await testConnection(simulatorDevice(secure));
      expect(body).toMatchObject({ status: 'Failed', category: 'tls', message: expect.stringMatching(/TLS verification failed for 127\.0\.0\.1:\d+.*"ca_file"/) });
      const trusted = await testConnection(simulatorDevice(secure, { ca_file: tls.caFile }));
      expect(trusted.body.status).toBe('Connected');
    } finally {
      await secure.stop();
    }
  });
});
