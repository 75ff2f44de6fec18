import * as fs from 'node:fs';
import Ajv, { type ValidateFunction } from 'ajv';
import type { DataValidateFunction } from 'ajv/dist/types';
import addFormats from 'ajv-formats';
import { packagePath } from '../paths';
import { formatDuration, parseDurationSeconds } from './durations';

/** A JSON schema as read from schema/, with the annotations this add-on adds. */
export interface SchemaNode {
  description?: string;
  default?: unknown;
  properties?: Record<string, SchemaNode>;
  'x-error'?: string;
  'x-known'?: string[];
  'x-duration'?: { min: number; max: number };
  [keyword: string]: unknown;
}

export function loadSchema(name: 'device' | 'config' | 'checkpoint' | 'event'): SchemaNode {
  return JSON.parse(fs.readFileSync(packagePath('schema', `${name}.schema.json`), 'utf8')) as SchemaNode;
}

interface DurationBounds {
  min: number;
  max: number;
}

/** Durations are text ("24h") or seconds; their bounds live in the schema like any other bound. */
const durationKeyword: DataValidateFunction = function validateDuration(bounds: DurationBounds, data: unknown): boolean {
  const seconds = parseDurationSeconds(data);
  if (seconds !== undefined && seconds >= bounds.min && seconds <= bounds.max) return true;
  durationKeyword.errors = [
    {
      keyword: 'x-duration',
      params: bounds,
      message: `must be a duration such as "60s", "5m", "24h" or "7d" (or a number of seconds) from ${formatDuration(bounds.min)} to ${formatDuration(bounds.max)}`,
    },
  ];
  return false;
} as DataValidateFunction;

function createAjv(): Ajv {
  const ajv = new Ajv({ allErrors: true, strict: true, allowUnionTypes: true });
  addFormats(ajv);
  ajv.addKeyword({ keyword: 'x-error', schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-known', schemaType: 'array' });
  // Durations are text ("24h") or seconds; their bounds live in the schema like any other bound.
  ajv.addKeyword({
    keyword: 'x-duration',
    schemaType: 'object',
    errors: true,
    validate: durationKeyword,
  });
  return ajv;
}

const ajv = createAjv();

export const deviceSchema = loadSchema('device');
export const configSchema = loadSchema('config');
export const validateDeviceShape: ValidateFunction = ajv.compile(deviceSchema);
export const validateConfigShape: ValidateFunction = ajv.compile(configSchema);

const compiled = new Map<string, ValidateFunction>();

/** Validators for the schemas only some commands need, compiled on first use and then kept. */
export function validatorFor(name: 'checkpoint' | 'event'): ValidateFunction {
  let validate = compiled.get(name);
  if (!validate) {
    validate = ajv.compile(loadSchema(name));
    compiled.set(name, validate);
  }
  return validate;
}
