import type { FieldMessage } from '../../contract';
import { loadDeviceFile } from '../../host/device-file';
import { EXIT_OK, EXIT_USAGE, out, parseOptions } from '../io';

export const usage = 'validate --device FILE [--json]      check a saved device form (exit 0 valid, 2 invalid)';

const line = (prefix: string) => (message: FieldMessage) => `${message.field}: ${prefix}${message.message}`;

export async function run(argv: string[]): Promise<number> {
  const options = parseOptions(argv, { device: { type: 'string' }, json: { type: 'boolean' } }, ['device']);
  const result = loadDeviceFile(options.device as string);
  if (options.json) {
    out(JSON.stringify({ ok: result.ok, errors: result.ok ? [] : result.errors, warnings: result.warnings }, null, 2));
  } else {
    if (!result.ok) result.errors.map(line('')).forEach(out);
    result.warnings.map(line('warning: ')).forEach(out);
    if (result.ok) out(`valid: ${result.device.device_name} (organization ${result.device.config.org_id}, ${result.device.config.api_origin})`);
  }
  return result.ok ? EXIT_OK : EXIT_USAGE;
}
