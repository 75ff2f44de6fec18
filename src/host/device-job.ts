import type { Clock, Logger, NormalizedDevice, Progress, RetryPolicy } from '../contract';
import { type Checkpoint, CHECKPOINT_FORMAT, readCheckpoint, writeCheckpoint } from '../collect/checkpoint';
import { collect } from '../collect/collector';
import { epochMs } from '../collect/time';
import type { Sink } from '../sinks/sink';

export interface DeviceJobOptions {
  checkpointFile: string;
  sink: Sink;
  logger: Logger;
  clock: Clock;
  retry?: Partial<RetryPolicy>;
}

export interface PollOptions {
  signal?: AbortSignal;
  onProgress?(progress: Progress): void;
}

export interface PollOutcome {
  events: number;
  warnings: string[];
  newest_event_time?: string;
  aborted: boolean;
  started_at: number;
  finished_at: number;
}

/**
 * One device's collection across polls, the runtime's side of the contract: it owns the checkpoint
 * and the sink. A cursor is written only after the sink has made its batch durable, and the checkpoint
 * records the sink's committed position with it, so a crash at any instant resumes without loss or
 * duplicates. The sink stays open between polls (a syslog spool keeps draining); a failed poll closes
 * it, so that the next one reopens it at the committed position.
 */
export class DeviceJob {
  private sinkOpen = false;

  constructor(
    readonly device: NormalizedDevice,
    private readonly options: DeviceJobOptions,
  ) {}

  async poll(poll: PollOptions = {}): Promise<PollOutcome> {
    const { device } = this;
    const { checkpointFile, sink, logger, clock } = this.options;
    const startedAt = clock.now();
    try {
      const previous = readCheckpoint(checkpointFile, { org_id: device.config.org_id });
      if (previous && previous.services.join(',') !== device.config.services.join(',')) {
        logger.warn('the service list changed since the last checkpoint: newly added services are collected from the checkpoint on, without history', {
          device: device.device_name,
          before: previous.services,
          now: device.config.services,
        });
      }
      if (!this.sinkOpen) {
        await sink.open(previous?.sink);
        this.sinkOpen = true;
      }
      let newest = previous?.newest_event_time;
      const save = (cursor: Checkpoint['cursor'], position: Checkpoint['sink']): Promise<void> =>
        writeCheckpoint(checkpointFile, {
          format: CHECKPOINT_FORMAT,
          version: 1,
          org_id: device.config.org_id,
          services: device.config.services,
          cursor,
          sink: position,
          ...(newest ? { newest_event_time: newest } : {}),
          updated_at: new Date(clock.now()).toISOString(),
        });
      const result = await collect(device, {
        cursor: previous?.cursor ?? null,
        signal: poll.signal,
        logger,
        clock,
        retry: this.options.retry,
        onProgress: poll.onProgress,
        emit: async (batch) => {
          const position = await sink.write(batch.records);
          if (batch.newest_event_time && (!newest || epochMs(batch.newest_event_time) > epochMs(newest))) newest = batch.newest_event_time;
          await save(batch.cursor, position);
        },
      });
      return { events: result.events, warnings: result.warnings, newest_event_time: newest, aborted: result.aborted, started_at: startedAt, finished_at: clock.now() };
    } catch (error) {
      await this.close();
      throw error;
    }
  }

  async close(): Promise<void> {
    if (!this.sinkOpen) return;
    this.sinkOpen = false;
    await this.options.sink.close();
  }
}

/** One poll with a sink opened and closed around it: what `collect --once` does. */
export async function pollDevice(device: NormalizedDevice, options: DeviceJobOptions & PollOptions): Promise<PollOutcome> {
  const job = new DeviceJob(device, options);
  try {
    return await job.poll(options);
  } finally {
    await job.close();
  }
}
