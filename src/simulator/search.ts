import { type Checked, fail, ok } from './checked';
import type { StoredEvent } from './store';

/**
 * The optional narrowing parts of a query: search_term, q / exact_match, and the fields projection.
 * The semantics follow the API docs where they are precise (lowercased index, unsearchable fields, one of
 * and/or/not); full-text `q` and `exact_match` are approximated by substring tests on the event's JSON.
 */
export type EventFilter = (record: StoredEvent) => boolean;

type Scalar = string | number | boolean;

const OPERATORS = ['and', 'or', 'not'] as const;
const NOT_SEARCHABLE = new Set(['changes', 'useragent', 'system_timestamp']);

/** Top-level field names of the per-service schema tables; `fields` must name at least one. */
const KNOWN_FIELDS = new Set([
  '@version', 'id', 'event_type', 'service', 'timestamp', 'organization', 'client_ip', 'geoip', 'initiated_by',
  'success', 'useragent', 'user_agent', 'provider', 'mfa', 'mfa_meta', 'auth_method', 'changes', 'resource',
  'error_message', 'correlation', 'system_group', 'association', 'auth_context', 'application', 'idm_client_id',
  'message_chain', 'system', 'target_resource', 'idp_initiated', 'sso_token_success', 'nas_mfa_state', 'auth_type',
  'eap_type', 'username', 'outer', 'system_timestamp', 'message', 'src_ip', 'process_name', 'app_management_source',
  'windows_meta', 'connection_id', 'operation_number', 'dn', 'mech', 'start_tls', 'tls_established', 'error_code',
  'oid', 'base', 'scope', 'deref', 'filter', 'attr', 'number_of_results', 'auth_meta', 'mdm_type', 'device_object_id',
  'device_manager_object_id', 'windows_device_uuid', 'command_uuid', 'request_type', 'command', 'status',
  'error_chain', 'result', 'category', 'severity',
]);

export function parseSearchTerm(value: unknown): Checked<EventFilter> {
  if (!isObject(value)) return fail('search_term must be an object with one of "and", "or", "not"');
  const keys = Object.keys(value);
  const operator = OPERATORS.find((op) => op === keys[0]);
  if (keys.length !== 1 || !operator) return fail('search_term must have exactly one of "and", "or", "not"');
  const terms = value[operator];
  if (!Array.isArray(terms) || terms.length === 0) return fail(`search_term.${operator} must be a non-empty list`);
  const filters: EventFilter[] = [];
  for (const term of terms) {
    const parsed = parseTerm(term);
    if (!parsed.ok) return parsed;
    filters.push(parsed.value);
  }
  if (operator === 'and') return ok((r) => filters.every((f) => f(r)));
  if (operator === 'or') return ok((r) => filters.some((f) => f(r)));
  return ok((r) => !filters.some((f) => f(r)));
}

/** One element of an and/or/not list: a nested operator, or {field: value | [values]} conditions that all hold. */
function parseTerm(term: unknown): Checked<EventFilter> {
  if (!isObject(term) || Object.keys(term).length === 0) return fail('search_term conditions must be non-empty objects');
  const keys = Object.keys(term);
  if (keys.some((k) => (OPERATORS as readonly string[]).includes(k))) return parseSearchTerm(term);
  const conditions: EventFilter[] = [];
  for (const field of keys) {
    if (NOT_SEARCHABLE.has(field.split('.')[0])) return fail(`search_term: field "${field}" is not searchable`);
    const raw = term[field];
    const wanted = Array.isArray(raw) ? raw : [raw];
    if (wanted.length === 0 || !wanted.every(isScalar)) {
      return fail(`search_term: "${field}" must be a string, number, boolean or a non-empty list of them`);
    }
    const path = field.split('.');
    conditions.push((r) => valuesAt(r.event, path).some((actual) => wanted.some((w) => matches(actual, w))));
  }
  return ok((r) => conditions.every((c) => c(r)));
}

/** The index stores strings lowercased, so a value must be given in lowercase to match, as with the real API. */
function matches(actual: unknown, wanted: Scalar): boolean {
  if (typeof actual === 'string') return actual.toLowerCase() === wanted;
  return isScalar(actual) && String(actual) === String(wanted);
}

export function parseTextQuery(q: unknown, exact_match: unknown): Checked<EventFilter | undefined> {
  if (q !== undefined && typeof q !== 'string') return fail('q must be a string');
  if (exact_match !== undefined && typeof exact_match !== 'string') return fail('exact_match must be a string');
  if (q && exact_match) return fail('q and exact_match cannot be combined');
  if (q) {
    const words = q.toLowerCase().split(/\s+/).filter(Boolean);
    return ok((r) => {
      const text = r.json.toLowerCase();
      return words.every((w) => text.includes(w));
    });
  }
  if (exact_match) {
    const needle = JSON.stringify(exact_match).slice(1, -1);
    return ok((r) => r.json.includes(needle));
  }
  return ok(undefined);
}

export function parseFields(value: unknown): Checked<string[]> {
  if (!Array.isArray(value) || value.length === 0 || !value.every((f) => typeof f === 'string' && f.length > 0)) {
    return fail('fields must be a non-empty list of field names');
  }
  if (!value.some((f: string) => KNOWN_FIELDS.has(f.split('.')[0]))) {
    return fail(`fields names no known field: ${value.join(', ')}`);
  }
  return ok(value as string[]);
}

/** The event reduced to the requested (dot-notation) fields. */
export function project(event: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const field of fields) copyPath(event, out, field.split('.'));
  return out;
}

function copyPath(source: Record<string, unknown>, target: Record<string, unknown>, path: string[]): void {
  const [key, ...rest] = path;
  if (!Object.prototype.hasOwnProperty.call(source, key)) return;
  const value = source[key];
  if (rest.length === 0) {
    target[key] = value;
    return;
  }
  if (!isObject(value)) return;
  const existing = target[key];
  const child = isObject(existing) ? existing : (target[key] = {}) as Record<string, unknown>;
  copyPath(value, child, rest);
}

function valuesAt(value: unknown, path: readonly string[]): unknown[] {
  if (Array.isArray(value)) return value.flatMap((v) => valuesAt(v, path));
  if (path.length === 0) return [value];
  if (!isObject(value)) return [];
  return valuesAt(value[path[0]], path.slice(1));
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is Scalar {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean';
}
