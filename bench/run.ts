/**
 * The benchmark (`npm run bench`): backfill throughput against a minimal baseline, memory, tenant scale,
 * per-event costs and a CPU profile, in one run. Writes bench/results.json and bench/results.md.
 *
 * Every measured process is a child of this one: the built CLI (node dist/cli/main.js), the baseline and the
 * fetch-only client (bench/baseline.ts, transpiled to plain JS), the micro benchmark (bench/micro.ts, likewise),
 * and the simulator (bench/sim-server.ts). Children report their own resourceUsage()/cpuUsage() through the
 * bench/report-usage.js preload; CPU time is the primary number (the machine is shared), wall time is reported
 * next to it.
 *
 * Environment knobs (for quicker partial runs; the defaults are the full benchmark):
 *   BENCH_PHASES=micro,backfill,tenants   BENCH_SIZES=100000,1000000   BENCH_CONCURRENCY=16,64
 *   BENCH_TENANTS=1000   BENCH_REPEAT_SMALL=2 (runs of product and baseline at the smallest size)
 *   BENCH_CLI=path/to/dist/cli/main.js (measure another build of the product, e.g. before/after a change)
 *   BENCH_RESULTS=path (write the results there instead of bench/results.json and .md)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { CLI, OUT, ROOT, apiKey, machine, orgId, round, runMeasured, startSimChild, transpile, writeDeviceFile, type ChildResult, type SimHandle } from './lib';
import { summarizeProfile, type ProfileSummary } from './profile';
import { writeMarkdown } from './report';
import type { TenantSpec } from './sim-server';

const HOUR = 3_600_000;
const PHASES = new Set((process.env.BENCH_PHASES ?? 'micro,backfill,tenants').split(','));
const SIZES = (process.env.BENCH_SIZES ?? '100000,1000000').split(',').map(Number);
const CONCURRENCY = (process.env.BENCH_CONCURRENCY ?? '16,64').split(',').map(Number);
const TENANTS = Number(process.env.BENCH_TENANTS ?? 1000);
const REPEAT_SMALL = Number(process.env.BENCH_REPEAT_SMALL ?? 2);
const PAGE_SIZE = 10_000;
const KNOB_PAGE_SIZE = 1000;
const KNOB_HEAP_MB = 128;

export const TARGETS = {
  product_vs_baseline_time: 1.2,
  max_rss_mb: 150,
  rss_flatness: 0.1,
  tenants_max_rss_mb: 300,
  tenants_cycle_s: 60,
};

const benchStarted = performance.now();
const log = (message: string): void => {
  process.stderr.write(`[bench ${((performance.now() - benchStarted) / 1000).toFixed(1)}s] ${message}\n`);
};

function cpuOf(r: ChildResult): { cpu_ms: number; user_ms: number; system_ms: number } {
  return { cpu_ms: round(r.cpu_ms), user_ms: round(r.usage.cpu_user_ms), system_ms: round(r.usage.cpu_system_ms) };
}

/** Lines of the child's JSON log (winston on stderr) with the given message. */
function logLines(file: string, message: string): Array<Record<string, unknown>> {
  const lines: Array<Record<string, unknown>> = [];
  for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
    if (!line.startsWith('{') || !line.includes(message)) continue;
    try {
      const parsed = JSON.parse(line) as Record<string, unknown>;
      if (parsed.message === message) lines.push(parsed);
    } catch {
      // progress lines and the like
    }
  }
  return lines;
}

function simDelta(before: Awaited<ReturnType<SimHandle['stats']>>, after: Awaited<ReturnType<SimHandle['stats']>>) {
  return {
    requests: after.stats.requests - before.stats.requests,
    events_served: after.stats.events_served - before.stats.events_served,
    cpu_ms: round(after.cpu_ms - before.cpu_ms),
  };
}

// ---- micro ---------------------------------------------------------------------------------------------

