import * as net from 'node:net';
import { eventId } from '../../src/normalize/event-id';
import type { Simulator } from '../../src/simulator';
import { ORG_ID } from './devices';
import { readNdjson } from './tmp';

/** Every event the simulator holds for the tenant was delivered, and none twice. */
export function expectExactlyOnce(delivered: string[] | string, simulator: Simulator, orgId = ORG_ID): void {
  const ids = typeof delivered === 'string' ? readNdjson(delivered).map((record) => record.event.id as string) : [...delivered];
  const truth = simulator.events(orgId).map(eventId);
  expect(truth.length).toBeGreaterThan(0);
  expect(new Set(ids).size).toBe(ids.length);
  expect(ids.sort()).toEqual([...truth].sort());
}

/** A loopback port nobody listens on (it was free a moment ago). */
export async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}
