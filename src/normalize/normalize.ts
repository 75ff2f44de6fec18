import type { JumpCloudEvent, OutputRecord } from '../contract';
import { compileMapping, type CompiledMapping } from './compile';
import { eventId } from './event-id';
import { GENERIC_MAPPING, SERVICE_MAPPINGS, type ServiceMapping } from './mappings';
import { toRfc3339Millis } from './timestamp';

export interface NormalizeContext {
  /** The ADR device the event was collected for: observer.name. */
  device_name: string;
  /** The configured Organization ID: organization.id when the event does not carry one. */
  org_id: string;
  /** Ingest clock (epoch ms) for events without a usable timestamp; Date.now when absent. */
  now?: () => number;
}

/** ECS version the field names follow. */
const ECS_VERSION = '8.11.0';

/** Compiled once per table object (alerts serves two service names). */
const compiledByTable = new Map<ServiceMapping, CompiledMapping>();
function compiled(table: ServiceMapping): CompiledMapping {
  let result = compiledByTable.get(table);
  if (result === undefined) {
    result = compileMapping(table);
    compiledByTable.set(table, result);
  }
  return result;
}

/** A Map, not the object literal, so that a service named "constructor" cannot hit Object.prototype. */
const MAPPINGS_BY_SERVICE: ReadonlyMap<string, CompiledMapping> = new Map(
  Object.entries(SERVICE_MAPPINGS).map(([service, table]) => [service, compiled(table)]),
);
const GENERIC = compiled(GENERIC_MAPPING);

type Fields = Record<string, unknown>;

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** The value at `path` below `value`, or undefined when the path leaves the objects. */
function readBelow(value: unknown, path: readonly string[]): unknown {
  for (const key of path) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return undefined;
    value = (value as Fields)[key];
  }
  return value;
}

/** The record's object for container `index`, created (with the enclosing ones) on first use. */
function containerOf(mapping: CompiledMapping, created: (Fields | undefined)[], record: Fields, index: number): Fields {
  if (index < 0) return record;
  let container = created[index];
  if (container === undefined) {
    const { parent, key } = mapping.containers[index];
    // ??= because normalize() may have made it already (event).
    container = (containerOf(mapping, created, record, parent)[key] ??= {}) as Fields;
    created[index] = container;
  }
  return container;
}

/** Fills every target from its first source that yields a value; absent values leave no field. */
function applyFields(mapping: CompiledMapping, event: JumpCloudEvent, record: Fields): void {
  const roots = new Array<unknown>(mapping.roots.length);
  for (let i = 0; i < roots.length; i++) roots[i] = event[mapping.roots[i]];
  const created = new Array<Fields | undefined>(mapping.containers.length);
  for (const target of mapping.targets) {
    for (const source of target.sources) {
      const root = roots[source.root];
      if (root === undefined || root === null) continue;
      const raw = source.below.length === 0 ? root : readBelow(root, source.below);
      if (raw === undefined || raw === null) continue;
      const value = source.convert(raw);
      if (value !== undefined) {
        containerOf(mapping, created, record, target.container)[target.key] = value;
        break;
      }
    }
  }
}

/**
 * One Directory Insights event → one output record (schema/event.schema.json).
 *
 * Pure apart from the ingest clock, which is read only when the event has no valid timestamp: then
 * @timestamp is the ingest time and event.ingested (present only in that case) says so.
 * `raw` is the event itself, not a copy; nothing here mutates it. `id` is eventId(event), for a caller that
 * has computed it already (hashing an id-less event is the dearest step of normalizing it).
 */
export function normalize(event: JumpCloudEvent, context: NormalizeContext, id: string = eventId(event)): OutputRecord {
  const service = nonEmptyString(event.service);
  const eventType = nonEmptyString(event.event_type);
  const mapping = (service !== undefined ? MAPPINGS_BY_SERVICE.get(service) : undefined) ?? GENERIC;
  const categorization = (eventType !== undefined ? mapping.categories.get(eventType) : undefined) ?? mapping.fallback;

  let timestamp = toRfc3339Millis(event.timestamp);
  let ingested: string | undefined;
  if (timestamp === undefined) {
    ingested = new Date((context.now ?? Date.now)()).toISOString();
    timestamp = ingested;
  }

  const eventFields: OutputRecord['event'] = {
    id,
    action: eventType ?? 'unknown',
    kind: categorization?.kind ?? 'event',
    module: 'jumpcloud',
    dataset: 'jumpcloud.events',
  };
  if (categorization !== undefined) {
    // Copies: records must not share arrays with the tables (or each other) if a consumer edits one.
    eventFields.category = categorization.category.slice();
    eventFields.type = categorization.type.slice();
  }
  if (service !== undefined) eventFields.provider = service;
  if (ingested !== undefined) eventFields.ingested = ingested;

  // Built without raw first so that raw, the bulkiest part, is the last key of the JSON line.
  const record: Fields = { '@timestamp': timestamp, event: eventFields };
  applyFields(mapping, event, record);

  eventFields.outcome ??= 'unknown';
  if (record.organization === undefined && context.org_id.length > 0) record.organization = { id: context.org_id };
  record.observer = { name: context.device_name, vendor: 'JumpCloud', product: 'Directory Insights' };
  if (service !== undefined || eventType !== undefined) {
    const jumpcloud = (record.jumpcloud ??= {}) as Fields;
    if (service !== undefined) jumpcloud.service = service;
    if (eventType !== undefined) jumpcloud.event_type = eventType;
  }
  record.ecs = { version: ECS_VERSION };
  record.raw = event;
  return record as OutputRecord;
}
