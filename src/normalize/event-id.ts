import { createHash } from 'node:crypto';
import type { JumpCloudEvent } from '../contract';

/**
 * JSON with object keys sorted, so that the same event always serializes to the same text.
 * Loops and string appends rather than map/join: this runs for every id-less event (LDAP events carry no id).
 */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) {
    let text = '[';
    for (let i = 0; i < value.length; i++) {
      if (i > 0) text += ',';
      // A hole stays empty, as map() and join() leave it.
      if (i in value) text += canonicalJson(value[i]);
    }
    return `${text}]`;
  }
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value as Record<string, unknown>).sort();
    let text = '{';
    for (let i = 0; i < keys.length; i++) {
      if (i > 0) text += ',';
      text += `${JSON.stringify(keys[i])}:${canonicalJson((value as Record<string, unknown>)[keys[i]])}`;
    }
    return `${text}}`;
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
