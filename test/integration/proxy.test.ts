import * as http from 'node:http';
import * as path from 'node:path';
import { generateEvents, startSimulator, type Simulator } from '../../src/simulator';
import { runCli } from '../support/cli';
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy';
import { API_KEY, ORG_ID } from '../support/devices';
import { HOUR, simulatedTenant, simulatorDevice } from '../support/simulated-tenant';
import { selfSignedCertificate } from '../support/tls';
import { tempDir, writeDevice } from '../support/tmp';
import { closedPort, expectExactlyOnce } from '../support/ground-truth';

/**
 * The child's proxy environment, spelled out: the runner defaults NO_PROXY to '*', and whatever the
 * developer's shell has (lowercase wins in proxy-from-env) must not leak into these tests.
 */
function proxyEnv(vars: { HTTP_PROXY?: string; HTTPS_PROXY?: string; NO_PROXY?: string } = {}): NodeJS.ProcessEnv {
  return {
    http_proxy: '',
    https_proxy: '',
    all_proxy: '',
    ALL_PROXY: '',
    no_proxy: '',
    HTTP_PROXY: vars.HTTP_PROXY ?? '',
    HTTPS_PROXY: vars.HTTPS_PROXY ?? '',
    NO_PROXY: vars.NO_PROXY ?? '',
  };
}

async function collectOnce(device: Record<string, unknown>, env: NodeJS.ProcessEnv) {
  const dir = tempDir();
  const outFile = path.join(dir, 'out.ndjson');
  const result = await runCli(['collect', '--device', writeDevice(dir, 'device.json', device), '--state', path.join(dir, 'state.json'), '--out', outFile, '--once'], { ADR_RETRY_BASE_MS: '20', ...env });
  return { ...result, outFile };
}

async function testConnection(device: Record<string, unknown>, env: NodeJS.ProcessEnv) {
  const result = await runCli(['test-connection', '--device', writeDevice(tempDir(), 'device.json', device), '--json'], env);
  expect(result.stdout + result.stderr).not.toContain(API_KEY);
  return { code: result.code, body: JSON.parse(result.stdout) };
}

const escape = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

describe('an HTTP proxy between the add-on and JumpCloud', () => {
  let simulator: Simulator;
  let proxy: ConnectProxy;
  let target: string;

  beforeEach(async () => {
    simulator = await simulatedTenant(600);
    proxy = await startConnectProxy();
    target = `127.0.0.1:${simulator.port}`;
  });
  afterEach(async () => {
    await proxy?.stop();
    await simulator?.stop();
  });

  test('"proxy" in the Configuration JSON: every request is tunnelled through it, exactly once out', async () => {
    // The runner's default NO_PROXY='*' stays in place: an explicit "proxy" key is not subject to it.
    const result = await collectOnce(simulatorDevice(simulator, { proxy: proxy.url, page_size: 100 }), {});
    expect(result.code).toBe(0);
    expectExactlyOnce(result.outFile, simulator);
    expect(simulator.stats().by_endpoint.events).toBeGreaterThanOrEqual(6);
    // https-proxy-agent tunnels plain-http targets with CONNECT too, and keep-alive reuses the tunnel.
    const hops = proxy.hops();
    expect(hops.length).toBeGreaterThanOrEqual(1);
    expect(hops.every((hop) => hop.kind === 'connect' && hop.target === target && hop.allowed)).toBe(true);
    expect(hops.length).toBeLessThan(simulator.stats().requests);

    const { code, body } = await testConnection(simulatorDevice(simulator, { proxy: proxy.url }), {});
    expect(code).toBe(0);
    expect(body).toMatchObject({ status: 'Connected', message: expect.stringContaining(`at ${target} via proxy 127.0.0.1:${proxy.port} for organization ${ORG_ID}`) });
  });

  test('HTTP_PROXY / HTTPS_PROXY from the environment apply when NO_PROXY is empty', async () => {
    const env = proxyEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url });
    const result = await collectOnce(simulatorDevice(simulator), env);
    expect(result.code).toBe(0);
    expectExactlyOnce(result.outFile, simulator);
    expect(proxy.targets().length).toBeGreaterThanOrEqual(1);
    expect(new Set(proxy.targets())).toEqual(new Set([target]));

    const { body } = await testConnection(simulatorDevice(simulator), env);
    expect(body).toMatchObject({ status: 'Connected', message: expect.stringContaining(`at ${target} via proxy 127.0.0.1:${proxy.port} `) });
  });

  test('NO_PROXY=127.0.0.1 bypasses the environment proxy: direct connection, nothing through the proxy', async () => {
    const env = proxyEnv({ HTTP_PROXY: proxy.url, HTTPS_PROXY: proxy.url, NO_PROXY: '127.0.0.1' });
    const result = await collectOnce(simulatorDevice(simulator), env);
    expect(result.code).toBe(0);
    expectExactlyOnce(result.outFile, simulator);

    const { body } = await testConnection(simulatorDevice(simulator), env);
    expect(body.status).toBe('Connected');
    expect(body.message).toContain(`at ${target} for organization`);
    expect(body.message).not.toContain('via proxy');
    expect(proxy.targets()).toEqual([]);
  });

  test('NO_PROXY naming another port of the host does not bypass the proxy', async () => {
    const env = proxyEnv({ HTTP_PROXY: proxy.url, NO_PROXY: `127.0.0.1:${simulator.port === 1 ? 2 : simulator.port - 1}` });
    const { body } = await testConnection(simulatorDevice(simulator), env);
    expect(body.status).toBe('Connected');
    expect(proxy.targets()).toEqual([target]);
  });

  test('a proxy that is down: Failed (network), and the message names the proxy', async () => {
    const port = await closedPort();
    const { code, body } = await testConnection(simulatorDevice(simulator, { proxy: `http://127.0.0.1:${port}` }), {});
    expect(code).toBe(1);
    expect(body).toMatchObject({
      status: 'Failed',
      category: 'network',
      message: expect.stringMatching(new RegExp(`^Cannot reach the JumpCloud API at ${escape(target)} via proxy 127\\.0\\.0\\.1:${port}: the connection was refused \\(ECONNREFUSED\\).*through the configured proxy`)),
    });
    expect(simulator.stats().requests).toBe(0);
  });

  test('a proxy that is down, taken from HTTPS_PROXY/HTTP_PROXY, is named too', async () => {
    const port = await closedPort();
    const url = `http://127.0.0.1:${port}`;
    const { body } = await testConnection(simulatorDevice(simulator), proxyEnv({ HTTP_PROXY: url, HTTPS_PROXY: url }));
    expect(body).toMatchObject({ status: 'Failed', category: 'network', message: expect.stringContaining(`${target} via proxy 127.0.0.1:${port}: the connection was refused`) });
  });
});