async function microPhase(): Promise<Record<string, unknown>> {
  log('micro: normalize / eventId / serialize / redact per event');
  const js = transpile(path.join(ROOT, 'bench', 'micro.ts'));
  const r = await runMeasured('micro', ['--expose-gc'], [js], { env: { BENCH_ROOT: ROOT } });
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

// ---- backfill ------------------------------------------------------------------------------------------

interface BackfillRun {
  kind: 'fetch_only' | 'baseline' | 'baseline_normalizing' | 'product' | 'product_profiled';
  events: number;
  wall_ms: number;
  events_per_s_wall: number;
  cpu_ms: number;
  user_ms: number;
  system_ms: number;
  cpu_us_per_event: number;
  events_per_cpu_s: number;
  max_rss_mb: number;
  bytes_out?: number;
  simulator: { requests: number; events_served: number; cpu_ms: number };
}

function backfillRun(kind: BackfillRun['kind'], events: number, r: ChildResult, sim: BackfillRun['simulator'], bytesOut?: number): BackfillRun {
  return {
    kind,
    events,
    wall_ms: round(r.wall_ms),
    events_per_s_wall: Math.round(events / (r.wall_ms / 1000)),
    ...cpuOf(r),
    cpu_us_per_event: round((r.cpu_ms * 1000) / events, 2),
    events_per_cpu_s: Math.round(events / (r.cpu_ms / 1000)),
    max_rss_mb: round(r.usage.max_rss_mb),
    ...(bytesOut === undefined ? {} : { bytes_out: bytesOut }),
    simulator: sim,
  };
}

function best(runs: BackfillRun[]): BackfillRun {
  // The least disturbed run on a shared machine: lowest CPU time (wall follows from the same run).
  return [...runs].sort((a, b) => a.cpu_ms - b.cpu_ms)[0];
}

async function backfillPhase(): Promise<Record<string, unknown>> {
  const baselineJs = transpile(path.join(ROOT, 'bench', 'baseline.ts'));
  const dir = path.join(OUT, 'backfill');
  fs.rmSync(dir, { recursive: true, force: true });
  fs.mkdirSync(dir, { recursive: true });
  const now = Date.now();
  // Events over the last 3 hours up to 2 minutes ago; lookback 4h covers them all.
  const specs: TenantSpec[] = SIZES.map((count, i) => ({ org_id: orgId(0xb0 + i), api_key: apiKey(0xb0 + i), count, seed: 7 + i, start_ms: now - 3 * HOUR, end_ms: now - 120_000 }));
  const total = SIZES.reduce((a, b) => a + b, 0);
  log(`backfill: generating ${total} events in the simulator (once, reused by every run)`);
  const sim = await startSimChild(specs);
  log(`backfill: simulator ready (generate ${Math.round(sim.ready.generate_ms)} ms, store ${Math.round(sim.ready.load_ms)} ms, rss ${Math.round(sim.ready.rss_mb)} MB)`);
  const sizes: Record<string, unknown>[] = [];
  const knobs: Array<Record<string, unknown>> = [];
  let profile: ProfileSummary | undefined;
  try {
    for (const [i, spec] of specs.entries()) {
      const n = spec.count;
      const start = new Date(Date.now() - 4 * HOUR).toISOString();
      const clientArgs = ['--url', sim.ready.url, '--org', spec.org_id, '--key', spec.api_key, '--start', start, '--limit', String(PAGE_SIZE)];
      const endNow = (): string[] => ['--end', new Date(Date.now() - 1000).toISOString()];

      const fetchOnly = async (): Promise<BackfillRun> => {
        const s0 = await sim.stats();
        const r = await runMeasured(`fetch-only-${n}`, [], [baselineJs, ...clientArgs, ...endNow(), '--discard']);
        const counts = JSON.parse(r.stdout) as { events: number };
        if (counts.events !== n) throw new Error(`fetch-only ${n}: got ${counts.events} events`);
        return backfillRun('fetch_only', n, r, simDelta(s0, await sim.stats()));
      };
      const baseline = async (rep: number, normalizing = false): Promise<BackfillRun> => {
        const label = `baseline${normalizing ? '-normalizing' : ''}-${n}-${rep}`;
        const out = path.join(dir, `${label}.ndjson`);
        const s0 = await sim.stats();
        const r = await runMeasured(label, [], [baselineJs, ...clientArgs, ...endNow(), '--out', out, ...(normalizing ? ['--normalize'] : [])], { env: { BENCH_ROOT: ROOT } });
        const counts = JSON.parse(r.stdout) as { events: number; bytes_out: number };
        if (counts.events !== n) throw new Error(`${label}: got ${counts.events} events`);
        const size = fs.statSync(out).size;
        fs.rmSync(out, { force: true });
        return backfillRun(normalizing ? 'baseline_normalizing' : 'baseline', n, r, simDelta(s0, await sim.stats()), size);
      };
      const product = async (rep: number | string, profiled = false, pageSize = PAGE_SIZE, nodeFlags: string[] = []): Promise<BackfillRun> => {
        const label = `product-${n}-${rep}${profiled ? '-prof' : ''}`;
        const device = path.join(dir, `${label}.device.json`);
        const state = path.join(dir, `${label}.state.json`);
        const out = path.join(dir, `${label}.ndjson`);
        writeDeviceFile(device, 'JumpCloud', sim.ready.url, spec.org_id, spec.api_key, { lookback: '4h', page_size: pageSize });
        const flags = profiled ? ['--cpu-prof', `--cpu-prof-dir=${path.join(OUT, 'prof')}`, `--cpu-prof-name=${label}.cpuprofile`] : nodeFlags;
        const s0 = await sim.stats();
        const r = await runMeasured(label, flags, [CLI, 'collect', '--device', device, '--state', state, '--out', out, '--once']);
        const done = logLines(r.stderrFile, 'poll complete');
        const collected = Number(done[0]?.events);
        const checkpoint = JSON.parse(fs.readFileSync(state, 'utf8')) as { sink: { offset: number } };
        const size = fs.statSync(out).size;
        if (collected !== n) throw new Error(`${label}: collected ${collected} of ${n} events`);
        if (checkpoint.sink.offset !== size) throw new Error(`${label}: checkpoint offset ${checkpoint.sink.offset} != file size ${size}`);
        fs.rmSync(out, { force: true });
        return backfillRun(profiled ? 'product_profiled' : 'product', n, r, simDelta(s0, await sim.stats()), size);
      };

      log(`backfill ${n}: fetch-only`);
      const fetchRun = await fetchOnly();
      const reps = i === 0 ? REPEAT_SMALL : 1;
      const baselineRuns: BackfillRun[] = [];
      const normalizingRuns: BackfillRun[] = [];
      const productRuns: BackfillRun[] = [];
      for (let rep = 0; rep < reps; rep++) {
        // Alternate the order so that neither side always runs on a warmer (or busier) machine. The normalizing
        // baseline only at the smallest size: at 1M it would cost half a minute of the 3-minute budget.
        const order = i === 0 ? ['baseline', 'baseline_normalizing', 'product'] : ['baseline', 'product'];
        if (rep % 2 === 1) order.reverse();
        for (const which of order) {
          log(`backfill ${n}: ${which} (run ${rep + 1}/${reps})`);
          if (which === 'baseline') baselineRuns.push(await baseline(rep));
          else if (which === 'baseline_normalizing') normalizingRuns.push(await baseline(rep, true));
          else productRuns.push(await product(rep));
        }
      }
      if (i === 0) {
        log(`backfill ${n}: product under --cpu-prof`);
        fs.rmSync(path.join(OUT, 'prof'), { recursive: true, force: true });
        const profiled = await product(0, true);
        const file = path.join(OUT, 'prof', `product-${n}-0-prof.cpuprofile`);
        profile = { ...summarizeProfile(file, ROOT, 20), ...{ run: profiled } };
        // What an operator can do about memory without code: a smaller page, or a capped V8 heap.
        log(`backfill ${n}: memory knobs (page_size ${KNOB_PAGE_SIZE}; --max-old-space-size=${KNOB_HEAP_MB})`);
        knobs.push({ knob: `page_size ${KNOB_PAGE_SIZE}`, ...(await product('page', false, KNOB_PAGE_SIZE)) });
        knobs.push({ knob: `node --max-old-space-size=${KNOB_HEAP_MB}`, ...(await product('heap', false, PAGE_SIZE, [`--max-old-space-size=${KNOB_HEAP_MB}`])) });
      }
      const b = best(baselineRuns);
      const p = best(productRuns);
      const bn = normalizingRuns.length > 0 ? best(normalizingRuns) : undefined;
      sizes.push({
        events: n,
        fetch_only: fetchRun,
        baseline: b,
        ...(bn ? { baseline_normalizing: bn } : {}),
        product: p,
        all_runs: { baseline: baselineRuns, ...(bn ? { baseline_normalizing: normalizingRuns } : {}), product: productRuns },
        ratio_wall: round(p.wall_ms / b.wall_ms, 2),
        ratio_cpu: round(p.cpu_ms / b.cpu_ms, 2),
        ...(bn ? { ratio_wall_vs_normalizing: round(p.wall_ms / bn.wall_ms, 2), ratio_cpu_vs_normalizing: round(p.cpu_ms / bn.cpu_ms, 2) } : {}),
        ratio_wall_vs_fetch_only: round(p.wall_ms / fetchRun.wall_ms, 2),
      });
      log(`backfill ${n}: product ${p.events_per_s_wall} ev/s (${p.cpu_us_per_event} µs CPU/ev, ${p.max_rss_mb} MB), baseline ${b.events_per_s_wall} ev/s (${b.cpu_us_per_event} µs CPU/ev, ${b.max_rss_mb} MB), fetch-only ${fetchRun.events_per_s_wall} ev/s`);
    }
  } finally {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return { page_size: PAGE_SIZE, simulator_load: sim.ready, sizes, memory_knobs: knobs, profile };
}

// ---- tenant scale --------------------------------------------------------------------------------------

async function tenantsRun(concurrency: number): Promise<Record<string, unknown>> {
  const dir = path.join(OUT, `tenants-c${concurrency}`);
  fs.rmSync(dir, { recursive: true, force: true });
  const devices = path.join(dir, 'devices');
  const state = path.join(dir, 'state');
  fs.mkdirSync(devices, { recursive: true });
  const now = Date.now();
  const specs: TenantSpec[] = Array.from({ length: TENANTS }, (_, i) => ({
    org_id: orgId(0x1000 + i),
    api_key: apiKey(0x1000 + i),
    count: 20 + ((i * 7) % 31),
    seed: 1000 + i,
    start_ms: now - HOUR,
    end_ms: now - 120_000,
  }));
  const expected = specs.reduce((n, s) => n + s.count, 0);
  const sim = await startSimChild(specs, 1024);
  try {
    specs.forEach((s, i) => writeDeviceFile(path.join(devices, `tenant-${String(i).padStart(4, '0')}.json`), `Tenant ${i}`, sim.ready.url, s.org_id, s.api_key, { lookback: '2h' }));
    const s0 = await sim.stats();
    const r = await runMeasured(`tenants-c${concurrency}`, [], [CLI, 'run', '--devices', devices, '--state-dir', state, '--cce-ip', '127.0.0.1', '--once', '--concurrency', String(concurrency)], { sampleFds: true });
    const s1 = await sim.stats();
    const polls = logLines(r.stderrFile, 'poll complete');
    const collected = polls.reduce((n, l) => n + Number(l.events), 0);
    const started = logLines(r.stderrFile, 'runtime starting')[0]?.timestamp as string | undefined;
    const stopped = logLines(r.stderrFile, 'runtime stopped')[0] as { timestamp?: string; failures?: number } | undefined;
    if (polls.length !== TENANTS || collected !== expected) throw new Error(`tenants c=${concurrency}: ${polls.length} polls, ${collected}/${expected} events; see ${r.stderrFile}`);
    return {
      concurrency,
      tenants: TENANTS,
      events: expected,
      wall_ms: round(r.wall_ms),
      cycle_ms: started && stopped?.timestamp ? Date.parse(stopped.timestamp) - Date.parse(started) : undefined,
      failures: stopped?.failures,
      ...cpuOf(r),
      max_rss_mb: round(r.usage.max_rss_mb),
      max_open_sockets: r.max_sockets,
      max_open_fds: r.max_fds,
      fd_samples: r.samples,
      simulator_max_concurrent: s1.stats.max_concurrent,
      simulator: simDelta(s0, s1),
    };
  } finally {
    await sim.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function tenantsPhase(): Promise<Record<string, unknown>[]> {
  const runs: Record<string, unknown>[] = [];
  for (const c of CONCURRENCY) {
    log(`tenants: ${TENANTS} device files, one run --once --concurrency ${c}`);
    const run = await tenantsRun(c);
    log(`tenants c=${c}: ${run.wall_ms} ms, rss ${run.max_rss_mb} MB, sockets ${run.max_open_sockets}, simulator max_concurrent ${run.simulator_max_concurrent}`);
    runs.push(run);
  }
  return runs;
}

// ---- main ----------------------------------------------------------------------------------------------

function gitRevision(): Promise<string | undefined> {
  return new Promise((resolve) => {
    const child = spawn('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (c: Buffer) => (out += c.toString()));
    child.on('error', () => resolve(undefined));
    child.on('close', () => resolve(out.trim() || undefined));
  });
}

async function main(): Promise<void> {
  fs.mkdirSync(OUT, { recursive: true });
  const results: Record<string, unknown> = { machine: { ...machine(), git_revision: await gitRevision() }, product_cli: path.relative(ROOT, CLI), targets: TARGETS };
  if (PHASES.has('micro')) results.micro = await microPhase();
  if (PHASES.has('backfill')) results.backfill = await backfillPhase();
  if (PHASES.has('tenants')) results.tenants = await tenantsPhase();
  results.bench_wall_s = round((performance.now() - benchStarted) / 1000);
  (results.machine as Record<string, unknown>).loadavg_at_end = os.loadavg().map((l) => round(l, 2));
  const base = process.env.BENCH_RESULTS ? path.resolve(process.env.BENCH_RESULTS) : path.join(ROOT, 'bench', 'results');
  fs.writeFileSync(`${base}.json`, `${JSON.stringify(results, null, 2)}\n`);
  fs.writeFileSync(`${base}.md`, writeMarkdown(results));
  log(`done: ${path.relative(ROOT, base)}.json, .md (${results.bench_wall_s} s)`);
}

main().catch((error: unknown) => {
  process.stderr.write(`bench failed: ${String((error as Error)?.stack ?? error)}\n`);
  process.exitCode = 1;
});
