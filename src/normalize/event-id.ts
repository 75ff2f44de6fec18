import { createHash } from 'node:crypto';
import type { JumpCloudEvent } from '../contract';

/** JSON with object keys sorted, so that the same event always serializes to the same text. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.keys(value as Record<string, unknown>)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/**
 * The stable dedup key of an event: JumpCloud's own id when it has one; otherwise (LDAP events carry
 * none) a hash of the whole event, which is as stable as the event itself.
 */
export function eventId(event: JumpCloudEvent): string {
  if (typeof event.id === 'string' && event.id.length > 0) return event.id;
  return `sha256:${createHash('sha256').update(canonicalJson(event)).digest('hex').slice(0, 40)}`;
}