describe('a proxy that refuses the tunnel is told apart from JumpCloud', () => {
  let simulator: Simulator;
  let proxy: ConnectProxy | undefined;
  let target: string;
  beforeEach(async () => {
    simulator = await simulatedTenant(40);
    target = `127.0.0.1:${simulator.port}`;
  });
  afterEach(async () => {
    await proxy?.stop();
    await simulator.stop();
  });

  test('403 from the proxy policy: Failed (network) naming the proxy, not a JumpCloud permission problem', async () => {
    proxy = await startConnectProxy({ deny: [target] });
    const { code, body } = await testConnection(simulatorDevice(simulator, { proxy: proxy.url }), {});
    expect(code).toBe(1);
    expect(body).toMatchObject({
      status: 'Failed',
      category: 'network',
      message: `Cannot reach the JumpCloud API at ${target} via proxy 127.0.0.1:${proxy.port}: the proxy refused to open a tunnel (HTTP 403): its policy forbids ${target}: ask the proxy administrator to allow HTTPS to it`,
    });
    // Not retried (a policy does not change in a second), and nothing reached the API.
    expect(proxy.hops()).toEqual([{ kind: 'connect', target, allowed: false, refused_with: 403 }]);
    expect(simulator.stats().requests).toBe(0);
  });

  test('407 without proxy credentials says to put them into the proxy URL; with them it connects and they are never shown', async () => {
    const credentials = { username: 'svc-adr', password: 'pr0xy-Pa55w0rd-7c1e' };
    proxy = await startConnectProxy({ credentials });
    const refused = await testConnection(simulatorDevice(simulator, { proxy: proxy.url }), {});
    expect(refused.body).toMatchObject({ status: 'Failed', category: 'network', message: expect.stringContaining(`via proxy 127.0.0.1:${proxy.port}: the proxy refused to open a tunnel (HTTP 407): it requires authentication: put the user name and password into the proxy URL`) });
    expect(proxy.hops()).toEqual([{ kind: 'connect', target, allowed: false, refused_with: 407 }]);

    const url = `http://${credentials.username}:${credentials.password}@127.0.0.1:${proxy.port}`;
    const result = await runCli(['test-connection', '--device', writeDevice(tempDir(), 'device.json', simulatorDevice(simulator, { proxy: url })), '--json']);
    expect(JSON.parse(result.stdout)).toMatchObject({ status: 'Connected', message: expect.stringContaining(`${target} via proxy 127.0.0.1:${proxy.port} `) });
    expect(result.stdout + result.stderr).not.toContain(credentials.password);
    expect(proxy.hops().at(-1)).toEqual({ kind: 'connect', target, allowed: true });
  });

  test('502 when the proxy cannot reach the target: Failed (network), retried once', async () => {
    proxy = await startConnectProxy();
    const port = await closedPort();
    const { body } = await testConnection(simulatorDevice(simulator, { proxy: proxy.url, base_url: `http://127.0.0.1:${port}` }), {});
    expect(body).toMatchObject({ status: 'Failed', category: 'network', message: expect.stringMatching(new RegExp(`^Cannot reach the JumpCloud API at 127\\.0\\.0\\.1:${port} via proxy 127\\.0\\.0\\.1:${proxy.port}: the proxy refused to open a tunnel \\(HTTP 502\\): it could not connect to the target \\(gave up after 2 attempts\\)$`)) });
    expect(proxy.targets()).toEqual([`127.0.0.1:${port}`, `127.0.0.1:${port}`]);
  });
});

