import { runCli } from '../support/cli';
import { API_KEY, deviceForm } from '../support/devices';
import { tempDir, writeDevice } from '../support/tmp';
import pkg from '../../package.json';

describe('adr-addon validate', () => {
  const dir = tempDir();

  test('a valid device exits 0', async () => {
    const result = await runCli(['validate', '--device', writeDevice(dir, 'good.json', deviceForm())]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^valid: JumpCloud \(organization 5a2af2a82cf2b0010053ea41, https:\/\/api.jumpcloud.com\)/);
  });

  test('an invalid device exits 2 with one FIELD: MESSAGE line per error', async () => {
    const file = writeDevice(dir, 'bad.json', deviceForm({ access_id: 'admin', cce_ip: '300.1.1.1' }, { org_id: 'nope', page_size: 0 }));
    const result = await runCli(['validate', '--device', file]);
    expect(result.code).toBe(2);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^cce_ip: CCE IP: /),
        expect.stringMatching(/^config\.org_id: Configuration JSON → org_id: expected the 24-character Organization ID/),
        expect.stringMatching(/^config\.page_size: Configuration JSON → page_size: /),
        expect.stringMatching(/^access_id: Access ID \/ Username: leave this blank/),
      ]),
    );
    expect(lines).toHaveLength(4);
    expect(result.stdout + result.stderr).not.toContain(API_KEY);
  });

  test('--json gives the same verdict as JSON', async () => {
    const file = writeDevice(dir, 'bad2.json', deviceForm({}, { services: ['all', 'sso'] }));
    const result = await runCli(['validate', '--device', file, '--json']);
    expect(result.code).toBe(2);
    expect(JSON.parse(result.stdout)).toEqual({ ok: false, errors: [{ field: 'config.services', message: expect.stringMatching(/must stand alone/) }], warnings: [] });
  });

  test('a device file that is not JSON: field "device", line and column, secret not quoted', async () => {
    const file = writeDevice(dir, 'broken.json', `{\n  "secret_key": "${API_KEY}",\n  "config": {"org_id": }\n}`);
    const result = await runCli(['validate', '--device', file]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/^device: Device file: .* is not valid JSON: expected a value but found character "}" at line 3, column 24/);
    expect(result.stdout + result.stderr).not.toContain(API_KEY);
  });

  test('a missing or oversized device file is a field error, not a crash', async () => {
    expect((await runCli(['validate', '--device', `${dir}/missing.json`])).stdout).toMatch(/^device: Device file: cannot read .*ENOENT/);
    const big = writeDevice(dir, 'big.json', JSON.stringify({ ...deviceForm(), padding: 'x'.repeat(300_000) }));
    const result = await runCli(['validate', '--device', big]);
    expect(result.code).toBe(2);
    expect(result.stdout).toMatch(/at most 262144 bytes/);
  });

  test('a world-readable device file is valid but warned about', async () => {
    const file = writeDevice(dir, 'open.json', deviceForm());
    require('node:fs').chmodSync(file, 0o644);
    const result = await runCli(['validate', '--device', file]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^device: warning: Device file: .* readable by other users \(mode 644\).*chmod 600/m);
  });
});

describe('adr-addon usage', () => {
  test('--help lists the commands and exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/validate --device FILE/);
    expect(result.stdout).toMatch(/test-connection --device FILE/);
    expect(result.stdout).toMatch(/Exit codes: 0 ok, 1 runtime failure, 2 usage or validation error/);
  });

  test('--version prints the package version', async () => {
    expect((await runCli(['--version'])).stdout.trim()).toBe(pkg.version);
  });

  test.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['validate'], /--device is required/],
    [['validate', '--device', 'x', '--colour'], /Unknown option '--colour'/],
    [[], /Usage: adr-addon <command>/],
  ])('%j is a usage error (exit 2)', async (args, message) => {
    const result = await runCli(args);
    expect(result.code).toBe(2);
    expect(result.stdout + result.stderr).toMatch(message);
  });
});
