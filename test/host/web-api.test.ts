import * as fs from 'node:fs';
import http from 'node:http';
import * as path from 'node:path';
import { run } from '../../src/cli/commands/serve';
import { UsageError } from '../../src/cli/io';
import { loadDeviceFile } from '../../src/host/device-file';
import { bindingProblem, MAX_BODY_BYTES, startWebServer, type WebServer } from '../../src/host/web/server';
import type { DeviceStatus } from '../../src/host/status';
import { API_KEY, ORG_ID, OTHER_ORG_ID } from '../support/devices';
import { simulatedTenant } from '../support/simulated-tenant';
import { tempDir } from '../support/tmp';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
  body: any;
}

/** Every body any test received: none may contain the API key. */
const bodies: string[] = [];

function request(server: WebServer, method: string, url: string, options: { body?: unknown; headers?: Record<string, string>; raw?: string } = {}): Promise<Answer> {
  const payload = options.raw ?? (options.body === undefined ? undefined : JSON.stringify(options.body));
  const headers: Record<string, string> = {
    ...(payload !== undefined ? { 'Content-Type': 'application/json', 'Content-Length': String(Buffer.byteLength(payload)) } : {}),
    ...options.headers,
  };
  return new Promise((resolve, reject) => {
    const req = http.request(`${server.url}${url}`, { method, headers }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (text += chunk));
      res.on('end', () => {
        bodies.push(text, JSON.stringify(res.headers));
        let body: unknown;
        try {
          body = JSON.parse(text);
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, body });
      });
    });
    req.on('error', reject);
    if (payload !== undefined) req.write(payload);
    req.end();
  });
}

/** The form as the page posts it: Configuration JSON as the text typed into the textarea. */
function form(overrides: Record<string, unknown> = {}, config: Record<string, unknown> = {}): Record<string, unknown> {
  return { device_name: 'JumpCloud', cce_ip: '10.0.0.15', access_id: '', secret_key: API_KEY, config: JSON.stringify({ org_id: ORG_ID, ...config }), ...overrides };
}