describe('the test proxy itself', () => {
  test('forwards absolute-URI http requests to loopback, refuses other targets without dialling them', async () => {
    const simulator = await simulatedTenant(1);
    const proxy = await startConnectProxy();
    const viaProxy = (absolute: string) =>
      new Promise<{ status: number; body: string }>((resolve, reject) => {
        const req = http.request({ host: '127.0.0.1', port: proxy.port, method: 'POST', path: absolute, headers: { 'x-api-key': API_KEY, 'content-type': 'application/json' }, agent: false }, (res) => {
          let body = '';
          res.on('data', (chunk: Buffer) => (body += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        });
        req.on('error', reject);
        req.end(JSON.stringify({ service: ['all'], start_time: new Date(Date.now() - 2 * HOUR).toISOString(), end_time: new Date().toISOString() }));
      });
    try {
      const forwarded = await viaProxy(`${simulator.url}/insights/directory/v1/events/count`);
      expect(forwarded).toEqual({ status: 200, body: JSON.stringify({ count: 1 }) });
      expect((await viaProxy('http://192.0.2.1:8080/insights/directory/v1/events/count')).status).toBe(403);
      expect(proxy.hops()).toEqual([
        { kind: 'forward', target: `127.0.0.1:${simulator.port}`, allowed: true },
        { kind: 'forward', target: '192.0.2.1:8080', allowed: false, refused_with: 403 },
      ]);
      expect(simulator.requestLog()).toEqual([expect.objectContaining({ endpoint: 'count', auth: 'api_key', status: 200 })]);
    } finally {
      await proxy.stop();
      await simulator.stop();
    }
  });
});

describe('HTTPS to JumpCloud through the proxy', () => {
  const tls = selfSignedCertificate();
  let secure: Simulator;
  let proxy: ConnectProxy;
  let target: string;

  beforeEach(async () => {
    const now = Date.now();
    const events = generateEvents({ org_id: ORG_ID, count: 250, start_ms: now - HOUR, end_ms: now - 120_000, seed: 11 });
    secure = await startSimulator({ tenants: [{ org_id: ORG_ID, api_key: API_KEY, events }], tls });
    proxy = await startConnectProxy();
    target = `127.0.0.1:${secure.port}`;
  });
  afterEach(async () => {
    await proxy?.stop();
    await secure?.stop();
  });

  test('with ca_file: TLS is verified end to end inside the tunnel, collection works', async () => {
    const device = simulatorDevice(secure, { proxy: proxy.url, ca_file: tls.caFile, page_size: 100 });
    const { code, body } = await testConnection(device, {});
    expect(code).toBe(0);
    expect(body).toMatchObject({ status: 'Connected', message: expect.stringContaining(`at ${target} via proxy 127.0.0.1:${proxy.port} `) });

    const result = await collectOnce(device, {});
    expect(result.code).toBe(0);
    expectExactlyOnce(result.outFile, secure);
    expect(new Set(proxy.targets())).toEqual(new Set([target]));
    expect(proxy.hops().every((hop) => hop.kind === 'connect')).toBe(true);
  });

  test('with ca_file and the proxy from HTTPS_PROXY: works', async () => {
    // An https:// target takes HTTPS_PROXY; HTTP_PROXY is left unset to show which one applies.
    const { body } = await testConnection(simulatorDevice(secure, { ca_file: tls.caFile }), proxyEnv({ HTTPS_PROXY: proxy.url }));
    expect(body).toMatchObject({ status: 'Connected', message: expect.stringContaining(`via proxy 127.0.0.1:${proxy.port}`) });
    expect(proxy.targets()).toEqual([target]);
  });

  test('without ca_file: Failed (tls), naming the route and pointing at ca_file', async () => {
    const { code, body } = await testConnection(simulatorDevice(secure, { proxy: proxy.url }), {});
    expect(code).toBe(1);
    expect(body).toMatchObject({
      status: 'Failed',
      category: 'tls',
      message: expect.stringMatching(new RegExp(`^TLS verification failed for ${escape(target)} via proxy 127\\.0\\.0\\.1:${proxy.port} \\(UNABLE_TO_VERIFY_LEAF_SIGNATURE\\).*"ca_file"`)),
    });
    // The tunnel was opened; the handshake inside it was refused, so no request reached the API.
    expect(proxy.targets()).toContain(target);
    expect(secure.stats().requests).toBe(0);
  });
});
