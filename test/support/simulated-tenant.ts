import { generateEvents, startSimulator, type Simulator, type SimulatorOptions } from '../../src/simulator';
import { API_KEY, ORG_ID } from './devices';

export const HOUR = 3_600_000;

/** A simulator with one tenant holding `count` events spread over the last hour (ending 2 min ago). */
export async function simulatedTenant(count: number, options: Partial<SimulatorOptions> & { seed?: number; equal_timestamp_runs?: { every: number; length: number } } = {}): Promise<Simulator> {
  const now = Date.now();
  const events = generateEvents({ org_id: ORG_ID, count, start_ms: now - HOUR, end_ms: now - 120_000, seed: options.seed ?? 7, equal_timestamp_runs: options.equal_timestamp_runs });
  return startSimulator({ tenants: [{ org_id: ORG_ID, api_key: API_KEY, events }], ...options });
}

export function simulatorDevice(simulator: Simulator, config: Record<string, unknown> = {}, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    device_name: 'JumpCloud',
    cce_ip: '127.0.0.1',
    access_id: '',
    secret_key: API_KEY,
    config: { org_id: ORG_ID, base_url: simulator.url, lookback: '2h', settle_delay: '1s', page_size: 1000, ...config },
    ...overrides,
  };
}
