import * as fs from 'node:fs/promises';
import * as path from 'node:path';

let writes = 0;

/**
 * Replaces a file so that a crash leaves either the old or the new content, never a mix: temp file,
 * fsync, rename, fsync of the directory. Asynchronous, so that one tenant's fsync never stalls the
 * other tenants of the process; each call has its own temp file, so overlapping calls cannot mix.
 */
export async function writeFileAtomic(file: string, content: string, mode = 0o600): Promise<void> {
  const dir = path.dirname(file);
  await fs.mkdir(dir, { recursive: true });
  const temp = path.join(dir, `.${path.basename(file)}.${process.pid}.${++writes}.tmp`);
  const handle = await fs.open(temp, 'w', mode);
  try {
    await handle.writeFile(content);
    await handle.sync();
  } finally {
    await handle.close();
  }
  await fs.rename(temp, file);
  const dirHandle = await fs.open(dir, 'r');
  try {
    await dirHandle.sync();
  } finally {
    await dirHandle.close();
  }
}
