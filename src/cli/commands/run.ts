import * as path from 'node:path';
import { systemClock } from '../../collect/clock';
import { localAddresses } from '../../host/assignment';
import { Runtime } from '../../host/runtime';
import { createLogger } from '../../log/logger';
import { retryPolicyFromEnv } from '../env';
import { EXIT_FAILURE, EXIT_OK, UsageError, parseOptions } from '../io';

export const usage =
  'run --devices DIR --state-dir DIR [--cce-ip ADDR]... [--concurrency N] [--once]   collect every device file of DIR in one process';

export async function run(argv: string[]): Promise<number> {
  const options = parseOptions(
    argv,
    {
      devices: { type: 'string' },
      'state-dir': { type: 'string' },
      'cce-ip': { type: 'string', multiple: true },
      concurrency: { type: 'string' },
      once: { type: 'boolean' },
    },
    ['devices', 'state-dir'],
  );
  const concurrency = Number(options.concurrency ?? 16);
  if (!Number.isInteger(concurrency) || concurrency < 1 || concurrency > 256) throw new UsageError('--concurrency must be a whole number from 1 to 256');
  const logger = createLogger();
  const controller = new AbortController();
  const stop = (): void => controller.abort();
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  const cceIps = (options['cce-ip'] as string[] | undefined) ?? localAddresses();
  logger.info('runtime starting', { devices: path.resolve(options.devices as string), cce_ips: cceIps, concurrency });
  try {
    const runtime = new Runtime({
      devicesDir: path.resolve(options.devices as string),
      stateDir: path.resolve(options['state-dir'] as string),
      cceIps,
      concurrency,
      once: Boolean(options.once),
      logger,
      clock: systemClock,
      signal: controller.signal,
      retry: retryPolicyFromEnv(),
      startSpreadMs: options.once ? 0 : 5_000,
    });
    const summary = await runtime.run();
    logger.info('runtime stopped', { ...summary });
    return options.once && summary.failures > 0 ? EXIT_FAILURE : EXIT_OK;
  } finally {
    process.removeListener('SIGINT', stop);
    process.removeListener('SIGTERM', stop);
  }
}
