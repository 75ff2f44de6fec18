import * as fs from 'node:fs';
import * as path from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { manifest } from '../../src/manifest';
import type { Simulator } from '../../src/simulator';
import { startWebServer, type WebServer } from '../../src/host/web/server';
import type { DeviceStatus } from '../../src/host/status';
import { CHROMIUM, hasChromium, launchBrowser } from '../support/browser';
import { API_KEY, ORG_ID } from '../support/devices';
import { simulatedTenant } from '../support/simulated-tenant';
import { tempDir } from '../support/tmp';

const suite = hasChromium() ? describe : describe.skip;
if (!hasChromium()) {
  // eslint-disable-next-line no-console
  console.warn(`web console browser tests SKIPPED: ${CHROMIUM} is missing (apt-get install -y chromium; CI installs it)`);
}

/** A PNG with real content: the signature, more than a few KB (one flat colour compresses to ~4 KB). */
function expectRealPng(png: Buffer): void {
  expect(png.subarray(0, 8).toString('hex')).toBe('89504e470d0a1a0a');
  expect(png.length).toBeGreaterThan(15_000);
}

suite('web console in a browser (headless chromium)', () => {
  let simulator: Simulator;
  let server: WebServer;
  let devicesDir: string;
  let stateDir: string;
  let context: BrowserContext;
  let closeBrowser: () => Promise<void>;
  let page: Page;
  const problems: string[] = [];
  const screenshots: Buffer[] = [];

  beforeAll(async () => {
    simulator = await simulatedTenant(20);
    devicesDir = tempDir('adr-web-devices-');
    stateDir = tempDir('adr-web-state-');
    server = await startWebServer({ devicesDir, stateDir, refreshMs: 300 });
    ({ context, close: closeBrowser } = await launchBrowser());
    page = await context.newPage();
    // A CSP violation (a blocked script or style) or a missing resource shows up as a console error;
    // the 422 of an invalid save is the API answering as it should.
    page.on('console', (message) => {
      if (message.type() === 'error' && !/status of 422 \(Unprocessable Entity\)/.test(message.text())) problems.push(message.text());
    });
    page.on('pageerror', (error) => problems.push(error.message));
  }, 60_000);

  afterAll(async () => {
    await closeBrowser?.();
    await server?.close();
    await simulator?.stop();
  });

  afterEach(() => expect(problems.splice(0)).toEqual([]));

  const field = (key: string) => page.locator(`.field[data-field="${key}"]`);

  test('the Add-On Store form is the manifest form: labels in order, placeholders, help, masked secret, default Configuration JSON', async () => {
    await page.goto(`${server.url}/devices/new`);
    const labels = await page.locator('#device-form label').allTextContents();
    expect(labels.map((l) => l.replace(/\s*\*$/, ''))).toEqual(manifest.form.map((f) => f.label));
    for (const f of manifest.form) {
      const input = field(f.key).locator(`#field-${f.key}`);
      expect(await field(f.key).locator('.help').textContent()).toBe(f.help);
      if (f.placeholder) expect(await input.getAttribute('placeholder')).toBe(f.placeholder);
      expect(await input.inputValue()).toBe(f.masked ? '' : (f.default ?? ''));
    }
    expect(await page.locator('#field-secret_key').getAttribute('type')).toBe('password');
    expect(await page.locator('#field-config').evaluate((el) => el.tagName)).toBe('TEXTAREA');
    screenshots.push(await page.screenshot({ fullPage: true }));
  });

  test('an invalid Organization ID: the error appears inline under Configuration JSON; fixed, the device is saved', async () => {
    await page.goto(`${server.url}/devices/new`);
    await page.fill('#field-cce_ip', '127.0.0.1');
    await page.fill('#field-secret_key', API_KEY);
    await page.fill('#field-config', JSON.stringify({ org_id: 'not-an-org', base_url: simulator.url, lookback: '2h' }, null, 2));
    await page.click('#save');
    const error = field('config').locator('#error-config');
    await error.waitFor({ state: 'visible' });
    expect(await error.textContent()).toMatch(/^Configuration JSON → org_id: expected the 24-character Organization ID/);
    expect(await page.locator('#field-config').getAttribute('aria-invalid')).toBe('true');
    expect(await page.locator('#error-device_name').isHidden()).toBe(true);
    expect(await page.locator('#result').textContent()).toMatch(/Not saved/);
    // Next to the field: right under the textarea.
    const [box, below] = [await page.locator('#field-config').boundingBox(), await error.boundingBox()];
    expect(below!.y).toBeGreaterThan(box!.y + box!.height - 1);
    expect(below!.y - (box!.y + box!.height)).toBeLessThan(30);
    expect(fs.readdirSync(devicesDir)).toEqual([]);
    screenshots.push(await page.screenshot({ fullPage: true }));

    await page.fill('#field-config', JSON.stringify({ org_id: ORG_ID, base_url: simulator.url, lookback: '2h' }, null, 2));
    await Promise.all([page.waitForURL(/\/devices\/JumpCloud\/edit\?saved=1$/), page.click('#save')]);
    expect(await page.locator('#result').textContent()).toBe('Saved as JumpCloud.json.');
    const file = path.join(devicesDir, 'JumpCloud.json');
    expect(fs.statSync(file).mode & 0o777).toBe(0o600);
    expect(JSON.parse(fs.readFileSync(file, 'utf8'))).toMatchObject({ secret_key: API_KEY, config: { org_id: ORG_ID, base_url: simulator.url } });
    // The warning about a loopback base_url is shown next to the field it is about.
    expect(await field('config').locator('#warning-config').textContent()).toMatch(/loopback address/);
  });

  test('on edit the secret is never in the page; Test Connection with it blank uses the stored key: Connected', async () => {
    await page.goto(`${server.url}/devices/JumpCloud/edit`);
    expect(await page.content()).not.toContain(API_KEY);
    const secret = page.locator('#field-secret_key');
    expect(await secret.inputValue()).toBe('');
    expect(await secret.getAttribute('placeholder')).toBe('•••••• (unchanged — leave blank to keep)');
    await page.click('#test-connection');
    const connection = page.locator('#connection');
    await page.locator('#connection', { hasText: /^(Connected|Failed)/ }).waitFor();
    expect(await connection.textContent()).toMatch(/^Connected: Connected to JumpCloud Directory Insights at 127\.0\.0\.1:\d+ for organization 5a2af2a82cf2b0010053ea41 \(\d+ events? in the last minute\) \(\d+ ms\)$/);
    expect(await connection.getAttribute('class')).toBe('notice ok');
    expect(simulator.requestLog().at(-1)).toMatchObject({ endpoint: 'count', org_id: ORG_ID, status: 200 });

    // A wrong key typed in: Failed with the category.
    await secret.fill('f'.repeat(40));
    await page.click('#test-connection');
    await page.locator('#connection', { hasText: /^Failed/ }).waitFor();
    expect(await connection.textContent()).toMatch(/^Failed \(auth\): .*HTTP 401/);
    expect(await page.content()).not.toContain(API_KEY);
  });

  test('Collection Status shows the devices and refreshes itself when the runtime writes a status file', async () => {
    await page.goto(`${server.url}/`);
    const row = page.locator('#status-table tbody tr[data-key="JumpCloud"]');
    expect(await row.locator('td').allTextContents()).toEqual(['JumpCloud', 'Idle', '—', '—', '0', '0', '—', '—']);
    await page.evaluate('window.marker = 42');
    const now = Date.now();
    const status: DeviceStatus = {
      device_name: 'JumpCloud',
      org_id: ORG_ID,
      status: 'Connected/Active',
      last_success: new Date(now).toISOString(),
      events_total: 20,
      events_per_minute: 3,
      lag_seconds: 130,
      next_poll: new Date(now + 60_000).toISOString(),
      warnings: [],
      updated_at: new Date(now).toISOString(),
    };
    fs.writeFileSync(path.join(stateDir, 'JumpCloud.status.json'), JSON.stringify(status));
    await row.locator('td.state', { hasText: 'Connected/Active' }).waitFor({ timeout: 10_000 });
    const cells = await row.locator('td').allTextContents();
    expect(cells.slice(0, 2)).toEqual(['JumpCloud', 'Connected/Active']);
    expect(cells.slice(4, 7)).toEqual(['20', '3', '2m 10s']);
    expect(await row.getAttribute('class')).toBe('tone-ok');
    expect(await page.locator('#updated').textContent()).toMatch(/^Updated /);
    // Same document: refreshed in place, not reloaded.
    expect(await page.evaluate('window.marker')).toBe(42);

    fs.writeFileSync(path.join(stateDir, 'JumpCloud.status.json'), JSON.stringify({ ...status, status: 'Failed', category: 'auth', last_error: 'JumpCloud rejected the API key (HTTP 401)', last_error_at: new Date().toISOString() }));
    await row.locator('td.state', { hasText: 'Failed (auth)' }).waitFor({ timeout: 10_000 });
    expect(await row.getAttribute('class')).toBe('tone-failed');
    expect(await row.locator('td').nth(3).textContent()).toMatch(/^JumpCloud rejected the API key \(HTTP 401\)/);
    screenshots.push(await page.screenshot({ fullPage: true }));

    // The device link leads to its edit form.
    await Promise.all([page.waitForURL(/\/devices\/JumpCloud\/edit$/), row.locator('a').click()]);
  });

  test('screenshots are real, distinct PNGs', () => {
    expect(screenshots).toHaveLength(3);
    screenshots.forEach(expectRealPng);
    const [form, formWithError, status] = screenshots;
    expect(form.equals(formWithError)).toBe(false);
    expect(form.equals(status)).toBe(false);
    expect(Math.abs(form.length - status.length)).toBeGreaterThan(100);
  });
});
