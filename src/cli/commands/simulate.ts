import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { generateEvents, startSimulator } from '../../simulator';
import { EXIT_OK, out, parseOptions } from '../io';

export const usage =
  'simulate --device-out FILE [--port N] [--events N]   run the Directory Insights simulator on 127.0.0.1 and write a device file for it';

const SIMULATED_ORG = '5a2af2a82cf2b0010053ea41';

/** Runs until SIGINT/SIGTERM. The key exists only in the device file (mode 0600), never on a terminal. */
export async function run(argv: string[]): Promise<number> {
  const options = parseOptions(argv, { port: { type: 'string' }, events: { type: 'string' }, 'device-out': { type: 'string' } }, ['device-out']);
  const apiKey = randomBytes(20).toString('hex');
  const now = Date.now();
  const simulator = await startSimulator({
    port: Number(options.port ?? 0),
    tenants: [
      {
        org_id: SIMULATED_ORG,
        api_key: apiKey,
        events: generateEvents({ org_id: SIMULATED_ORG, count: Number(options.events ?? 5000), start_ms: now - 86_400_000, end_ms: now - 120_000, seed: 1 }),
      },
    ],
  });
  const deviceFile = path.resolve(options['device-out'] as string);
  fs.mkdirSync(path.dirname(deviceFile), { recursive: true });
  const device = { device_name: 'JumpCloud (simulator)', cce_ip: '127.0.0.1', access_id: '', secret_key: apiKey, config: { org_id: SIMULATED_ORG, base_url: simulator.url } };
  fs.writeFileSync(deviceFile, `${JSON.stringify(device, null, 2)}\n`, { mode: 0o600 });
  out(JSON.stringify({ url: simulator.url, org_id: SIMULATED_ORG, device_file: deviceFile }));
  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await simulator.stop();
  return EXIT_OK;
}
