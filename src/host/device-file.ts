import * as fs from 'node:fs';
import type { FieldMessage, NormalizedDevice } from '../contract';
import { parseJsonText } from '../config/json-text';
import { validate } from '../config/validate';

/** Larger than any honest device file (the Configuration JSON alone is capped at 64 KiB). */
export const MAX_DEVICE_FILE_BYTES = 256 * 1024;

export type DeviceFileResult =
  | { ok: true; device: NormalizedDevice; warnings: FieldMessage[] }
  | { ok: false; errors: FieldMessage[]; warnings: FieldMessage[] };

function deviceError(message: string): DeviceFileResult {
  return { ok: false, errors: [{ field: 'device', message: `Device file: ${message}` }], warnings: [] };
}

/** Reads and validates a saved device file; every failure is a field message, never a stack trace. */
export function loadDeviceFile(file: string): DeviceFileResult {
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch (error) {
    return deviceError(`cannot read ${file} (${(error as NodeJS.ErrnoException).code}): check the path`);
  }
  if (!stat.isFile()) return deviceError(`${file} is not a file`);
  if (stat.size > MAX_DEVICE_FILE_BYTES) return deviceError(`${file} is ${stat.size} bytes; a device file is at most ${MAX_DEVICE_FILE_BYTES} bytes`);
  const parsed = parseJsonText(fs.readFileSync(file, 'utf8'));
  if (!parsed.ok) return deviceError(`${file} is not valid JSON: ${parsed.problem} at line ${parsed.line}, column ${parsed.column}`);
  const result = validate(parsed.value);
  const warnings = [...result.warnings];
  if ((stat.mode & 0o077) !== 0) {
    warnings.push({
      field: 'device',
      message: `Device file: ${file} is readable by other users (mode ${(stat.mode & 0o777).toString(8)}) and holds the secret key: chmod 600 it`,
    });
  }
  return result.ok && result.device ? { ok: true, device: result.device, warnings } : { ok: false, errors: result.errors, warnings };
}
