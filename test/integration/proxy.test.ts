import * as net from 'node:net';
import * as path from 'node:path';
import { eventId } from '../../src/normalize/event-id';
import { generateEvents, startSimulator, type Simulator } from '../../src/simulator';
import { runCli } from '../support/cli';
import { startConnectProxy, type ConnectProxy } from '../support/connect-proxy';
import { API_KEY, ORG_ID } from '../support/devices';
import { HOUR, simulatedTenant, simulatorDevice } from '../support/simulated-tenant';
import { selfSignedCertificate } from '../support/tls';
import { readNdjson, tempDir, writeDevice } from '../support/tmp';

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

function expectExactlyOnce(outFile: string, simulator: Simulator): void {
  const ids = readNdjson(outFile).map((record) => record.event.id as string);
  const truth = simulator.events(ORG_ID).map(eventId);
  expect(truth.length).toBeGreaterThan(0);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.sort()).toEqual([...truth].sort());
}

async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
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
