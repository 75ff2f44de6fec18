import type { DeviceInput, FieldMessage, OutputConfig, ResolvedConfig, ValidationResult } from '../contract';
import { REGION_ORIGINS } from '../jumpcloud/regions';
import { parseDurationSeconds } from './durations';
import { parseJsonText } from './json-text';
import { fieldMessage, messagesFromAjv } from './messages';
import { configSchema, deviceSchema, validateConfigShape, validateDeviceShape } from './schemas';

const KNOWN_SERVICES = new Set(configSchema.properties?.services?.['x-known'] ?? []);

type ConfigInput = Record<string, unknown>;

function fail(errors: FieldMessage[], warnings: FieldMessage[]): ValidationResult {
  return { ok: false, errors, warnings };
}

function parseConfig(raw: unknown): { config?: ConfigInput; errors: FieldMessage[] } {
  if (typeof raw !== 'string') return { config: raw as ConfigInput, errors: [] };
  const parsed = parseJsonText(raw);
  if (!parsed.ok) {
    return {
      errors: [fieldMessage('config', `is not valid JSON: ${parsed.problem} at line ${parsed.line}, column ${parsed.column}`)],
    };
  }
  if (parsed.value === null || typeof parsed.value !== 'object' || Array.isArray(parsed.value)) {
    return { errors: [fieldMessage('config', 'must be a JSON object such as {"org_id": "your_organization_id"}')] };
  }
  return { config: parsed.value as ConfigInput, errors: [] };
}

function seconds(value: unknown): number {
  return parseDurationSeconds(value) as number;
}

/** Defaults from the schema itself, so that a default is written down in one place only. */
function withDefaults(config: ConfigInput): ConfigInput {
  const result: ConfigInput = { ...config };
  for (const [key, property] of Object.entries(configSchema.properties ?? {})) {
    if (result[key] === undefined && property.default !== undefined) result[key] = property.default;
  }
  return result;
}

function resolveConfig(input: ConfigInput): ResolvedConfig {
  const config = withDefaults(input);
  const baseUrl = typeof config.base_url === 'string' ? config.base_url.replace(/\/$/, '') : undefined;
  const region = config.region as ResolvedConfig['region'];
  return {
    org_id: (config.org_id as string).toLowerCase(),
    region,
    ...(baseUrl ? { base_url: baseUrl } : {}),
    api_origin: baseUrl ?? REGION_ORIGINS[region],
    services: config.services as string[],
    auth: config.auth as ResolvedConfig['auth'],
    lookback_ms: seconds(config.lookback) * 1000,
    poll_interval_ms: seconds(config.poll_interval) * 1000,
    page_size: config.page_size as number,
    settle_delay_ms: seconds(config.settle_delay) * 1000,
    timeout_ms: seconds(config.timeout) * 1000,
    ...(config.proxy ? { proxy: config.proxy as string } : {}),
    ...(config.ca_file ? { ca_file: config.ca_file as string } : {}),
    ...(config.output ? { output: config.output as OutputConfig } : {}),
  };
}

function configWarnings(config: ResolvedConfig): FieldMessage[] {
  const warnings: FieldMessage[] = [];
  const unknown = config.services.filter((service) => !KNOWN_SERVICES.has(service));
  if (unknown.length > 0) {
    warnings.push(
      fieldMessage(
        'config.services',
        `${unknown.map((s) => `"${s}"`).join(', ')} is not a published Directory Insights service; it is sent as given (JumpCloud keeps adding services), and JumpCloud will reject it if it does not exist`,
      ),
    );
  }
  if (config.base_url && !/jumpcloud\.com$/.test(new URL(config.base_url).hostname)) {
    warnings.push(fieldMessage('config.base_url', 'points at a loopback address: use this only with the JumpCloud simulator'));
  }
  return warnings;
}

function accessIdErrors(accessId: string, auth: ResolvedConfig['auth']): FieldMessage[] {
  if (auth === 'api_key' && accessId !== '') {
    return [
      fieldMessage(
        'access_id',
        'leave this blank: JumpCloud API keys have no username. Paste the API key into Password / Secret Key (or set "auth": "service_account" in the Configuration JSON to use a service account client ID)',
      ),
    ];
  }
  if (auth === 'service_account' && accessId === '') {
    return [fieldMessage('access_id', 'is required with "auth": "service_account": enter the service account\'s client ID')];
  }
  return [];
}

/**
 * The validate hook: is this saved form right? Pure and synchronous; every message names the form
 * field and how to fix it, and none contains the secret key.
 */
export function validate(input: unknown): ValidationResult {
  if (input === null || typeof input !== 'object' || Array.isArray(input)) {
    return fail([fieldMessage('device', 'must be a JSON object with the form fields device_name, cce_ip, access_id, secret_key and config')], []);
  }
  const device = input as DeviceInput;
  const errors: FieldMessage[] = [];
  if (!validateDeviceShape(device)) errors.push(...messagesFromAjv(validateDeviceShape.errors ?? [], deviceSchema, ''));

  const { config: rawConfig, errors: parseErrors } = errors.some((e) => e.field === 'config') ? { errors: [] } : parseConfig(device.config);
  errors.push(...parseErrors);
  let resolved: ResolvedConfig | undefined;
  if (rawConfig !== undefined) {
    if (validateConfigShape(rawConfig)) resolved = resolveConfig(rawConfig);
    else errors.push(...messagesFromAjv(validateConfigShape.errors ?? [], configSchema, 'config'));
  }

  const accessId = typeof device.access_id === 'string' ? device.access_id : '';
  const auth = (rawConfig?.auth as ResolvedConfig['auth'] | undefined) ?? 'api_key';
  if (!errors.some((e) => e.field === 'access_id')) errors.push(...accessIdErrors(accessId, auth));

  const warnings = resolved ? configWarnings(resolved) : [];
  if (errors.length > 0 || !resolved) return fail(errors, warnings);
  return {
    ok: true,
    errors: [],
    warnings,
    device: {
      device_name: device.device_name as string,
      cce_ip: device.cce_ip as string,
      access_id: accessId,
      secret_key: device.secret_key as string,
      enabled: device.enabled !== false,
      config: resolved,
    },
  };
}
