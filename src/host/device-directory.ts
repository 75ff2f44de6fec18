import * as fs from 'node:fs';
import * as path from 'node:path';
import { loadDeviceFile, type DeviceFileResult } from './device-file';

export const DEVICE_KEY = /^[A-Za-z0-9._-]{1,64}$/;

export interface DeviceEntry {
  key: string;
  file: string;
  /** Changes whenever the file does; a changed fingerprint means "reload". */
  fingerprint: string;
  loaded: DeviceFileResult;
}

/** The device files of a directory (`<key>.json`), loaded and validated, in key order. */
export function scanDeviceDirectory(dir: string, previous: Map<string, DeviceEntry> = new Map()): Map<string, DeviceEntry> {
  const entries = new Map<string, DeviceEntry>();
  let names: string[];
  try {
    names = fs.readdirSync(dir).filter((name) => name.endsWith('.json'));
  } catch {
    return entries;
  }
  const keys = names.map((name) => name.slice(0, -'.json'.length)).sort();
  for (const key of keys) {
    const name = `${key}.json`;
    if (!DEVICE_KEY.test(key)) continue;
    const file = path.join(dir, name);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      continue;
    }
    const fingerprint = `${stat.size}:${stat.mtimeMs}:${stat.ino}:${stat.mode}`;
    const known = previous.get(key);
    entries.set(key, known && known.fingerprint === fingerprint ? known : { key, file, fingerprint, loaded: loadDeviceFile(file) });
  }
  return entries;
}
