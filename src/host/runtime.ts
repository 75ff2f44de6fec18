import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Clock, Logger, NormalizedDevice, Progress, RetryPolicy } from '../contract';
import { createSink } from '../sinks/create';
import { findDuplicateDevices, isAssignedHere } from './assignment';
import { scanDeviceDirectory, type DeviceEntry } from './device-directory';
import { windowPercent } from '../collect/progress';
import { DeviceJob } from './device-job';
import { describeFailure } from './failures';
import { placeholderStatus, readStatus, statusAfterFailure, statusAfterPoll, writeStatus, type DeviceStatus } from './status';

export interface RuntimeOptions {
  devicesDir: string;
  stateDir: string;
  /** The CCE IPs this process serves; devices assigned to other CCEs are left to them. */
  cceIps: string[];
  /** Polls running at once, across all tenants. */
  concurrency: number;
  /** Poll every eligible device once, then return. */
  once: boolean;
  logger: Logger;
  clock: Clock;
  signal: AbortSignal;
  retry?: Partial<RetryPolicy>;
  /** How often the devices directory is re-read for added, removed and changed files. */
  rescanMs?: number;
  /** Spreads first polls over this long, so that a restart does not hit JumpCloud with every tenant at once. */
  startSpreadMs?: number;
  random?: () => number;
}

interface Tenant {
  entry: DeviceEntry;
  /** Kept across polls for as long as the device file does not change. */
  job?: DeviceJob;
  nextDue: number;
  running?: Promise<void>;
  controller?: AbortController;
  /** Fingerprint for which a non-collecting status (invalid, disabled, duplicate) was last written. */
  reportedFor?: string;
}

export interface RuntimeSummary {
  polls: number;
  failures: number;
  devices: number;
}

const TICK_MS = 100;

function deviceOf(entry: DeviceEntry): NormalizedDevice | undefined {
  return entry.loaded.ok ? entry.loaded.device : undefined;
}

/** Many tenants share one log: a long backfill says where it is every PROGRESS_LOG_MS, not every page. */
const PROGRESS_LOG_MS = 10_000;

export function progressLogger(logger: Logger, key: string, clock: Clock): (progress: Progress) => void {
  let last = clock.now();
  return (progress) => {
    if (clock.now() - last < PROGRESS_LOG_MS) return;
    last = clock.now();
    logger.info('backfill progress', { device: key, events: progress.events, percent: Math.round(windowPercent(progress)), position: progress.position });
  };
}

export function statePaths(stateDir: string, key: string): { checkpoint: string; status: string; base: string } {
  const base = path.join(stateDir, key);
  return { base, checkpoint: `${base}.checkpoint.json`, status: `${base}.status.json` };
}

/**
 * Many tenants in one process: one device file per tenant, bounded concurrency, jittered schedules,
 * per-device isolation (each poll has its own client, failures stay with their device), hot reload
 * of the devices directory, and graceful shutdown through the signal.
 */
export class Runtime {
  private readonly tenants = new Map<string, Tenant>();
  private entries = new Map<string, DeviceEntry>();
  private duplicates = new Map<string, string>();
  private running = 0;
  private polled = new Set<string>();
  private scanned = false;
  private readonly summary: RuntimeSummary = { polls: 0, failures: 0, devices: 0 };
  private readonly random: () => number;

  constructor(private readonly options: RuntimeOptions) {
    this.random = options.random ?? Math.random;
  }

  async run(): Promise<RuntimeSummary> {
    const { clock, signal } = this.options;
    let nextScan = 0;
    while (!signal.aborted) {
      const now = clock.now();
      if (now >= nextScan) {
        this.rescan(now);
        nextScan = now + (this.options.rescanMs ?? 2_000);
      }
      this.startDuePolls(clock.now());
      if (this.options.once && this.running === 0 && this.eligibleKeys().every((key) => this.polled.has(key))) break;
      await clock.sleep(TICK_MS, signal);
    }
    for (const tenant of this.tenants.values()) tenant.controller?.abort();
    await Promise.all([...this.tenants.values()].map((tenant) => this.retire(tenant)));
    this.summary.devices = this.eligibleKeys().length;
    return this.summary;
  }

  private eligibleKeys(): string[] {
    return [...this.tenants.keys()].filter((key) => this.collectable(key));
  }

  private collectable(key: string): boolean {
    const tenant = this.tenants.get(key);
    if (!tenant || !tenant.entry.loaded.ok) return false;
    const device = tenant.entry.loaded.device;
    return device.enabled && !this.duplicates.has(key) && isAssignedHere(device, this.options.cceIps);
  }

