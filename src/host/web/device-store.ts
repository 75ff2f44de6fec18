import * as fs from 'node:fs';
import * as path from 'node:path';
import type { FieldMessage, NormalizedDevice } from '../../contract';
import { parseJsonText } from '../../config/json-text';
import { fieldMessage } from '../../config/messages';
import { registerSecret } from '../../log/secrets';
import { writeFileAtomic } from '../../util/atomic-write';
import { findDuplicateDevices } from '../assignment';
import { DEVICE_KEY, scanDeviceDirectory } from '../device-directory';
import { MAX_DEVICE_FILE_BYTES } from '../device-file';

export type StoredDevice = Record<string, unknown>;

export interface DeviceEntry {
  key: string;
  file: string;
  /** The parsed file, when it is a JSON object. */
  device?: StoredDevice;
  /** Why the file could not be read as a device object. */
  problem?: string;
}

export interface OrgConflict {
  key: string;
  device_name: string;
}

export function isDeviceKey(key: string): boolean {
  return DEVICE_KEY.test(key) && key !== '.' && key !== '..';
}

/** "JumpCloud - Customer A" → "JumpCloud-Customer-A": a readable file name for a new device. */
export function keyFromName(name: string): string {
  const slug = name
    .replace(/[^A-Za-z0-9._-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[-.]+|[-.]+$/g, '')
    .slice(0, 56);
  return slug || 'device';
}

/** The Configuration JSON of a stored device as an object, whether it was saved as text or as an object. */
export function configObject(device: StoredDevice | undefined): Record<string, unknown> | undefined {
  let config = device?.config;
  if (typeof config === 'string') {
    const parsed = parseJsonText(config);
    config = parsed.ok ? parsed.value : undefined;
  }
  return config !== null && typeof config === 'object' && !Array.isArray(config) ? (config as Record<string, unknown>) : undefined;
}

/**
 * The devices directory: one `<key>.json` per device, mode 0600, replaced atomically. Every secret
 * read or written here is registered for redaction, so it is masked wherever it might surface.
 */
export class DeviceStore {
  constructor(readonly dir: string) {}

  fileFor(key: string): string {
    if (!isDeviceKey(key)) throw new Error(`not a device key: ${JSON.stringify(key)}`);
    return path.join(this.dir, `${key}.json`);
  }

  keys(): string[] {
    let names: string[];
    try {
      names = fs.readdirSync(this.dir);
    } catch {
      return [];
    }
    return names
      .filter((name) => name.endsWith('.json'))
      .map((name) => name.slice(0, -'.json'.length))
      .filter(isDeviceKey)
      .sort((a, b) => a.localeCompare(b));
  }

  read(key: string): DeviceEntry | undefined {
    if (!isDeviceKey(key)) return undefined;
    const file = this.fileFor(key);
    let stat: fs.Stats;
    try {
      stat = fs.statSync(file);
    } catch {
      return undefined;
    }
    if (!stat.isFile()) return undefined;
    if (stat.size > MAX_DEVICE_FILE_BYTES) return { key, file, problem: `${key}.json is larger than ${MAX_DEVICE_FILE_BYTES} bytes` };
    const parsed = parseJsonText(fs.readFileSync(file, 'utf8'));
    if (!parsed.ok) return { key, file, problem: `${key}.json is not valid JSON: ${parsed.problem} at line ${parsed.line}, column ${parsed.column}` };
    if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
      return { key, file, problem: `${key}.json is not a JSON object` };
    }
    const device = parsed.value as StoredDevice;
    if (typeof device.secret_key === 'string') registerSecret(device.secret_key);
    return { key, file, device };
  }

  list(): DeviceEntry[] {
    return this.keys()
      .map((key) => this.read(key))
      .filter((entry): entry is DeviceEntry => entry !== undefined);
  }

  /** A key for a new device named `name` that no file uses yet. */
  newKey(name: string): string {
    const base = keyFromName(name);
    const taken = new Set(this.keys());
    if (!taken.has(base)) return base;
    for (let n = 2; ; n++) if (!taken.has(`${base}-${n}`)) return `${base}-${n}`;
  }

  /**
   * Another valid device file collecting the same Organization ID with overlapping services ("all"
   * overlaps everything): the runtime would collect one of the two, so saving it is refused here.
   */
  orgConflict(key: string | undefined, device: NormalizedDevice): OrgConflict | undefined {
    for (const entry of scanDeviceDirectory(this.dir).values()) {
      if (entry.key === key || !entry.loaded.ok) continue;
      const pair = [{ key: '0', device }, { key: '1', device: entry.loaded.device }];
      if (findDuplicateDevices(pair).size > 0) return { key: entry.key, device_name: entry.loaded.device.device_name };
    }
    return undefined;
  }

  write(key: string, device: StoredDevice): Promise<void> {
    if (typeof device.secret_key === 'string') registerSecret(device.secret_key);
    fs.mkdirSync(this.dir, { recursive: true, mode: 0o700 });
    return writeFileAtomic(this.fileFor(key), `${JSON.stringify(device, null, 2)}\n`, 0o600);
  }
}

export function conflictMessage(orgId: string, conflict: OrgConflict): FieldMessage {
  return fieldMessage(
    'config.org_id',
    `Organization ID ${orgId} is already collected by device "${conflict.device_name}" (${conflict.key}.json) with overlapping services: edit that device instead, or give each device distinct services`,
  );
}
