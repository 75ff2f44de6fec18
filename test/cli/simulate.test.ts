import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli, startCli } from '../support/cli';
import { tempDir } from '../support/tmp';

test('adr-addon simulate serves a tenant and writes a ready device file without printing its key', async () => {
  const deviceFile = path.join(tempDir(), 'sim-device.json');
  const { child, done } = startCli(['simulate', '--device-out', deviceFile, '--events', '50']);
  const announced = await new Promise<{ url: string; device_file: string }>((resolve, reject) => {
    let text = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      text += chunk.toString();
      if (text.includes('\n')) resolve(JSON.parse(text.split('\n')[0]));
    });
    child.on('exit', () => reject(new Error('simulate exited early')));
  });
  expect(announced.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  expect(announced.device_file).toBe(deviceFile);
  expect(fs.statSync(deviceFile).mode & 0o777).toBe(0o600);
  const { secret_key: key } = JSON.parse(fs.readFileSync(deviceFile, 'utf8'));

  const connection = await runCli(['test-connection', '--device', deviceFile, '--json']);
  expect(JSON.parse(connection.stdout)).toMatchObject({ status: 'Connected' });
  child.kill('SIGTERM');
  const result = await done;
  expect(result.code).toBe(0);
  expect(result.stdout + result.stderr + connection.stdout).not.toContain(key);
});
