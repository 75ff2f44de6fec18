/** Helpers of the bench: child processes with resource reports, the simulator child, /proc sampling. */
import { fork, spawn, type ChildProcess } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { TenantSpec, ToSim } from './sim-server';

export const ROOT = path.resolve(__dirname, '..');
export const OUT = path.join(ROOT, 'bench', 'out');
/** The built CLI; BENCH_CLI points the product runs at another build (e.g. an unoptimized copy, for before/after). */
export const CLI = process.env.BENCH_CLI ? path.resolve(process.env.BENCH_CLI) : path.join(ROOT, 'dist', 'cli', 'main.js');
export const PRELOAD = path.join(ROOT, 'bench', 'report-usage.js');

export interface Usage {
  exit_code: number;
  wall_ms: number;
  max_rss_mb: number;
  cpu_user_ms: number;
  cpu_system_ms: number;
  fs_writes: number;
  voluntary_context_switches: number;
  involuntary_context_switches: number;
  heap_used_mb_at_exit: number;
}

export interface ChildResult {
  code: number | null;
  /** Measured by the parent from spawn to exit. */
  wall_ms: number;
  /** Written by the preload from inside the child. */
  usage: Usage;
  cpu_ms: number;
  stdout: string;
  stderrFile: string;
  /** Max simultaneously open sockets seen in /proc/<pid>/fd (sampled). */
  max_sockets: number;
  max_fds: number;
  samples: number;
}

