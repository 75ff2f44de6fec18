import type { Batch } from '../../src/contract';
import { collect } from '../../src/collect/collector';
import { validate } from '../../src/config/validate';
import type { Simulator } from '../../src/simulator';
import { ORG_ID } from '../support/devices';
import { simulatedTenant, simulatorDevice } from '../support/simulated-tenant';

function deviceFor(simulator: Simulator, config: Record<string, unknown> = {}) {
  const result = validate(simulatorDevice(simulator, config));
  if (!result.device) throw new Error(JSON.stringify(result.errors));
  return result.device;
}

describe('collect (in process)', () => {
  let simulator: Simulator;
  afterEach(async () => simulator?.stop());

  test('emits one batch per page with the cursor that covers it, and ends at the window end', async () => {
    simulator = await simulatedTenant(250);
    const batches: Batch[] = [];
    const result = await collect(deviceFor(simulator, { page_size: 100 }), { cursor: null, emit: async (batch) => void batches.push(batch) });
    expect(batches.map((b) => b.records.length)).toEqual([100, 100, 50]);
    expect(result.events).toBe(250);
    expect(result.aborted).toBe(false);
    expect(Date.parse(result.cursor.since)).toBeGreaterThan(Date.parse(batches[1].cursor.since));
    expect(result.cursor).toEqual(batches[2].cursor);
    const body = simulator.requestLog().at(-1)?.body as Record<string, unknown>;
    expect(body).toMatchObject({ service: ['all'], limit: 100, sort: 'ASC', search_after: expect.any(Array) });
  });

  test('stops between pages when aborted, with a resumable cursor', async () => {
    simulator = await simulatedTenant(300);
    const controller = new AbortController();
    const device = deviceFor(simulator, { page_size: 100 });
    const first: Batch[] = [];
    const stopped = await collect(device, {
      cursor: null,
      signal: controller.signal,
      emit: async (batch) => {
        first.push(batch);
        controller.abort();
      },
    });
    expect(stopped).toMatchObject({ aborted: true, events: 100 });
    const rest: Batch[] = [];
    const resumed = await collect(device, { cursor: stopped.cursor, emit: async (batch) => void rest.push(batch) });
    const ids = [...first, ...rest].flatMap((b) => b.records.map((r) => r.event.id));
    expect(resumed.events).toBe(200);
    expect(new Set(ids).size).toBe(300);
  });

  test('an empty window (cursor inside settle_delay) makes no request at all', async () => {
    simulator = await simulatedTenant(10);
    const before = simulator.stats().requests;
    const cursor = { since: new Date(Date.now() - 500).toISOString(), seen_ids: [] };
    const result = await collect(deviceFor(simulator, { settle_delay: '60s' }), { cursor, emit: async () => undefined });
    expect(result).toMatchObject({ events: 0, cursor, aborted: false });
    expect(simulator.stats().requests).toBe(before);
  });

  test('records carry the device and organization', async () => {
    simulator = await simulatedTenant(5);
    const batches: Batch[] = [];
    await collect(deviceFor(simulator), { cursor: null, emit: async (batch) => void batches.push(batch) });
    expect(batches[0].records[0]).toMatchObject({ observer: { name: 'JumpCloud' }, organization: { id: ORG_ID } });
  });
});
