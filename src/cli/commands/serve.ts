import * as path from 'node:path';
import { bindingProblem, startWebServer } from '../../host/web/server';
import { EXIT_OK, UsageError, err, out, parseOptions } from '../io';

export const usage =
  'serve --devices DIR --state-dir DIR [--port N] [--host 127.0.0.1] [--token T]   local web console: Add-On Store form and Collection Status';

export const DEFAULT_PORT = 8787;

function portOf(value: string | undefined): number {
  if (value === undefined) return DEFAULT_PORT;
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be a number from 0 to 65535, got "${value}"`);
  return port;
}

/** Serves until SIGINT/SIGTERM. The token may also come from ADR_SERVE_TOKEN, to keep it out of `ps`. */
export async function run(argv: string[], signal?: AbortSignal): Promise<number> {
  const options = parseOptions(
    argv,
    { devices: { type: 'string' }, 'state-dir': { type: 'string' }, port: { type: 'string' }, host: { type: 'string' }, token: { type: 'string' } },
    ['devices', 'state-dir'],
  );
  const host = (options.host as string | undefined) ?? '127.0.0.1';
  const token = (options.token as string | undefined) ?? (process.env.ADR_SERVE_TOKEN || undefined);
  if (token !== undefined && token.length < 16) throw new UsageError('--token must be at least 16 characters (e.g. openssl rand -hex 16)');
  const refused = bindingProblem(host, token);
  if (refused) throw new UsageError(refused);
  const server = await startWebServer({
    devicesDir: path.resolve(options.devices as string),
    stateDir: path.resolve(options['state-dir'] as string),
    host,
    port: portOf(options.port as string | undefined),
    token,
    log: err,
  });
  out(`Console listening on ${server.openUrl}`);
  await new Promise<void>((resolve) => {
    const stop = (): void => {
      process.removeListener('SIGINT', stop);
      process.removeListener('SIGTERM', stop);
      signal?.removeEventListener('abort', stop);
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    if (signal?.aborted) stop();
    else signal?.addEventListener('abort', stop);
  });
  await server.close();
  return EXIT_OK;
}
