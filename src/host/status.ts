import * as fs from 'node:fs';
import type { FailureCategory, NormalizedDevice } from '../contract';
import { epochMs } from '../collect/time';
import { redact } from '../log/secrets';
import { writeFileAtomic } from '../util/atomic-write';

export type CollectionState = 'Connected/Active' | 'Failed' | 'Idle' | 'Disabled' | 'Assigned elsewhere';

/** One row of Collection Status, persisted beside the checkpoint so it survives restarts. */
export interface DeviceStatus {
  device_name: string;
  org_id?: string;
  cce_ip?: string;
  status: CollectionState;
  category?: FailureCategory | 'checkpoint' | 'sink' | 'duplicate';
  message?: string;
  last_success?: string;
  last_error?: string;
  last_error_at?: string;
  events_total: number;
  /** Events per minute over the last poll. */
  events_per_minute: number;
  /** Seconds between now and the newest collected event, at the last poll. */
  lag_seconds?: number;
  newest_event_time?: string;
  next_poll?: string;
  warnings: string[];
  updated_at: string;
}

export function readStatus(file: string): DeviceStatus | undefined {
  try {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as DeviceStatus;
  } catch {
    return undefined;
  }
}

export function writeStatus(file: string, status: DeviceStatus): Promise<void> {
  return writeFileAtomic(file, redact(`${JSON.stringify(status, null, 2)}\n`), 0o644);
}

/** The status of a device that has not collected (yet): invalid, disabled, duplicate, waiting. */
export function placeholderStatus(
  key: string,
  device: Partial<DeviceIdentity> | undefined,
  state: CollectionState,
  message: string,
  category?: DeviceStatus['category'],
): DeviceStatus {
  return {
    device_name: device?.device_name ?? key,
    org_id: device?.config?.org_id,
    cce_ip: device?.cce_ip,
    status: state,
    category,
    message,
    events_total: 0,
    events_per_minute: 0,
    warnings: [],
    updated_at: new Date().toISOString(),
  };
}

export function statusFileFor(checkpointFile: string): string {
  return `${checkpointFile.replace(/\.json$/, '')}.status.json`;
}

type DeviceIdentity = Pick<NormalizedDevice, 'device_name' | 'cce_ip'> & { config: Pick<NormalizedDevice['config'], 'org_id'> };

function baseStatus(device: DeviceIdentity, previous: DeviceStatus | undefined, now: number): DeviceStatus {
  return {
    events_total: 0,
    events_per_minute: 0,
    warnings: [],
    ...previous,
    device_name: device.device_name,
    org_id: device.config.org_id,
    cce_ip: device.cce_ip,
    status: previous?.status ?? 'Idle',
    updated_at: new Date(now).toISOString(),
  };
}

export function statusAfterPoll(
  device: DeviceIdentity,
  previous: DeviceStatus | undefined,
  outcome: { events: number; warnings: string[]; newest_event_time?: string; started_at: number; finished_at: number },
  nextPoll: number | undefined,
  firstRunSpanMs: number,
): DeviceStatus {
  const now = outcome.finished_at;
  // The rate of the tenant, not of the poll: events per minute of time covered since the last success.
  const coveredMs = previous?.last_success ? now - Date.parse(previous.last_success) : firstRunSpanMs;
  const minutes = Math.max(coveredMs / 60_000, 1 / 60);
  const newest = outcome.newest_event_time ?? previous?.newest_event_time;
  const status: DeviceStatus = {
    ...baseStatus(device, previous, now),
    status: 'Connected/Active',
    category: undefined,
    message: `Collected ${outcome.events} event${outcome.events === 1 ? '' : 's'} in the last poll`,
    last_success: new Date(now).toISOString(),
    events_total: (previous?.events_total ?? 0) + outcome.events,
    events_per_minute: Math.round(outcome.events / minutes),
    warnings: outcome.warnings,
    next_poll: nextPoll === undefined ? undefined : new Date(nextPoll).toISOString(),
  };
  if (newest) {
    status.newest_event_time = newest;
    status.lag_seconds = Math.max(0, Math.round((now - epochMs(newest)) / 1000));
  }
  return status;
}

export function statusAfterFailure(
  device: DeviceIdentity,
  previous: DeviceStatus | undefined,
  failure: { category: DeviceStatus['category']; message: string },
  now: number,
  nextPoll: number | undefined,
): DeviceStatus {
  return {
    ...baseStatus(device, previous, now),
    status: 'Failed',
    category: failure.category,
    message: redact(failure.message),
    last_error: redact(failure.message),
    last_error_at: new Date(now).toISOString(),
    events_per_minute: 0,
    next_poll: nextPoll === undefined ? undefined : new Date(nextPoll).toISOString(),
  };
}
