import { type ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import type { Logger, OutputRecord } from '../../src/contract';
import { normalize } from '../../src/normalize/normalize';
import { generateEvents } from '../../src/simulator';
import { ORG_ID } from './devices';
import { tempDir } from './tmp';

/** The rsyslogd binary, or undefined when the package is not installed (Debian: rsyslog). */
export const RSYSLOGD = ['/usr/sbin/rsyslogd', '/sbin/rsyslogd', '/usr/local/sbin/rsyslogd'].find((file) => fs.existsSync(file));

export interface RsyslogTls {
  caFile: string;
  cert: string;
  key: string;
}

export interface Rsyslog {
  port: number;
  /** Where every received MSG is written, one per line. */
  outFile: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The MSGs received so far. */
  lines(): string[];
  /** Waits until at least `count` MSGs arrived; returns them all. */
  waitForLines(count: number, timeoutMs?: number): Promise<string[]>;
}

export async function freeLoopbackPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

function config(dir: string, port: number, outFile: string, tls: RsyslogTls | undefined): string {
  const tlsGlobals = tls
    ? `\n  defaultNetstreamDriver="ossl" defaultNetstreamDriverCAFile="${tls.caFile}" defaultNetstreamDriverCertFile="${path.join(dir, 'server.pem')}" defaultNetstreamDriverKeyFile="${path.join(dir, 'server.key')}"`
    : '';
  const tlsModule = tls ? ' streamDriver.name="ossl" streamDriver.mode="1" streamDriver.authMode="anon"' : '';
  // maxMessageSize: a record with its raw event is larger than rsyslog's 8 KiB default.
  return `global(workDirectory="${dir}" maxMessageSize="256k"${tlsGlobals})
module(load="imtcp"${tlsModule})
template(name="msgOnly" type="string" string="%msg%\\n")
ruleset(name="capture") { action(type="omfile" file="${outFile}" template="msgOnly") }
input(type="imtcp" address="127.0.0.1" port="${port}" ruleset="capture")
`;
}

async function portAccepts(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port }, () => {
      socket.destroy();
      resolve(true);
    });
    socket.on('error', () => resolve(false));
  });
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** An rsyslogd on a free loopback port (imtcp, optionally TLS with ossl) that writes each MSG as a line. Not started yet. */
export async function rsyslogReceiver(options: { tls?: RsyslogTls } = {}): Promise<Rsyslog> {
  if (!RSYSLOGD) throw new Error('rsyslogd is not installed');
  const dir = tempDir('adr-jc-rsyslog-');
  const port = await freeLoopbackPort();
  const outFile = path.join(dir, 'received.log');
  if (options.tls) {
    fs.writeFileSync(path.join(dir, 'server.pem'), options.tls.cert);
    fs.writeFileSync(path.join(dir, 'server.key'), options.tls.key, { mode: 0o600 });
  }
  const confFile = path.join(dir, 'rsyslog.conf');
  fs.writeFileSync(confFile, config(dir, port, outFile, options.tls));
  let child: ChildProcess | undefined;
  let stderr = '';
  const lines = (): string[] => (fs.existsSync(outFile) ? fs.readFileSync(outFile, 'utf8').split('\n').filter(Boolean) : []);

  return {
    port,
    outFile,
    lines,
    async start() {
      stderr = '';
      const started = spawn(RSYSLOGD, ['-n', '-f', confFile, '-i', path.join(dir, 'rsyslogd.pid')], { stdio: ['ignore', 'ignore', 'pipe'] });
      started.stderr?.on('data', (chunk) => (stderr += chunk));
      child = started;
      for (const deadline = Date.now() + 10_000; Date.now() < deadline; await sleep(25)) {
        if (started.exitCode !== null) throw new Error(`rsyslogd exited with ${started.exitCode}: ${stderr}`);
        if (await portAccepts(port)) return;
      }
      throw new Error(`rsyslogd did not listen on 127.0.0.1:${port} within 10 s: ${stderr}`);
    },
    async stop() {
      const running = child;
      child = undefined;
      if (!running || running.exitCode !== null) return;
      const exited = new Promise((resolve) => running.once('exit', resolve));
      running.kill('SIGTERM');
      const killer = setTimeout(() => running.kill('SIGKILL'), 5000);
      await exited;
      clearTimeout(killer);
    },
    async waitForLines(count, timeoutMs = 10_000) {
      for (const deadline = Date.now() + timeoutMs; Date.now() < deadline; await sleep(25)) {
        if (lines().length >= count) break;
      }
      return lines();
    },
  };
}

/** Realistic records (simulated events, normalized), every 7th with non-ASCII text, for syslog tests. */
export function sampleRecords(count: number, seed = 1): OutputRecord[] {
  const start = Date.parse('2026-03-01T00:00:00.000Z');
  return generateEvents({ org_id: ORG_ID, count, start_ms: start, end_ms: start + 3_600_000, seed }).map((event, index) => {
    const record = normalize(event, { device_name: 'JumpCloud - Zoë Ångström GmbH', org_id: ORG_ID });
    return index % 7 === 0 ? { ...record, message: `Anmeldung für Jürgen – 日本語 ✓ #${index}` } : record;
  });
}

/** Log lines a test can search, by level. */
export function recordingLogger(): Logger & { lines: Array<{ level: string; message: string; meta?: Record<string, unknown> }> } {
  const lines: Array<{ level: string; message: string; meta?: Record<string, unknown> }> = [];
  const at = (level: string) => (message: string, meta?: Record<string, unknown>) => void lines.push({ level, message, meta });
  return { lines, error: at('error'), warn: at('warn'), info: at('info'), debug: at('debug') };
}
