import * as path from 'node:path';
import { eventId } from '../../src/normalize/event-id';
import type { Simulator } from '../../src/simulator';
import { startCli } from '../support/cli';
import { API_KEY, ORG_ID } from '../support/devices';
import { simulatedTenant, simulatorDevice } from '../support/simulated-tenant';
import { allFileContents, readNdjson, tempDir, writeDevice } from '../support/tmp';

/** Deterministic "random" kill delays, so a failure can be replayed. */
function* killDelays(seed: number): Generator<number> {
  let state = seed;
  for (;;) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    yield 50 + (state % 700);
  }
}

describe('kill -9 at random moments, then restart', () => {
  let simulator: Simulator;
  afterAll(async () => simulator?.stop());

  test('loses nothing and duplicates nothing against the simulator ground truth', async () => {
    simulator = await simulatedTenant(12_000, { equal_timestamp_runs: { every: 150, length: 12 } });
    simulator.injectFaults({ fault: { kind: 'slow', delay_ms: 40 }, times: 1_000 });
    const dir = tempDir();
    const device = writeDevice(dir, 'device.json', simulatorDevice(simulator, { page_size: 100 }));
    const outFile = path.join(dir, 'out.ndjson');
    const args = ['collect', '--device', device, '--state', path.join(dir, 'state.json'), '--out', outFile, '--once'];
    const delays = killDelays(42);
    let kills = 0;
    for (let run = 0; run < 12; run++) {
      const { child, done } = startCli(args);
      const timer = setTimeout(() => child.kill('SIGKILL'), delays.next().value as number);
      const result = await done;
      clearTimeout(timer);
      if (result.signal === 'SIGKILL') kills++;
      else expect(result.code).toBe(0);
      expect(result.stdout + result.stderr).not.toContain(API_KEY);
    }
    expect(kills).toBeGreaterThanOrEqual(8);
    const final = await startCli(args).done;
    expect(final.code).toBe(0);
    const ids = readNdjson(outFile).map((record) => record.event.id as string);
    const truth = simulator.events(ORG_ID).map(eventId);
    const duplicated = ids.length - new Set(ids).size;
    const lost = truth.filter((id) => !new Set(ids).has(id)).length;
    expect({ lost, duplicated, total: ids.length }).toEqual({ lost: 0, duplicated: 0, total: truth.length });
    expect(allFileContents(dir).split(API_KEY).length - 1).toBe(1);
  });
});