describe('web console API', () => {
  let devicesDir: string;
  let stateDir: string;
  let server: WebServer;
  const post = (url: string, body: unknown, headers: Record<string, string> = {}) => request(server, 'POST', url, { body, headers });
  const get = (url: string, headers: Record<string, string> = {}) => request(server, 'GET', url, { headers });

  beforeEach(async () => {
    devicesDir = tempDir('adr-web-devices-');
    stateDir = tempDir('adr-web-state-');
    server = await startWebServer({ devicesDir, stateDir });
  });
  afterEach(async () => server.close());
  afterAll(() => {
    expect(bodies.length).toBeGreaterThan(40);
    for (const body of bodies) expect(body).not.toContain(API_KEY);
  });

  test('create a valid device: 201, <key>.json with mode 0600 that the runtime loads', async () => {
    const answer = await post('/api/devices', form({}, { services: ['directory', 'sso'] }));
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({ ok: true, key: 'JumpCloud', location: '/devices/JumpCloud/edit', warnings: [] });
    const file = path.join(devicesDir, 'JumpCloud.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toEqual({ ...form(), config: { org_id: ORG_ID, services: ['directory', 'sso'] } });
    const loaded = loadDeviceFile(file);
    expect(loaded).toMatchObject({ ok: true, warnings: [] });
    expect(fs.readdirSync(devicesDir)).toEqual(['JumpCloud.json']);
  });

  test('a second device gets its own key from its name', async () => {
    expect((await post('/api/devices', form({ device_name: 'JumpCloud - Customer A' }))).body.key).toBe('JumpCloud-Customer-A');
    expect((await post('/api/devices', form({ device_name: 'JumpCloud - Customer A' }, { org_id: OTHER_ORG_ID }))).body.key).toBe('JumpCloud-Customer-A-2');
  });

  test('an invalid device: 422 with the errors by field, nothing written', async () => {
    const answer = await post('/api/devices', form({ cce_ip: '10.0.0', secret_key: 'short' }, { org_id: 'not-an-org', regoin: 'eu' }));
    expect(answer.status).toBe(422);
    const fields = answer.body.errors.map((e: { field: string }) => e.field);
    expect(fields).toEqual(expect.arrayContaining(['cce_ip', 'secret_key', 'config.regoin']));
    expect(answer.body.errors.find((e: { field: string }) => e.field === 'cce_ip').message).toMatch(/^CCE IP: expected the IPv4 or IPv6 address/);
    expect(answer.body.errors.find((e: { field: string }) => e.field === 'config.regoin').message).toMatch(/did you mean "region"/);
    expect(fs.readdirSync(devicesDir)).toEqual([]);

    const badOrg = await post('/api/devices', form({}, { org_id: 'not-an-org' }));
    expect(badOrg.body.errors).toEqual([{ field: 'config.org_id', message: expect.stringMatching(/^Configuration JSON → org_id: expected the 24-character Organization ID/) }]);
    const notJson = await post('/api/devices', form({ config: '{"org_id": ' }));
    expect(notJson.body.errors).toEqual([{ field: 'config', message: expect.stringMatching(/is not valid JSON: .* at line 1, column 12/) }]);
  });

  test('warnings come back with a successful save', async () => {
    const answer = await post('/api/devices', form({}, { base_url: 'http://127.0.0.1:9', services: ['directory', 'radius2'] }));
    expect(answer.status).toBe(201);
    expect(answer.body.warnings.map((w: { field: string }) => w.field)).toEqual(['config.services', 'config.base_url']);
  });

  test('an Organization ID that another device file collects: 409 naming that device', async () => {
    expect((await post('/api/devices', form({ device_name: 'Tenant A' }, { services: ['directory'] }))).status).toBe(201);
    // Distinct services of the same organization do not overlap.
    expect((await post('/api/devices', form({ device_name: 'Tenant A SSO' }, { services: ['sso'] }))).status).toBe(201);
    // "all" overlaps everything; the Organization ID is compared case-insensitively.
    const dup = await post('/api/devices', form({ device_name: 'Tenant B' }, { org_id: ORG_ID.toUpperCase() }));
    expect(dup.status).toBe(409);
    expect(dup.body.error).toMatch(/Organization ID 5a2af2a82cf2b0010053ea41 is already collected by device "Tenant A" \(Tenant-A\.json\)/);
    expect(dup.body.errors).toEqual([{ field: 'config.org_id', message: dup.body.error }]);
    expect((await post('/api/devices', form({ device_name: 'Tenant C' }, { services: ['sso', 'ldap'] }))).body.error).toMatch(/"Tenant A SSO"/);
    expect(fs.readdirSync(devicesDir).sort()).toEqual(['Tenant-A-SSO.json', 'Tenant-A.json']);
    // A device does not conflict with itself on update.
    expect((await post('/api/devices/Tenant-A', form({ device_name: 'Tenant A', secret_key: '' }, { services: ['directory', 'systems'] }))).status).toBe(200);
  });

  test('edit with a blank secret keeps the stored key; a new key replaces it', async () => {
    await post('/api/devices', form());
    const file = path.join(devicesDir, 'JumpCloud.json');
    fs.writeFileSync(file, JSON.stringify({ ...JSON.parse(fs.readFileSync(file, 'utf8')), enabled: false }), { mode: 0o644 });
    const kept = await post('/api/devices/JumpCloud', form({ device_name: 'JumpCloud Prod', secret_key: '' }, { region: 'eu' }));
    expect(kept.status).toBe(200);
    const saved = JSON.parse(fs.readFileSync(file, 'utf8'));
    expect(saved).toMatchObject({ device_name: 'JumpCloud Prod', secret_key: API_KEY, enabled: false, config: { org_id: ORG_ID, region: 'eu' } });
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    // Without the key at all (not just blank) too.
    const { secret_key: _omitted, ...withoutSecret } = form({ device_name: 'JumpCloud' }, { region: 'eu' });
    expect((await post('/api/devices/JumpCloud', withoutSecret)).status).toBe(200);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).secret_key).toBe(API_KEY);

    const replaced = await post('/api/devices/JumpCloud', form({ secret_key: 'b'.repeat(40) }, { region: 'eu' }));
    expect(replaced.status).toBe(200);
    expect(JSON.parse(fs.readFileSync(file, 'utf8')).secret_key).toBe('b'.repeat(40));
    expect((await post('/api/devices/nope', form())).status).toBe(404);
  });

  test('a stored key is not reused for another API origin: the secret must be typed again', async () => {
    await post('/api/devices', form());
    const moved = await post('/api/devices/JumpCloud', form({ secret_key: '' }, { base_url: 'http://127.0.0.1:9' }));
    expect(moved.status).toBe(422);
    expect(moved.body.errors).toEqual([{ field: 'secret_key', message: expect.stringMatching(/^Password \/ Secret Key: enter it again: the API origin changed from https:\/\/api\.jumpcloud\.com to http:\/\/127\.0\.0\.1:9/) }]);
    const tested = await post('/api/test-connection', { ...form({ secret_key: '' }, { base_url: 'http://127.0.0.1:9' }), key: 'JumpCloud' });
    expect(tested.body).toMatchObject({ status: 'Failed', category: 'config', errors: [{ field: 'secret_key' }] });
    expect((await post('/api/devices/JumpCloud', form({}, { base_url: 'http://127.0.0.1:9' }))).status).toBe(200);
  });

  test('reading a device never returns its secret, on any page or API', async () => {
    await post('/api/devices', form());
    const answers = await Promise.all(['/api/devices/JumpCloud', '/api/devices', '/devices/JumpCloud/edit', '/devices/new', '/', '/status', '/api/status'].map((u) => get(u)));
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(answer.text).not.toContain(API_KEY);
    }
    expect(answers[0].body).toEqual({ key: 'JumpCloud', device_name: 'JumpCloud', cce_ip: '10.0.0.15', access_id: '', config: { org_id: ORG_ID }, has_secret: true });
    expect(answers[2].text).toContain('placeholder="•••••• (unchanged — leave blank to keep)"');
    expect(answers[2].text).toMatch(/<input type="password" autocomplete="new-password" id="field-secret_key"[^>]* value="">/);
    // A secret that reaches a reply by mistake (here: pasted into a name) leaves redacted.
    await post('/api/devices/JumpCloud', form({ secret_key: '', device_name: `x ${API_KEY}` }));
    const leaked = await get('/api/devices/JumpCloud');
    expect(leaked.body.device_name).toBe('x [REDACTED]');
  });

  test('names are escaped in every page (no markup injection)', async () => {
    const name = '<img src=x onerror=alert(1)>"\'&';
    expect((await post('/api/devices', form({ device_name: name }))).status).toBe(201);
    for (const url of ['/', '/devices/img-src-x-onerror-alert-1/edit']) {
      const page = await get(url);
      expect(page.status).toBe(200);
      expect(page.text).not.toContain('<img src=x');
      expect(page.text).toContain('&lt;img src=x onerror=alert(1)&gt;&quot;&#39;&amp;');
    }
  });

  test('cross-origin and cross-site POSTs: 403, nothing written', async () => {
    const foreign = await post('/api/devices', form(), { Origin: 'http://evil.example' });
    expect(foreign.status).toBe(403);
    expect(foreign.body.error).toMatch(/Origin http:\/\/evil\.example is not this console/);
    expect((await post('/api/devices', form(), { Origin: 'null' })).status).toBe(403);
    expect((await post('/api/devices', form(), { Origin: `http://localhost:${server.port + 1}` })).status).toBe(403);
    expect((await post('/api/test-connection', form(), { 'Sec-Fetch-Site': 'cross-site' })).status).toBe(403);
    expect((await post('/api/devices', form(), { 'Sec-Fetch-Site': 'same-site' })).status).toBe(403);
    expect(fs.readdirSync(devicesDir)).toEqual([]);
    expect((await post('/api/devices', form(), { Origin: server.url, 'Sec-Fetch-Site': 'same-origin' })).status).toBe(201);
    expect((await post('/api/devices', form({}, { org_id: OTHER_ORG_ID }), { Origin: `http://localhost:${server.port}` })).status).toBe(201);
  });

  test('a Host that is not this console (DNS rebinding) is refused', async () => {
    const answer = await get('/api/status', { Host: `attacker.example:${server.port}` });
    expect(answer.status).toBe(421);
    expect((await get('/api/status', { Host: `localhost:${server.port}` })).status).toBe(200);
  });

  test('API posts need application/json, a small body and valid JSON', async () => {
    expect((await request(server, 'POST', '/api/devices', { raw: JSON.stringify(form()), headers: { 'Content-Type': 'text/plain' } })).status).toBe(415);
    expect((await request(server, 'POST', '/api/devices', { raw: 'device_name=x', headers: { 'Content-Type': 'application/x-www-form-urlencoded' } })).status).toBe(415);
    const big = await request(server, 'POST', '/api/devices', { raw: JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES) }) });
    expect(big.status).toBe(413);
    expect((await request(server, 'POST', '/api/devices', { raw: '{"device_name":' })).status).toBe(400);
    expect((await post('/api/devices', ['not', 'an', 'object'])).status).toBe(400);
    expect((await request(server, 'POST', '/api/devices', { raw: JSON.stringify(form()), headers: { 'Content-Type': 'application/json; charset=utf-8' } })).status).toBe(201);
    expect((await request(server, 'DELETE', '/api/devices/JumpCloud')).status).toBe(405);
    expect((await post('/api/elsewhere', {})).status).toBe(404);
    expect(fs.readdirSync(devicesDir)).toEqual(['JumpCloud.json']);
  });

  test('every reply carries Content-Security-Policy and nosniff', async () => {
    for (const answer of [await get('/'), await get('/api/status'), await get('/missing'), await post('/api/devices', {}, { Origin: 'http://evil.example' })]) {
      expect(answer.headers['content-security-policy']).toMatch(/default-src 'none'; script-src 'sha256-[A-Za-z0-9+/=]+'/);
      expect(answer.headers['content-security-policy']).toContain("frame-ancestors 'none'");
      expect(answer.headers['x-content-type-options']).toBe('nosniff');
      expect(answer.headers['cache-control']).toBe('no-store');
    }
    expect((await get('/icon.svg')).headers['content-type']).toBe('image/svg+xml');
    expect((await get('/devices/..%2f..%2fetc/edit')).status).toBe(404);
    expect((await get('/devices/%E0%A4%A/edit')).status).toBe(404);
  });

  test('Test Connection uses the stored key for a blank secret on edit', async () => {
    const simulator = await simulatedTenant(5);
    try {
      const config = { base_url: simulator.url };
      await post('/api/devices', form({ cce_ip: '127.0.0.1' }, config));
      const stored = await post('/api/test-connection', { ...form({ cce_ip: '127.0.0.1', secret_key: '' }, config), key: 'JumpCloud' });
      expect(stored.status).toBe(200);
      expect(stored.body).toMatchObject({ status: 'Connected', message: expect.stringMatching(/^Connected to JumpCloud Directory Insights at 127\.0\.0\.1:\d+ for organization 5a2af2a82cf2b0010053ea41/) });
      expect(stored.body.warnings).toEqual([expect.objectContaining({ field: 'config.base_url' })]);
      const wrongKey = await post('/api/test-connection', form({ cce_ip: '127.0.0.1', secret_key: 'f'.repeat(40) }, config));
      expect(wrongKey.body).toMatchObject({ status: 'Failed', category: 'auth' });
      const invalid = await post('/api/test-connection', form({ secret_key: '' }, config));
      expect(invalid.body).toMatchObject({ status: 'Failed', category: 'config', errors: [{ field: 'secret_key' }] });
      expect((await post('/api/test-connection', { ...form(), key: 'missing' })).status).toBe(404);
    } finally {
      await simulator.stop();
    }
  });

  test('/api/status: Idle before the first poll, then the runtime\'s status file; Disabled and invalid devices say so', async () => {
    await post('/api/devices', form({ device_name: 'Alpha' }));
    await post('/api/devices', form({ device_name: 'Beta' }, { org_id: OTHER_ORG_ID }));
    fs.writeFileSync(path.join(devicesDir, 'Broken.json'), '{"device_name": "Broken"');
    fs.writeFileSync(path.join(devicesDir, 'Paused.json'), JSON.stringify({ ...form({ device_name: 'Paused' }, { org_id: '0123456789abcdef01234567' }), enabled: false }), { mode: 0o600 });
    let status = await get('/api/status');
    expect(status.body.devices.map((d: { key: string; status: string; category?: string }) => [d.key, d.status, d.category])).toEqual([
      ['Alpha', 'Idle', undefined],
      ['Beta', 'Idle', undefined],
      ['Broken', 'Failed', 'config'],
      ['Paused', 'Disabled', undefined],
    ]);
    const now = Date.now();
    const written: DeviceStatus = {
      device_name: 'Alpha',
      org_id: ORG_ID,
      status: 'Connected/Active',
      last_success: new Date(now - 5_000).toISOString(),
      events_total: 1234,
      events_per_minute: 17,
      lag_seconds: 95,
      next_poll: new Date(now + 55_000).toISOString(),
      warnings: [],
      updated_at: new Date(now).toISOString(),
    };
    fs.writeFileSync(path.join(stateDir, 'Alpha.status.json'), JSON.stringify(written));
    fs.writeFileSync(path.join(stateDir, 'Beta.status.json'), JSON.stringify({ ...written, device_name: 'Beta', status: 'Failed', category: 'auth', last_error: 'JumpCloud rejected the API key (HTTP 401)', last_error_at: new Date(now - 60_000).toISOString() }));
    status = await get('/api/status');
    const [alpha, beta] = status.body.devices;
    expect(alpha).toMatchObject({ key: 'Alpha', status: 'Connected/Active', tone: 'ok', events_total: 1234, events_per_minute: 17, lag_seconds: 95 });
    expect(alpha.cells).toEqual(['Alpha', 'Connected/Active', expect.stringMatching(/ UTC \(5s ago\)$/), '—', '1234', '17', '1m 35s', expect.stringMatching(/ UTC \(in 5[45]s\)$/)]);
    expect(beta.cells.slice(1, 4)).toEqual(['Failed (auth)', expect.stringMatching(/ UTC \(5s ago\)$/), expect.stringMatching(/^JumpCloud rejected the API key \(HTTP 401\) \(.* UTC \(1m 0s ago\)\)$/)]);
    expect(status.body.devices[2].cells[3]).toMatch(/not valid JSON/);
    const page = await get('/');
    expect(page.text).toContain('<table id="status-table" data-refresh-ms="5000">');
    expect(page.text).toMatch(/<tr class="tone-ok" data-key="Alpha"><td><a href="\/devices\/Alpha\/edit">Alpha<\/a><\/td><td class="state">Connected\/Active<\/td>/);
    expect((await get('/devices/Broken/edit')).text).toMatch(/id="error-form"><li>Device file: Broken\.json is not valid JSON/);
  });
});

