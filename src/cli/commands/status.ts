import * as fs from 'node:fs';
import * as path from 'node:path';
import { findDuplicateDevices, isAssignedHere, localAddresses } from '../../host/assignment';
import { scanDeviceDirectory } from '../../host/device-directory';
import { statePaths } from '../../host/runtime';
import { placeholderStatus, readStatus, type DeviceStatus } from '../../host/status';
import { renderStatusTable } from '../../host/status-table';
import { EXIT_OK, out, parseOptions } from '../io';

export const usage = 'status --state-dir DIR [--devices DIR] [--cce-ip ADDR]... [--json]   Collection Status of every device';

function statusesInStateDir(stateDir: string): Map<string, DeviceStatus> {
  const statuses = new Map<string, DeviceStatus>();
  let names: string[] = [];
  try {
    names = fs.readdirSync(stateDir);
  } catch {
    return statuses;
  }
  const keys = names.filter((n) => n.endsWith('.status.json')).map((n) => n.slice(0, -'.status.json'.length));
  for (const key of keys.sort()) {
    const status = readStatus(statePaths(stateDir, key).status);
    if (status) statuses.set(key, status);
  }
  return statuses;
}

/** With --devices, every device file gets a row: assigned elsewhere, duplicate or not yet polled. */
function withDeviceFiles(statuses: Map<string, DeviceStatus>, devicesDir: string, stateDir: string, cceIps: string[]): Map<string, DeviceStatus> {
  const entries = scanDeviceDirectory(devicesDir);
  const rows = new Map<string, DeviceStatus>();
  const valid = [...entries.values()].flatMap((e) => (e.loaded.ok ? [{ key: e.key, device: e.loaded.device }] : []));
  const duplicates = findDuplicateDevices(valid.filter((v) => v.device.enabled));
  for (const [key, entry] of entries) {
    const known = statuses.get(key) ?? readStatus(statePaths(stateDir, key).status);
    const device = entry.loaded.ok ? entry.loaded.device : undefined;
    const base = known ?? placeholderStatus(key, device, 'Idle', 'Not polled yet');
    let row = base;
    if (device && !isAssignedHere(device, cceIps)) row = { ...base, status: 'Assigned elsewhere', message: `Collected by the CCE at ${device.cce_ip}${known ? ` (last: ${known.status})` : ''}` };
    if (duplicates.has(key)) row = { ...row, status: 'Failed', category: 'duplicate', message: `Same Organization ID and overlapping services as ${duplicates.get(key)}.json: events would be collected twice` };
    rows.set(key, row);
  }
  return rows;
}

export async function run(argv: string[]): Promise<number> {
  const options = parseOptions(argv, { 'state-dir': { type: 'string' }, devices: { type: 'string' }, 'cce-ip': { type: 'string', multiple: true }, json: { type: 'boolean' } }, ['state-dir']);
  const stateDir = path.resolve(options['state-dir'] as string);
  let statuses = statusesInStateDir(stateDir);
  if (options.devices) statuses = withDeviceFiles(statuses, path.resolve(options.devices as string), stateDir, (options['cce-ip'] as string[] | undefined) ?? localAddresses());
  const rows = [...statuses.entries()].map(([key, status]) => ({ key, ...status }));
  if (options.json) out(JSON.stringify(rows, null, 2));
  else out(rows.length > 0 ? renderStatusTable(rows) : `No device status in ${stateDir} yet.`);
  return EXIT_OK;
}
