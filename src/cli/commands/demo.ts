import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { systemClock } from '../../collect/clock';
import { Runtime, statePaths } from '../../host/runtime';
import { readStatus, type DeviceStatus } from '../../host/status';
import { renderStatusTable } from '../../host/status-table';
import { testConnection } from '../../jumpcloud/test-connection';
import { createLogger } from '../../log/logger';
import { generateEvents, startSimulator, type SimulatorTenant } from '../../simulator';
import { loadDeviceFile } from '../../host/device-file';
import { EXIT_FAILURE, EXIT_OK, out, parseOptions } from '../io';

export const usage = 'demo [--dir DIR]   the whole flow on the embedded simulator: validate, test-connection, collect, Collection Status';

const DEMO_TENANTS = [
  { name: 'JumpCloud - Acme Corp', org_id: '5a2af2a82cf2b0010053ea41', events: 6000 },
  { name: 'JumpCloud - Globex', org_id: '6ce434e87128303e528e747b', events: 3000 },
  { name: 'JumpCloud - Initech', org_id: '5530392c3e2ab2b60c000047', events: 1500 },
];

function step(title: string): void {
  out(`\n== ${title}`);
}

export async function run(argv: string[]): Promise<number> {
  const options = parseOptions(argv, { dir: { type: 'string' } });
  const dir = path.resolve((options.dir as string | undefined) ?? '.demo');
  fs.rmSync(dir, { recursive: true, force: true });
  const now = Date.now();
  const tenants: SimulatorTenant[] = DEMO_TENANTS.map((tenant, i) => ({
    org_id: tenant.org_id,
    api_key: randomBytes(20).toString('hex'),
    events: generateEvents({ org_id: tenant.org_id, count: tenant.events, start_ms: now - 86_400_000, end_ms: now - 120_000, seed: i + 1, equal_timestamp_runs: { every: 500, length: 5 } }),
  }));
  const simulator = await startSimulator({ tenants });
  step(`JumpCloud Directory Insights simulator listening on ${simulator.url} (loopback only)`);
  const logger = createLogger({ level: 'warn' });
  try {
    const deviceFiles = DEMO_TENANTS.map((tenant, i) => {
      const file = path.join(dir, 'devices', `${tenant.org_id}.json`);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      const device = { device_name: tenant.name, cce_ip: '127.0.0.1', access_id: '', secret_key: tenants[i].api_key, config: { org_id: tenant.org_id, base_url: simulator.url } };
      fs.writeFileSync(file, `${JSON.stringify(device, null, 2)}\n`, { mode: 0o600 });
      return file;
    });

    step('Validate (Add-On Store form → Save)');
    const devices = deviceFiles.map((file) => {
      const loaded = loadDeviceFile(file);
      if (!loaded.ok) throw new Error(loaded.errors.map((e) => e.message).join('; '));
      out(`  ${loaded.device.device_name}: valid`);
      return loaded.device;
    });

    step('Test Connection');
    for (const file of deviceFiles) {
      const result = await testConnection(JSON.parse(fs.readFileSync(file, 'utf8')));
      out(`  ${result.status}: ${result.message}`);
      if (result.status !== 'Connected') return EXIT_FAILURE;
    }

    step(`Collect: adr-addon run --once over ${devices.length} tenants in one process (24h lookback, paged with search_after, checkpointed per page)`);
    const stateDir = path.join(dir, 'state');
    const runtime = new Runtime({
      devicesDir: path.join(dir, 'devices'),
      stateDir,
      cceIps: ['127.0.0.1'],
      concurrency: 4,
      once: true,
      logger,
      clock: systemClock,
      signal: new AbortController().signal,
    });
    const summary = await runtime.run();
    const statuses = DEMO_TENANTS.map((tenant) => readStatus(statePaths(stateDir, tenant.org_id).status)).filter((s): s is DeviceStatus => s !== undefined);
    for (const status of statuses) out(`  ${status.device_name}: ${status.events_total} events → ${path.relative(process.cwd(), statePaths(stateDir, status.org_id ?? '').base)}.ndjson`);
    out(`  ${summary.polls} polls, ${summary.failures} failures`);

    step('System Logs and Flows > Collection Status');
    out(renderStatusTable(statuses));
    out(`\nState, output and device files are in ${path.relative(process.cwd(), dir) || '.'}/`);
    return statuses.every((s) => s.status === 'Connected/Active') ? EXIT_OK : EXIT_FAILURE;
  } finally {
    await simulator.stop();
  }
}