describe('binding and token', () => {
  const dirs = () => ['--devices', tempDir(), '--state-dir', tempDir()];

  test('a non-loopback --host without --token is refused before listening (exit 2)', async () => {
    expect(bindingProblem('0.0.0.0', undefined)).toMatch(/--host 0\.0\.0\.0 is not a loopback address.*--token/);
    expect(bindingProblem('192.168.1.20', undefined)).toBeDefined();
    expect(bindingProblem('::', undefined)).toBeDefined();
    for (const host of ['127.0.0.1', '127.0.0.2', '::1', '[::1]', 'localhost']) expect(bindingProblem(host, undefined)).toBeUndefined();
    expect(bindingProblem('0.0.0.0', 't'.repeat(32))).toBeUndefined();
    await expect(run([...dirs(), '--host', '0.0.0.0'])).rejects.toThrow(UsageError);
    await expect(run([...dirs(), '--host', '0.0.0.0'])).rejects.toThrow(/not a loopback address/);
    await expect(startWebServer({ devicesDir: tempDir(), stateDir: tempDir(), host: '0.0.0.0' })).rejects.toThrow(/not a loopback address/);
    await expect(run([...dirs(), '--token', 'short'])).rejects.toThrow(/at least 16 characters/);
    await expect(run([...dirs(), '--port', 'http'])).rejects.toThrow(/--port must be a number/);
    await expect(run(['--devices', tempDir()])).rejects.toThrow(/--state-dir is required/);
  });

  test('with a token every request needs it: Bearer header, or the cookie that /?token= sets', async () => {
    const token = 'c2VjcmV0LXRva2VuLTEyMzQ1Njc4';
    const server = await startWebServer({ devicesDir: tempDir(), stateDir: tempDir(), token });
    try {
      expect(server.openUrl).toBe(`${server.url}/?token=${token}`);
      expect((await request(server, 'GET', '/')).status).toBe(401);
      expect((await request(server, 'GET', '/api/status', { headers: { Authorization: 'Bearer wrong' } })).status).toBe(401);
      expect((await request(server, 'POST', '/api/devices', { body: form() })).status).toBe(401);
      expect((await request(server, 'GET', '/api/status', { headers: { Authorization: `Bearer ${token}` } })).status).toBe(200);
      expect((await request(server, 'GET', '/?token=wrong')).status).toBe(401);
      const login = await request(server, 'GET', `/status?token=${token}&x=1`);
      expect(login.status).toBe(303);
      expect(login.headers.location).toBe('/status?x=1');
      const setCookie = (login.headers['set-cookie'] ?? [])[0];
      expect(setCookie).toMatch(/^adr_addon_token=.+; HttpOnly; SameSite=Strict; Path=\/$/);
      const cookie = setCookie.split(';')[0];
      expect((await request(server, 'GET', '/', { headers: { Cookie: cookie } })).status).toBe(200);
      expect((await request(server, 'POST', '/api/devices', { body: form(), headers: { Cookie: cookie, Origin: server.url } })).status).toBe(201);
      // The token does not make a foreign origin acceptable.
      expect((await request(server, 'POST', '/api/devices', { body: form(), headers: { Cookie: cookie, Origin: 'http://evil.example' } })).status).toBe(403);
    } finally {
      await server.close();
    }
  });

  test('adr-addon serve prints the URL and serves until stopped', async () => {
    const lines: string[] = [];
    const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
      lines.push(String(chunk));
      return true;
    });
    const controller = new AbortController();
    try {
      const done = run([...dirs(), '--port', '0'], controller.signal);
      for (let i = 0; i < 100 && lines.length === 0; i++) await new Promise((r) => setTimeout(r, 20));
      expect(lines.join('')).toMatch(/^Console listening on http:\/\/127\.0\.0\.1:\d+\/\n$/);
      const url = /http:\/\/\S+/.exec(lines.join(''))?.[0] as string;
      const page = await fetch(url);
      expect(page.status).toBe(200);
      expect(await page.text()).toContain('Collection Status');
      controller.abort();
      await expect(done).resolves.toBe(0);
    } finally {
      spy.mockRestore();
    }
  });
});
