import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export function tempDir(prefix = 'adr-jc-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function writeDevice(dir: string, name: string, device: unknown): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, typeof device === 'string' ? device : JSON.stringify(device, null, 2), { mode: 0o600 });
  return file;
}

export function readNdjson(file: string): Array<Record<string, any>> {
  if (!fs.existsSync(file)) return [];
  return fs
    .readFileSync(file, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line));
}

/** Every file under dir, as text, for "the secret appears nowhere" checks. */
export function allFileContents(dir: string): string {
  let text = '';
  for (const entry of fs.readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile()) text += fs.readFileSync(path.join(entry.parentPath ?? (entry as any).path, entry.name), 'utf8');
  }
  return text;
}