  private rescan(now: number): void {
    const { logger, devicesDir } = this.options;
    this.entries = scanDeviceDirectory(devicesDir, this.entries);
    for (const [key, tenant] of this.tenants) {
      if (this.entries.has(key)) continue;
      logger.info('device file removed: collection stopped', { device: key });
      tenant.controller?.abort();
      void this.retire(tenant);
      this.tenants.delete(key);
      // The checkpoint stays, so that a device file put back resumes where it stopped.
      fs.rmSync(statePaths(this.options.stateDir, key).status, { force: true });
    }
    const valid = [...this.entries.values()].flatMap((entry) =>
      entry.loaded.ok && entry.loaded.device.enabled && isAssignedHere(entry.loaded.device, this.options.cceIps) ? [{ key: entry.key, device: entry.loaded.device }] : [],
    );
    this.duplicates = findDuplicateDevices(valid);
    for (const [key, entry] of this.entries) {
      const tenant = this.tenants.get(key);
      if (tenant?.entry.fingerprint === entry.fingerprint) {
        this.reportIfNotCollecting(key, tenant);
        continue;
      }
      for (const warning of entry.loaded.warnings) logger.warn(warning.message, { device: key, field: warning.field });
      if (!tenant) {
        logger.info('device file found', { device: key });
        const spread = this.scanned ? 0 : (this.options.startSpreadMs ?? 0);
        this.tenants.set(key, { entry, nextDue: now + Math.round(this.random() * spread) });
      } else {
        logger.info('device file changed: the next poll uses it', { device: key });
        tenant.entry = entry;
        tenant.nextDue = Math.min(tenant.nextDue, now);
        void this.retire(tenant);
      }
      this.reportIfNotCollecting(key, this.tenants.get(key) as Tenant);
    }
    this.scanned = true;
  }

  /** Invalid, disabled and duplicate devices get a status that says why they are not collected. */
  private reportIfNotCollecting(key: string, tenant: Tenant): void {
    const { entry } = tenant;
    const reportKey = `${entry.fingerprint}:${this.duplicates.get(key) ?? ''}`;
    if (tenant.reportedFor === reportKey) return;
    const file = statePaths(this.options.stateDir, key).status;
    let status: DeviceStatus | undefined;
    if (!entry.loaded.ok) {
      status = placeholderStatus(key, deviceOf(entry), 'Failed', entry.loaded.errors.map((e) => `${e.field}: ${e.message}`).join('; '), 'config');
    } else if (!isAssignedHere(entry.loaded.device, this.options.cceIps)) {
      status = undefined;
    } else if (!entry.loaded.device.enabled) {
      status = { ...placeholderStatus(key, deviceOf(entry), 'Disabled', 'Collection is paused ("enabled": false in the device file)'), ...pickCounters(readStatus(file)) };
    } else if (this.duplicates.has(key)) {
      const first = this.duplicates.get(key);
      status = placeholderStatus(
        key,
        deviceOf(entry),
        'Failed',
        `Organization ID ${entry.loaded.device.config.org_id} with overlapping services is already collected by device ${first}.json: collecting it twice would duplicate every event. Remove one of the two device files, or give them disjoint "services".`,
        'duplicate',
      );
      this.options.logger.error('duplicate device: not collected', { device: key, duplicate_of: first });
    } else if (!readStatus(file)) {
      status = placeholderStatus(key, deviceOf(entry), 'Idle', 'Waiting for the first poll');
    }
    if (status) void writeStatus(file, status).catch((error: Error) => this.options.logger.error('cannot write the device status', { device: key, reason: error.message }));
    tenant.reportedFor = reportKey;
  }

  private startDuePolls(now: number): void {
    for (const [key, tenant] of this.tenants) {
      if (this.running >= this.options.concurrency) return;
      if (tenant.running || tenant.nextDue > now || !this.collectable(key)) continue;
      if (this.options.once && this.polled.has(key)) continue;
      this.polled.add(key);
      this.running++;
      tenant.controller = new AbortController();
      tenant.running = this.poll(key, tenant, (tenant.entry.loaded as { device: NormalizedDevice }).device, tenant.controller.signal).finally(() => {
        this.running--;
        tenant.running = undefined;
        tenant.controller = undefined;
      });
    }
  }

  /** Closes the device's job (and its sink) once its running poll, if any, has finished. */
  private async retire(tenant: Tenant): Promise<void> {
    await tenant.running;
    const job = tenant.job;
    tenant.job = undefined;
    await job?.close();
  }

  private nextDueAfter(finishedAt: number, device: NormalizedDevice): number {
    return finishedAt + Math.round(device.config.poll_interval_ms * (0.9 + 0.2 * this.random()));
  }

  private async poll(key: string, tenant: Tenant, device: NormalizedDevice, deviceSignal: AbortSignal): Promise<void> {
    const { logger, clock, stateDir } = this.options;
    const paths = statePaths(stateDir, key);
    const signal = AbortSignal.any([this.options.signal, deviceSignal]);
    this.summary.polls++;
    try {
      tenant.job ??= new DeviceJob(device, {
        checkpointFile: paths.checkpoint,
        sink: createSink(device, { stateBase: paths.base, logger }),
        logger,
        clock,
        retry: this.options.retry,
      });
      const outcome = await tenant.job.poll({ signal, onProgress: progressLogger(logger, key, clock) });
      tenant.nextDue = this.nextDueAfter(outcome.finished_at, device);
      const next = this.options.once ? undefined : tenant.nextDue;
      await writeStatus(paths.status, statusAfterPoll(device, readStatus(paths.status), outcome, next, device.config.lookback_ms));
      logger.info('poll complete', { device: key, events: outcome.events });
    } catch (error) {
      const failure = describeFailure(error);
      if (failure.aborted) return;
      this.summary.failures++;
      const now = clock.now();
      tenant.nextDue = this.nextDueAfter(now, device);
      await writeStatus(paths.status, statusAfterFailure(device, readStatus(paths.status), failure, now, this.options.once ? undefined : tenant.nextDue));
      logger.error('poll failed', { device: key, category: failure.category, reason: failure.message });
    }
  }
}

function pickCounters(status: DeviceStatus | undefined): Partial<DeviceStatus> {
  if (!status) return {};
  const { events_total, last_success, newest_event_time } = status;
  return { events_total, last_success, newest_event_time };
}
