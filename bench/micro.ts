/**
 * In-process cost per event of the product's hot functions, on the built code (dist/), over generated events:
 * normalize(), eventId(), serializeRecords(), redact(); JSON.parse / JSON.stringify of the same events as the
 * yardstick. Runs as its own plain-node child (transpiled by run.ts); prints one JSON object on stdout.
 *
 * Each measurement is repeated; the median of CPU time (process.cpuUsage: user+system, all threads, so GC
 * helper threads are included) and of wall time is reported, in microseconds per event.
 */
import * as path from 'node:path';

const ROOT = process.env.BENCH_ROOT ?? path.resolve(__dirname, '..', '..', '..');
/* eslint-disable @typescript-eslint/no-require-imports */
const { generateEvents } = require(path.join(ROOT, 'dist/simulator')) as typeof import('../src/simulator');
const { normalize } = require(path.join(ROOT, 'dist/normalize/normalize')) as typeof import('../src/normalize/normalize');
const { eventId } = require(path.join(ROOT, 'dist/normalize/event-id')) as typeof import('../src/normalize/event-id');
const { serializeRecords } = require(path.join(ROOT, 'dist/sinks/sink')) as typeof import('../src/sinks/sink');
const secrets = require(path.join(ROOT, 'dist/log/secrets')) as typeof import('../src/log/secrets');
/* eslint-enable @typescript-eslint/no-require-imports */

const ORG = '5a2af2a82cf2b0010053ea41';
const COUNT = Number(process.env.BENCH_MICRO_EVENTS ?? 30_000);
const REPS = Number(process.env.BENCH_MICRO_REPS ?? 5);
const PAGE = 10_000;

interface Cost {
  cpu_us_per_event: number;
  wall_us_per_event: number;
  reps: number;
}

function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)];
}

/** Runs fn (which processes `n` events) REPS times after one warm-up; µs per event. */
function measure(n: number, fn: () => unknown): Cost {
  fn();
  const cpu: number[] = [];
  const wall: number[] = [];
  for (let i = 0; i < REPS; i++) {
    (globalThis as { gc?: () => void }).gc?.();
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    fn();
    const t1 = performance.now();
    const c1 = process.cpuUsage(c0);
    wall.push(((t1 - t0) * 1000) / n);
    cpu.push((c1.user + c1.system) / n);
  }
  const r = (x: number): number => Math.round(x * 100) / 100;
  return { cpu_us_per_event: r(median(cpu)), wall_us_per_event: r(median(wall)), reps: REPS };
}

function main(): void {
  const now = Date.now();
  const generated = generateEvents({ org_id: ORG, count: COUNT, start_ms: now - 3_600_000, end_ms: now - 120_000, seed: 11 });
  // As the collector sees them: parsed from the API's JSON, not the generator's objects.
  const pages: string[] = [];
  for (let i = 0; i < generated.length; i += PAGE) pages.push(JSON.stringify(generated.slice(i, i + PAGE)));
  const events = pages.flatMap((p) => JSON.parse(p) as typeof generated);
  const idless = events.filter((e) => !(typeof e.id === 'string' && e.id.length > 0));
  const context = { device_name: 'JumpCloud', org_id: ORG };
  const records = events.map((e) => normalize(e, context));
  const recordPages: (typeof records)[] = [];
  for (let i = 0; i < records.length; i += PAGE) recordPages.push(records.slice(i, i + PAGE));
  const texts = recordPages.map((p) => serializeRecords(p));
  const outBytes = texts.reduce((n, t) => n + Buffer.byteLength(t), 0);
  const inBytes = pages.reduce((n, t) => n + Buffer.byteLength(t), 0);

  let sink = 0;
  const result: Record<string, unknown> = {
    events: events.length,
    idless_events: idless.length,
    api_json_bytes_per_event: Math.round(inBytes / events.length),
    ndjson_bytes_per_record: Math.round(outBytes / records.length),
    json_parse: measure(events.length, () => pages.forEach((p) => (sink += (JSON.parse(p) as unknown[]).length))),
    json_stringify_event: measure(events.length, () => events.forEach((e) => (sink += JSON.stringify(e).length))),
    event_id_all: measure(events.length, () => events.forEach((e) => (sink += eventId(e).length))),
    event_id_idless_only: measure(idless.length, () => idless.forEach((e) => (sink += eventId(e).length))),
    normalize: measure(events.length, () => events.forEach((e) => (sink += normalize(e, context) ? 1 : 0))),
    serialize_records: measure(records.length, () => recordPages.forEach((p) => (sink += serializeRecords(p).length))),
  };
  // What the product registers for one tenant with an API key: the key and its base64.
  secrets.registerSecret('a1b2c3d4e5f60718293a4b5c6d7e8f9012345678');
  result.redact_1_tenant = measure(records.length, () => texts.forEach((t) => (sink += secrets.redact(t).length)));
  // One `run` process with 1000 API-key tenants has registered 2000 secrets by the end of a cycle.
  for (let i = 0; i < 999; i++) secrets.registerSecret(`b${i.toString(16).padStart(7, '0')}c3d4e5f60718293a4b5c6d7e8f901234`);
  const smallTexts = texts.map((t) => t.slice(0, t.indexOf('\n', 64 * 1024) + 1));
  const smallRecords = smallTexts.reduce((n, t) => n + t.split('\n').length - 1, 0);
  result.redact_1000_tenants = measure(smallRecords, () => smallTexts.forEach((t) => (sink += secrets.redact(t).length)));
  // What the sinks use: only the device's own credentials, however many tenants the process holds.
  const redactDevice = secrets.redactorFor(['a1b2c3d4e5f60718293a4b5c6d7e8f9012345678']);
  result.redact_device_1000_tenants = measure(records.length, () => texts.forEach((t) => (sink += redactDevice(t).length)));
  result.checksum = sink > 0;
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main();
