import * as fs from 'node:fs';
import { testConnection } from '../../jumpcloud/test-connection';
import { loadDeviceFile } from '../../host/device-file';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, out, parseOptions } from '../io';

export const usage = 'test-connection --device FILE [--json]   one real request with the key and org (exit 0 Connected, 1 Failed)';

export async function run(argv: string[]): Promise<number> {
  const options = parseOptions(argv, { device: { type: 'string' }, json: { type: 'boolean' } }, ['device']);
  const loaded = loadDeviceFile(options.device as string);
  if (!loaded.ok) {
    loaded.errors.forEach((e) => out(`${e.field}: ${e.message}`));
    return EXIT_USAGE;
  }
  const result = await testConnection(JSON.parse(fs.readFileSync(options.device as string, 'utf8')));
  if (options.json) out(JSON.stringify(result, null, 2));
  else out(`${result.status}${result.category ? ` (${result.category})` : ''}: ${result.message} [${result.latency_ms} ms]`);
  return result.status === 'Connected' ? EXIT_OK : EXIT_FAILURE;
}
