import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { JumpCloudEvent } from '../../src/contract';

const ROOT = join(__dirname, '..', '..');
const FIXTURES = join(ROOT, 'test', 'fixtures', 'events');

export const CONTEXT = { device_name: 'JumpCloud - Acme', org_id: '5f3a1c2b9d4e6f7a8b9c0d1e' };

export interface JsonSchema {
  type?: string;
  description?: string;
  properties?: Record<string, JsonSchema>;
  items?: JsonSchema & { enum?: string[] };
  additionalProperties?: boolean;
  required?: string[];
}

export const EVENT_SCHEMA = JSON.parse(readFileSync(join(ROOT, 'schema', 'event.schema.json'), 'utf8')) as JsonSchema;

/** Strict ajv: unknown keywords, ambiguous types and missing "properties" entries for "required" all fail. */
export const validateRecord: ValidateFunction = (() => {
  const ajv = new Ajv({ strict: true, allErrors: true });
  addFormats(ajv);
  return ajv.compile(EVENT_SCHEMA);
})();

/** The events of test/fixtures/events/<name>.json, parsed afresh on every call so tests cannot share state. */
export function fixture(name: string): JumpCloudEvent[] {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')) as JumpCloudEvent[];
}

/** Every fixture file (name without .json) → its events. */
export function loadFixtures(): Map<string, JumpCloudEvent[]> {
  const names = readdirSync(FIXTURES).filter((file) => file.endsWith('.json')).map((file) => file.slice(0, -'.json'.length));
  return new Map(names.sort().map((name) => [name, fixture(name)]));
}

/** The event of a fixture with that event_type (the first one unless `nth` says otherwise). */
export function fixtureEvent(name: string, eventType: string, nth = 0): JumpCloudEvent {
  const event = fixture(name).filter((candidate) => candidate.event_type === eventType)[nth];
  if (event === undefined) throw new Error(`no ${eventType} #${nth} in ${name}.json`);
  return event;
}

export function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

export function schemaErrors(): string {
  return JSON.stringify(validateRecord.errors, null, 2);
}