/** A child that is not ts-node: plain `node` with the usage preload (and any extra node flags). */
export async function runMeasured(label: string, nodeFlags: string[], args: string[], opts: { env?: NodeJS.ProcessEnv; sampleFds?: boolean } = {}): Promise<ChildResult> {
  const usageFile = path.join(OUT, `${label}.usage.json`);
  const stderrFile = path.join(OUT, `${label}.stderr.log`);
  fs.rmSync(usageFile, { force: true });
  const env: NodeJS.ProcessEnv = { ...process.env, ...opts.env, BENCH_USAGE_FILE: usageFile, NO_PROXY: '*', no_proxy: '*' };
  for (const name of ['HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'ALL_PROXY', 'all_proxy']) delete env[name];
  const errFd = fs.openSync(stderrFile, 'w');
  const started = performance.now();
  const child = spawn(process.execPath, ['--require', PRELOAD, ...nodeFlags, ...args], { env, stdio: ['ignore', 'pipe', errFd], cwd: ROOT });
  fs.closeSync(errFd);
  let stdout = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  const sampler = opts.sampleFds ? sampleFds(child) : undefined;
  const code = await new Promise<number | null>((resolve) => child.on('close', (c) => resolve(c)));
  const wall_ms = performance.now() - started;
  sampler?.stop();
  let usage: Usage;
  try {
    usage = JSON.parse(fs.readFileSync(usageFile, 'utf8')) as Usage;
  } catch {
    throw new Error(`${label}: the child left no usage report (exit ${code}); see ${stderrFile}`);
  }
  if (code !== 0) throw new Error(`${label}: exit ${code}; see ${stderrFile}:\n${fs.readFileSync(stderrFile, 'utf8').slice(-2000)}`);
  return {
    code,
    wall_ms,
    usage,
    cpu_ms: usage.cpu_user_ms + usage.cpu_system_ms,
    stdout,
    stderrFile,
    max_sockets: sampler?.maxSockets() ?? 0,
    max_fds: sampler?.maxFds() ?? 0,
    samples: sampler?.samples() ?? 0,
  };
}

/** Counts the child's open file descriptors that are sockets, every `everyMs`. */
function sampleFds(child: ChildProcess, everyMs = 20): { stop(): void; maxSockets(): number; maxFds(): number; samples(): number } {
  let maxSockets = 0;
  let maxFds = 0;
  let samples = 0;
  const dir = `/proc/${child.pid}/fd`;
  const timer = setInterval(() => {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return;
    }
    let sockets = 0;
    for (const name of names) {
      try {
        if (fs.readlinkSync(`${dir}/${name}`).startsWith('socket:')) sockets++;
      } catch {
        // closed between readdir and readlink
      }
    }
    samples++;
    maxSockets = Math.max(maxSockets, sockets);
    maxFds = Math.max(maxFds, names.length);
  }, everyMs);
  return { stop: () => clearInterval(timer), maxSockets: () => maxSockets, maxFds: () => maxFds, samples: () => samples };
}

export interface SimReady {
  url: string;
  generate_ms: number;
  load_ms: number;
  cpu_ms: number;
  rss_mb: number;
}

export interface SimStats {
  stats: { requests: number; by_endpoint: Record<string, number>; events_served: number; faults_served: number; max_concurrent: number };
  cpu_ms: number;
  rss_mb: number;
}

export interface SimHandle {
  ready: SimReady;
  stats(): Promise<SimStats>;
  stop(): Promise<void>;
}

/** The simulator in its own process, with the tenants generated there. */
export async function startSimChild(tenants: TenantSpec[], heapMb = 6144): Promise<SimHandle> {
  const child = fork(path.join(ROOT, 'bench', 'sim-server.ts'), [], {
    // A larger young generation: the store's million events are built in one go, and 16 MB semi-spaces make
    // the scavenger promote (and the major GC re-mark) most of the generator's garbage. Loads ~25% faster.
    execArgv: [`--max-old-space-size=${heapMb}`, '--max-semi-space-size=64', '-r', 'ts-node/register/transpile-only'],
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    cwd: ROOT,
  });
  const waiting: Array<(message: { type: string }) => void> = [];
  let failure: Error | undefined;
  child.on('message', (message: { type: string; message?: string }) => {
    if (message.type === 'error') failure = new Error(`simulator: ${message.message}`);
    waiting.shift()?.(message);
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ask = <T>(message: ToSim): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      waiting.push((reply) => (failure ? reject(failure) : resolve(reply as T)));
      child.send(message);
    });
  const ready = await ask<SimReady & { type: string }>({ type: 'start', tenants });
  return {
    ready,
    stats: () => ask<SimStats>({ type: 'stats' }),
    stop: async () => {
      child.send({ type: 'stop' });
      await exited;
    },
  };
}

/** Deterministic 24-hex org ids and 40-hex API keys (distinct per tenant, as the simulator requires). */
export function orgId(i: number): string {
  return `5a2af2a8${i.toString(16).padStart(16, '0')}`;
}
export function apiKey(i: number): string {
  return `b${i.toString(16).padStart(7, '0')}c3d4e5f60718293a4b5c6d7e8f901234`;
}

/** A device file as the Add-On Store saves it, pointed at the simulator (cf. test/support/simulated-tenant.ts). */
export function writeDeviceFile(file: string, name: string, sim: string, org: string, key: string, config: Record<string, unknown>): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const device = {
    device_name: name,
    cce_ip: '127.0.0.1',
    access_id: '',
    secret_key: key,
    config: { org_id: org, base_url: sim, settle_delay: '1s', ...config },
  };
  fs.writeFileSync(file, JSON.stringify(device, null, 2), { mode: 0o600 });
}

export function machine(): Record<string, unknown> {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpu_model: cpus[0]?.model ?? 'unknown',
    node: process.version,
    v8: process.versions.v8,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    total_mem_mb: Math.round(os.totalmem() / 1048576),
    loadavg_at_start: os.loadavg().map((l) => Math.round(l * 100) / 100),
    date: new Date().toISOString(),
  };
}

export function round(value: number, digits = 1): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** Plain JS for a bench child, so that the measured process does not load ts-node and the TypeScript compiler. */
export function transpile(source: string): string {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts = require('typescript') as typeof import('typescript');
  const out = path.join(OUT, 'js', `${path.basename(source, '.ts')}.js`);
  const { outputText } = ts.transpileModule(fs.readFileSync(source, 'utf8'), {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: source,
  });
  fs.mkdirSync(path.dirname(out), { recursive: true });
  fs.writeFileSync(out, outputText);
  return out;
}
