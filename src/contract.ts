/**
 * The public shapes of the add-on: what the ADR runtime passes to the hooks and what it gets back.
 * The JSON schemas in schema/ are the source of truth for the stored shapes; these types mirror them
 * (test/contract.test.ts checks that they stay in step).
 */

/** A saved Add-On Store form as the runtime stores it (schema/device.schema.json). */
export interface DeviceInput {
  device_name?: unknown;
  cce_ip?: unknown;
  access_id?: unknown;
  secret_key?: unknown;
  config?: unknown;
  enabled?: unknown;
}

export type Region = 'us' | 'eu' | 'in';
export type AuthMode = 'api_key' | 'service_account';

export type OutputConfig =
  | { type: 'file'; path?: string }
  | { type: 'stdout' }
  | {
      type: 'syslog';
      host?: string;
      port?: number;
      protocol?: 'tcp' | 'tls';
      ca_file?: string;
      allow_other_host?: boolean;
    };

/** The Configuration JSON with defaults applied and durations in milliseconds. */
export interface ResolvedConfig {
  org_id: string;
  region: Region;
  base_url?: string;
  /** The API origin actually used: base_url, else the region's host. */
  api_origin: string;
  services: string[];
  auth: AuthMode;
  lookback_ms: number;
  poll_interval_ms: number;
  page_size: number;
  settle_delay_ms: number;
  timeout_ms: number;
  proxy?: string;
  ca_file?: string;
  output?: OutputConfig;
}

/** A device that passed validation. */
export interface NormalizedDevice {
  device_name: string;
  cce_ip: string;
  access_id: string;
  secret_key: string;
  enabled: boolean;
  config: ResolvedConfig;
}

export interface FieldMessage {
  /** Key path in the device file: device_name, secret_key, config.org_id, ... or "device". */
  field: string;
  message: string;
}

export interface ValidationResult {
  ok: boolean;
  errors: FieldMessage[];
  warnings: FieldMessage[];
  device?: NormalizedDevice;
}

export type FailureCategory =
  | 'auth'
  | 'permission'
  | 'org'
  | 'network'
  | 'tls'
  | 'rate_limit'
  | 'server'
  | 'config';

export interface TestConnectionResult {
  status: 'Connected' | 'Failed';
  category?: FailureCategory;
  message: string;
  latency_ms: number;
}

/**
 * Where collection stands (schema/checkpoint.schema.json, property "cursor").
 * `since` is the inclusive start of the next query; `seen_ids` are the event ids already delivered
 * whose timestamp (to the millisecond) equals `since`, so that the inclusive start never repeats them.
 */
export interface Cursor {
  since: string;
  seen_ids: string[];
}

/** One output line (schema/event.schema.json). */
export interface OutputRecord {
  '@timestamp': string;
  event: { id: string; action: string; [key: string]: unknown };
  raw: JumpCloudEvent;
  [key: string]: unknown;
}

/** A Directory Insights event as the API returns it: open-ended, service-specific. */
export type JumpCloudEvent = Record<string, unknown> & {
  id?: string;
  event_type?: string;
  service?: string;
  timestamp?: string;
};

export interface Batch {
  records: OutputRecord[];
  /** Where to resume once these records (and all before them) are durably delivered. */
  cursor: Cursor;
  /** Timestamp of the newest event in this batch (ISO), for lag reporting. */
  newest_event_time?: string;
}

export interface Progress {
  events: number;
  window_start: string;
  window_end: string;
  /** Timestamp reached inside the window (ISO). */
  position: string;
}

export interface Clock {
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export interface Logger {
  error(message: string, meta?: Record<string, unknown>): void;
  warn(message: string, meta?: Record<string, unknown>): void;
  info(message: string, meta?: Record<string, unknown>): void;
  debug(message: string, meta?: Record<string, unknown>): void;
}

export interface RetryPolicy {
  /** Attempts per request, the first included. */
  max_attempts: number;
  base_delay_ms: number;
  max_delay_ms: number;
}

export interface CollectContext {
  /** The last durable cursor, or null on the first run. */
  cursor: Cursor | null;
  /** Delivers a batch; resolves once it is durable. Await it: that is the backpressure. */
  emit(batch: Batch): Promise<void>;
  signal?: AbortSignal;
  logger?: Logger;
  clock?: Clock;
  retry?: Partial<RetryPolicy>;
  onProgress?(progress: Progress): void;
}

export interface CollectResult {
  cursor: Cursor;
  events: number;
  /** Things the admin should know although collection succeeded (e.g. data lost to retention). */
  warnings: string[];
  newest_event_time?: string;
  /** True when the signal stopped collection before the window was drained. */
  aborted: boolean;
}

export interface TestConnectionContext {
  logger?: Logger;
  clock?: Clock;
  signal?: AbortSignal;
}
