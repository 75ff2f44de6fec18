/**
 * The simulator as a child process of the bench, so that its CPU and memory stay out of the orchestrator and
 * out of the measured children. Controlled over IPC:
 *   parent → { type: 'start', tenants: TenantSpec[] }   child → { type: 'ready', url, ... }
 *   parent → { type: 'stats' }                           child → { type: 'stats', stats, cpu_ms, rss_mb }
 *   parent → { type: 'stop' }                            child exits
 * Events are generated once per tenant and kept for the life of the process (product, baseline and
 * fetch-only runs all read the same pre-serialized store).
 */
import { generateEvents, startSimulator, type Simulator, type SimulatorTenant } from '../src/simulator';

export interface TenantSpec {
  org_id: string;
  api_key: string;
  count: number;
  seed: number;
  start_ms: number;
  end_ms: number;
}

export type ToSim = { type: 'start'; tenants: TenantSpec[] } | { type: 'stats' } | { type: 'stop' };

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

let simulator: Simulator | undefined;

function send(message: unknown): void {
  process.send?.(message);
}

process.on('message', (message: ToSim) => {
  void (async () => {
    if (message.type === 'start') {
      const t0 = performance.now();
      const c0 = cpuMs();
      const tenants: SimulatorTenant[] = message.tenants.map((t) => ({
        org_id: t.org_id,
        api_key: t.api_key,
        events: generateEvents({ org_id: t.org_id, count: t.count, start_ms: t.start_ms, end_ms: t.end_ms, seed: t.seed }),
      }));
      const generated_ms = performance.now() - t0;
      // startSimulator adds every tenant's events to its store: the one-time JSON.stringify of each event.
      simulator = await startSimulator({ tenants });
      // Only the store keeps the events from now on.
      for (const t of tenants) delete t.events;
      send({
        type: 'ready',
        url: simulator.url,
        generate_ms: generated_ms,
        load_ms: performance.now() - t0 - generated_ms,
        cpu_ms: cpuMs() - c0,
        rss_mb: process.memoryUsage().rss / 1048576,
      });
    } else if (message.type === 'stats') {
      send({ type: 'stats', stats: simulator?.stats(), cpu_ms: cpuMs(), rss_mb: process.memoryUsage().rss / 1048576 });
    } else if (message.type === 'stop') {
      await simulator?.stop();
      process.exit(0);
    }
  })().catch((error: unknown) => {
    send({ type: 'error', message: String((error as Error)?.stack ?? error) });
    process.exit(1);
  });
});
process.on('disconnect', () => process.exit(0));
