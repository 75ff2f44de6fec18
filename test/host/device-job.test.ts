import * as fs from 'node:fs';
import * as path from 'node:path';
import { systemClock } from '../../src/collect/clock';
import { readCheckpoint } from '../../src/collect/checkpoint';
import { validate } from '../../src/config/validate';
import type { Logger, OutputRecord } from '../../src/contract';
import { DeviceJob, pollDevice } from '../../src/host/device-job';
import type { Sink, SinkPosition } from '../../src/sinks/sink';
import type { Simulator } from '../../src/simulator';
import { ORG_ID } from '../support/devices';
import { simulatedTenant, simulatorDevice } from '../support/simulated-tenant';
import { tempDir } from '../support/tmp';

/** A sink that records what the runtime does with it, and can be told to fail. */
class RecordingSink implements Sink {
  readonly description = 'recording';
  readonly calls: string[] = [];
  records: OutputRecord[] = [];
  failAfter = Infinity;
  async open(committed: SinkPosition | undefined) {
    this.calls.push(`open:${committed ? 'resume' : 'fresh'}`);
  }
  async write(records: OutputRecord[]): Promise<SinkPosition> {
    if (this.records.length >= this.failAfter) throw new Error('disk full (ENOSPC)');
    this.records.push(...records);
    this.calls.push('write');
    return { type: 'stdout' };
  }
  async close() {
    this.calls.push('close');
  }
}

const warnings: string[] = [];
const logger: Logger = { error() {}, info() {}, debug() {}, warn: (message) => void warnings.push(message) };

describe('DeviceJob', () => {
  let simulator: Simulator;
  afterEach(async () => simulator?.stop());

  test('keeps the sink open across polls and checkpoints after every durable batch', async () => {
    simulator = await simulatedTenant(250);
    const device = validate(simulatorDevice(simulator, { page_size: 100 })).device!;
    const checkpointFile = path.join(tempDir(), 'acme.checkpoint.json');
    const sink = new RecordingSink();
    const job = new DeviceJob(device, { checkpointFile, sink, logger, clock: systemClock });
    const first = await job.poll();
    const second = await job.poll();
    await job.close();
    expect([first.events, second.events]).toEqual([250, 0]);
    expect(sink.calls.filter((call) => call.startsWith('open'))).toEqual(['open:fresh']);
    expect(sink.calls.slice(0, 4)).toEqual(['open:fresh', 'write', 'write', 'write']);
    expect(sink.calls.at(-1)).toBe('close');
    expect(readCheckpoint(checkpointFile, { org_id: ORG_ID })?.cursor.since).toBeDefined();
  });

  test('a failed poll closes the sink, so the next poll reopens it at the committed position', async () => {
    simulator = await simulatedTenant(250);
    const device = validate(simulatorDevice(simulator, { page_size: 100 })).device!;
    const checkpointFile = path.join(tempDir(), 'acme.checkpoint.json');
    const sink = new RecordingSink();
    sink.failAfter = 100;
    const job = new DeviceJob(device, { checkpointFile, sink, logger, clock: systemClock });
    await expect(job.poll()).rejects.toThrow(/ENOSPC/);
    expect(sink.calls).toEqual(['open:fresh', 'write', 'close']);
    sink.failAfter = Infinity;
    const resumed = await job.poll();
    await job.close();
    expect(resumed.events).toBe(150);
    expect(sink.calls.slice(3)).toEqual(['open:resume', 'write', 'write', 'close']);
    expect(new Set(sink.records.map((r) => r.event.id)).size).toBe(250);
  });

  test('a changed service list is collected from the checkpoint on, with a warning', async () => {
    simulator = await simulatedTenant(20);
    const checkpointFile = path.join(tempDir(), 'acme.checkpoint.json');
    const options = { checkpointFile, logger, clock: systemClock };
    await pollDevice(validate(simulatorDevice(simulator, { services: ['sso'] })).device!, { ...options, sink: new RecordingSink() });
    await pollDevice(validate(simulatorDevice(simulator, { services: ['all'] })).device!, { ...options, sink: new RecordingSink() });
    expect(warnings).toContainEqual(expect.stringMatching(/service list changed since the last checkpoint/));
    expect(JSON.parse(fs.readFileSync(checkpointFile, 'utf8')).services).toEqual(['all']);
  });
});
