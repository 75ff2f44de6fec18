import * as path from 'node:path';
import type { Logger, NormalizedDevice } from '../../contract';
import { systemClock } from '../../collect/clock';
import { pollDevice } from '../../host/device-job';
import { describeFailure } from '../../host/failures';
import { readStatus, statusAfterFailure, statusAfterPoll, statusFileFor, writeStatus } from '../../host/status';
import { createLogger } from '../../log/logger';
import { createSink } from '../../sinks/create';
import { loadDeviceFile } from '../../host/device-file';
import { retryPolicyFromEnv } from '../env';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, err, parseOptions } from '../io';
import { progressReporter } from '../progress';

export const usage = 'collect --device FILE --state FILE [--out FILE.ndjson] [--once]   collect events (follows until SIGINT/SIGTERM unless --once)';

async function pollOnce(device: NormalizedDevice, state: string, out: string | undefined, logger: Logger, signal: AbortSignal, follow: boolean): Promise<boolean> {
  const statusFile = statusFileFor(state);
  const progress = progressReporter(device.device_name);
  const sink = createSink(device, { out, stateBase: state.replace(/\.json$/, ''), logger });
  try {
    const outcome = await pollDevice(device, { checkpointFile: state, sink, logger, clock: systemClock, signal, retry: retryPolicyFromEnv(), onProgress: progress.update });
    progress.done();
    const nextPoll = follow && !signal.aborted ? outcome.finished_at + device.config.poll_interval_ms : undefined;
    await writeStatus(statusFile, statusAfterPoll(device, readStatus(statusFile), outcome, nextPoll, device.config.lookback_ms));
    logger.info('poll complete', { device: device.device_name, events: outcome.events, sink: sink.description, aborted: outcome.aborted });
    return true;
  } catch (error) {
    progress.done();
    const failure = describeFailure(error);
    if (failure.aborted) return true;
    const now = Date.now();
    await writeStatus(statusFile, statusAfterFailure(device, readStatus(statusFile), failure, now, follow ? now + device.config.poll_interval_ms : undefined));
    logger.error('poll failed', { device: device.device_name, category: failure.category, reason: failure.message });
    err(`Failed (${failure.category}): ${failure.message}`);
    return false;
  }
}

export async function run(argv: string[]): Promise<number> {
  const options = parseOptions(
    argv,
    { device: { type: 'string' }, state: { type: 'string' }, out: { type: 'string' }, once: { type: 'boolean' } },
    ['device', 'state'],
  );
  const loaded = loadDeviceFile(options.device as string);
  if (!loaded.ok) {
    loaded.errors.forEach((e) => err(`${e.field}: ${e.message}`));
    return EXIT_USAGE;
  }
  const logger = createLogger();
  loaded.warnings.forEach((w) => logger.warn(w.message, { field: w.field }));
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const state = path.resolve(options.state as string);
  try {
    if (options.once) return (await pollOnce(loaded.device, state, options.out as string | undefined, logger, controller.signal, false)) ? EXIT_OK : EXIT_FAILURE;
    while (!controller.signal.aborted) {
      await pollOnce(loaded.device, state, options.out as string | undefined, logger, controller.signal, true);
      await systemClock.sleep(loaded.device.config.poll_interval_ms, controller.signal);
    }
    return EXIT_OK;
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}
