import * as fs from 'node:fs';
import * as path from 'node:path';
import { runCli } from '../support/cli';
import { allFileContents, readNdjson, tempDir } from '../support/tmp';

test('npm start (adr-addon demo) runs the whole flow and ends with every tenant Connected/Active', async () => {
  const dir = path.join(tempDir(), 'demo');
  const result = await runCli(['demo', '--dir', dir]);
  expect(result.code).toBe(0);
  expect(result.stdout).toMatch(/simulator listening on http:\/\/127\.0\.0\.1:\d+ \(loopback only\)/);
  expect(result.stdout.match(/^ {2}Connected: /gm)).toHaveLength(3);
  expect(result.stdout.match(/Connected\/Active/g)?.length).toBeGreaterThanOrEqual(3);
  expect(result.stdout).toMatch(/JumpCloud - Acme Corp\s+Connected\/Active\s+6000/);
  const out = readNdjson(path.join(dir, 'state', '5a2af2a82cf2b0010053ea41.ndjson'));
  expect(out).toHaveLength(6000);
  expect(new Set(out.map((r) => r.event.id)).size).toBe(6000);
  const keys = fs.readdirSync(path.join(dir, 'devices')).map((f) => JSON.parse(fs.readFileSync(path.join(dir, 'devices', f), 'utf8')).secret_key as string);
  const elsewhere = allFileContents(path.join(dir, 'state')) + result.stdout + result.stderr;
  for (const key of keys) expect(elsewhere).not.toContain(key);
});
