import { execFileSync, spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { packAddon } from '../../scripts/pack-addon';
import type { Simulator } from '../../src/simulator';
import { API_KEY } from '../support/devices';
import { simulatedTenant, simulatorDevice } from '../support/simulated-tenant';
import { tempDir, writeDevice } from '../support/tmp';

function runNode(script: string, args: string[], cwd: string): Promise<{ status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [script, ...args], { cwd, env: { PATH: process.env.PATH, NO_PROXY: '*' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.on('close', (status) => resolve({ status, stdout }));
  });
}

describe('npm run pack:addon', () => {
  let simulator: Simulator;
  afterAll(async () => simulator?.stop());

  test('the bundle unpacks and runs validate and test-connection on its own', async () => {
    const out = tempDir();
    const { archive, checksum } = packAddon(out);
    const [digest, name] = fs.readFileSync(checksum, 'utf8').trim().split(/\s+/);
    expect(name).toBe('jumpcloud-1.0.0.tgz');
    expect(digest).toBe(createHash('sha256').update(fs.readFileSync(archive)).digest('hex'));

    const unpacked = tempDir();
    execFileSync('tar', ['-xzf', archive, '-C', unpacked]);
    const top = path.join(unpacked, 'jumpcloud-1.0.0');
    for (const entry of ['manifest.json', 'schema/device.schema.json', 'schema/event.schema.json', 'dist/index.js', 'assets/icon.svg', 'README.md', 'node_modules/axios']) {
      expect(fs.existsSync(path.join(top, entry))).toBe(true);
    }
    expect(fs.existsSync(path.join(top, 'node_modules/jest'))).toBe(false);
    expect(fs.existsSync(path.join(top, 'src'))).toBe(false);

    simulator = await simulatedTenant(10);
    const device = writeDevice(tempDir(), 'device.json', simulatorDevice(simulator));
    // Run from the unpacked copy only: its own node_modules, no ts-node, no access to this checkout.
    const cli = (args: string[]) => runNode(path.join(top, 'dist/cli/main.js'), args, unpacked);
    const validated = await cli(['validate', '--device', device]);
    expect(validated.status).toBe(0);
    const connected = await cli(['test-connection', '--device', device, '--json']);
    expect(connected.status).toBe(0);
    expect(JSON.parse(connected.stdout)).toMatchObject({ status: 'Connected' });
    expect(connected.stdout + validated.stdout).not.toContain(API_KEY);

    const plugin = require(path.join(top, 'dist/index.js'));
    expect(Object.keys(plugin.default).sort()).toEqual(['collect', 'manifest', 'testConnection', 'validate']);
  });
});
