import type { ErrorObject } from 'ajv';
import type { FieldMessage } from '../contract';
import type { SchemaNode } from './schemas';
import { manifest } from '../manifest';

/** The form labels as the ADR UI shows them, by device key. */
export const FORM_LABELS: Readonly<Record<string, string>> = Object.fromEntries(
  manifest.form.map((field) => [field.key, field.label]),
);

export const CONFIG_LABEL = FORM_LABELS.config;

/** "Password / Secret Key" for secret_key, "Configuration JSON → org_id" for config.org_id. */
export function labelFor(field: string): string {
  const [head, ...rest] = field.split('.');
  if (head === 'config' && rest.length > 0) return `${CONFIG_LABEL} → ${rest.join('.')}`;
  return FORM_LABELS[head] ?? (head === 'device' ? 'Device file' : head);
}

export function fieldMessage(field: string, text: string): FieldMessage {
  return { field, message: `${labelFor(field)}: ${text}` };
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diagonal = row[0];
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const above = row[j];
      row[j] = Math.min(row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] === b[j - 1] ? 0 : 1));
      diagonal = above;
    }
  }
  return row[b.length];
}

/** The known key closest to a mistyped one, when it is close enough to be the likely intent. */
export function closestKey(key: string, known: string[]): string | undefined {
  const lower = key.toLowerCase();
  let best: { key: string; distance: number } | undefined;
  for (const candidate of known) {
    const distance = editDistance(lower, candidate);
    if (!best || distance < best.distance) best = { key: candidate, distance };
  }
  return best && best.distance <= Math.max(2, Math.floor(key.length / 3)) ? best.key : undefined;
}

function describeAjvError(error: ErrorObject, hint: string | undefined): string {
  switch (error.keyword) {
    case 'required':
      return hint ? `is required: ${hint}` : 'is required';
    case 'x-duration':
      return error.message ?? 'must be a duration';
    default:
      return hint ?? error.message ?? 'is invalid';
  }
}

/**
 * Turns ajv's errors for one schema into one message per field, in the form's language. The hint
 * for a field is its schema's "x-error", so that the rule and its explanation stay side by side.
 */
export function messagesFromAjv(errors: ErrorObject[], schema: SchemaNode, prefix: string): FieldMessage[] {
  const byField = new Map<string, FieldMessage>();
  const properties = schema.properties ?? {};
  for (const error of errors) {
    const segments = error.instancePath.split('/').filter(Boolean);
    let key = segments[0];
    let text: string;
    if (error.keyword === 'required' && segments.length === 0) {
      key = (error.params as { missingProperty: string }).missingProperty;
      text = describeAjvError(error, properties[key]?.['x-error']);
    } else if (error.keyword === 'additionalProperties' && segments.length === 0) {
      key = (error.params as { additionalProperty: string }).additionalProperty;
      const suggestion = closestKey(key, Object.keys(properties));
      text = `is not a known key${suggestion ? `: did you mean "${suggestion}"?` : ''} (known keys: ${Object.keys(properties).join(', ')})`;
    } else if (key === undefined) {
      text = error.message ?? 'is invalid';
      key = '';
    } else {
      text = describeAjvError(error, properties[key]?.['x-error']);
    }
    const field = [prefix, key].filter(Boolean).join('.') || 'device';
    if (!byField.has(field)) byField.set(field, fieldMessage(field, text));
  }
  return [...byField.values()];
}
