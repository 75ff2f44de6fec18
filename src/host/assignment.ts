import * as os from 'node:os';
import type { NormalizedDevice } from '../contract';

/** Every address of this host: the CCE IPs this process serves unless --cce-ip says otherwise. */
export function localAddresses(): string[] {
  return Object.values(os.networkInterfaces())
    .flat()
    .filter((address): address is os.NetworkInterfaceInfo => address !== undefined)
    .map((address) => address.address);
}

function canonicalIp(ip: string): string {
  return ip.toLowerCase().replace(/^::ffff:/, '');
}

/** CCE IP is how ADR spreads devices over CCEs; it is the shard key here too. */
export function isAssignedHere(device: Pick<NormalizedDevice, 'cce_ip'>, cceIps: string[]): boolean {
  const wanted = canonicalIp(device.cce_ip);
  return cceIps.some((ip) => canonicalIp(ip) === wanted);
}

function servicesOverlap(a: string[], b: string[]): boolean {
  return a.includes('all') || b.includes('all') || a.some((service) => b.includes(service));
}

/**
 * Devices that would collect the same events twice: same Organization ID, overlapping services.
 * The first device (in key order) keeps collecting; each later one maps to the device it duplicates.
 */
export function findDuplicateDevices(devices: Array<{ key: string; device: Pick<NormalizedDevice, 'config'> }>): Map<string, string> {
  const duplicates = new Map<string, string>();
  const sorted = [...devices].sort((a, b) => a.key.localeCompare(b.key));
  for (let i = 0; i < sorted.length; i++) {
    if (duplicates.has(sorted[i].key)) continue;
    for (let j = i + 1; j < sorted.length; j++) {
      const [first, later] = [sorted[i], sorted[j]];
      if (first.device.config.org_id === later.device.config.org_id && servicesOverlap(first.device.config.services, later.device.config.services)) {
        duplicates.set(later.key, first.key);
      }
    }
  }
  return duplicates;
}
