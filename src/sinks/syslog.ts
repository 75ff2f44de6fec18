import * as fs from 'node:fs/promises';
import * as net from 'node:net';
import * as os from 'node:os';
import type { Duplex } from 'node:stream';
import * as tls from 'node:tls';
import type { Logger, OutputConfig, OutputRecord } from '../contract';
import { redact, type Redactor } from '../log/secrets';
import { toRfc3339Millis } from '../normalize/timestamp';
import { SinkError } from './file';
import type { Sink, SinkPosition } from './sink';
import { type Backoff, Spool, SpoolSender, octetFrame } from './spool';

export type SyslogOutput = Extract<OutputConfig, { type: 'syslog' }>;

export interface SyslogTarget {
  host: string;
  port: number;
  protocol: 'tcp' | 'tls';
  /** PEM file of an extra CA to trust for tls (the CCE's own CA), besides the system's. */
  caFile?: string;
}

export const DEFAULT_SYSLOG_PORTS = { tcp: 514, tls: 6514 } as const;

/** local0.info (16 × 8 + 6): audit events are informational; local0 keeps them apart from the CCE's own logs. */
const SYSLOG_PRI = 134;
const APP_NAME = 'adr-jumpcloud';
const MSG_ID = 'jumpcloud';

export interface SyslogHeader {
  hostname: string;
  procId: string;
}

/** RFC 5424 header fields are 1..max printable US-ASCII characters without spaces, or "-" (NILVALUE). */
export function headerField(value: string, maxLength: number): string {
  const printable = value.replace(/[^\x21-\x7e]/g, '_').slice(0, maxLength);
  return printable.length > 0 ? printable : '-';
}

export function localSyslogHeader(): SyslogHeader {
  return { hostname: headerField(os.hostname(), 255), procId: headerField(String(process.pid), 128) };
}

/**
 * One RFC 5424 message per record: `<134>1 TIMESTAMP HOSTNAME adr-jumpcloud PROCID jumpcloud - {json}`.
 * TIMESTAMP is the event's time (@timestamp), so receivers index events by when they happened.
 * No structured data and no BOM: the MSG is the NDJSON line itself, which receivers pass on unchanged.
 */
export function formatSyslogMessage(record: OutputRecord, header: SyslogHeader, redactText: Redactor = redact): string {
  const timestamp = toRfc3339Millis(record['@timestamp']) ?? '-';
  return `<${SYSLOG_PRI}>1 ${timestamp} ${header.hostname} ${APP_NAME} ${header.procId} ${MSG_ID} - ${redactText(JSON.stringify(record))}`;
}

function bareHost(host: string): string {
  return host
    .toLowerCase()
    .replace(/^\[(.*)\]$/, '$1')
    .replace(/^::ffff:/, '');
}

export function isLoopbackHost(host: string): boolean {
  const bare = bareHost(host);
  return bare === 'localhost' || bare === '::1' || (net.isIPv4(bare) && bare.startsWith('127.'));
}

/**
 * The receiver a syslog output means. Records go to the device's CCE (or this machine) unless the admin
 * explicitly allows another host: a typo in output.host must not ship audit data to a stranger.
 */
export function resolveSyslogTarget(output: SyslogOutput, cceIp: string): SyslogTarget {
  const host = output.host ?? cceIp;
  if (!output.allow_other_host && bareHost(host) !== bareHost(cceIp) && !isLoopbackHost(host)) {
    throw new SinkError(
      `Configuration JSON → output.host is "${host}", which is neither this device's CCE IP (${cceIp}) nor a loopback address. Leave output.host out to send to the CCE, or, if ${host} really is the intended syslog receiver, add "allow_other_host": true to output.`,
    );
  }
  const protocol = output.protocol ?? 'tcp';
  return { host, port: output.port ?? DEFAULT_SYSLOG_PORTS[protocol], protocol, ...(output.ca_file ? { caFile: output.ca_file } : {}) };
}

/** host:port/protocol, as the checkpoint and the logs name the receiver. */
export function targetName(target: SyslogTarget): string {
  const host = net.isIPv6(bareHost(target.host)) ? `[${bareHost(target.host)}]` : target.host;
  return `${host}:${target.port}/${target.protocol}`;
}

const CONNECT_TIMEOUT_MS = 10_000;
/** Keepalive probes find a receiver that vanished without closing (power loss) while nothing is sent. */
const KEEPALIVE_MS = 30_000;

/** A TCP or TLS connection to the receiver, resolved once it can carry data (after the TLS handshake). */
export function connectSyslog(target: SyslogTarget, ca: string | undefined, signal: AbortSignal): Promise<Duplex> {
  if (signal.aborted) return Promise.reject(new Error('stopped'));
  return new Promise((resolve, reject) => {
    const socket =
      target.protocol === 'tls'
        ? tls.connect({ host: target.host, port: target.port, ...(ca ? { ca: [...tls.rootCertificates, ca] } : {}), ...(net.isIP(bareHost(target.host)) ? {} : { servername: target.host }) })
        : net.connect({ host: target.host, port: target.port });
    const fail = (error: Error): void => {
      socket.destroy();
      signal.removeEventListener('abort', stop);
      reject(isCertificateError(error) ? new Error(`${error.message}: the receiver's certificate is not trusted; set Configuration JSON → output.ca_file to the CA that signed it`) : error);
    };
    const stop = (): void => fail(new Error('stopped'));
    signal.addEventListener('abort', stop, { once: true });
    socket.setTimeout(CONNECT_TIMEOUT_MS, () => fail(new Error(`no connection within ${CONNECT_TIMEOUT_MS / 1000} s`)));
    socket.once('error', fail);
    socket.once(target.protocol === 'tls' ? 'secureConnect' : 'connect', () => {
      signal.removeEventListener('abort', stop);
      socket.removeListener('error', fail);
      socket.setTimeout(0);
      socket.setKeepAlive(true, KEEPALIVE_MS);
      resolve(socket);
    });
  });
}

function isCertificateError(error: Error): boolean {
  return /CERT|SIGNATURE/.test((error as NodeJS.ErrnoException).code ?? '');
}

export interface SyslogSinkOptions {
  /** The spool file (`${stateBase}.spool`); its sent offset lives beside it in `<spool>.sent`. */
  spoolFile: string;
  logger: Logger;
  /** How long close() keeps trying to deliver; the rest waits in the spool for the next open(). Default 5 s. */
  closeTimeoutMs?: number;
  /** Undelivered bytes beyond which write() fails. Default 256 MiB. */
  maxPendingBytes?: number;
  /** See SenderOptions.settleMs. Default 2 s. */
  settleMs?: number;
  /** Reconnect backoff. Default 500 ms doubling up to 30 s. */
  backoff?: Backoff;
  /** Secret removal for the records; default: every secret of the process. */
  redact?: Redactor;
}

/**
 * RFC 5424 over TCP or TLS with RFC 6587 octet counting, one message per record, through a durable
 * spool: write() returns once the records are on disk, a background sender delivers them (at-least-once).
 */
export class SyslogSink implements Sink {
  readonly description: string;
  private readonly spool: Spool;
  private readonly header = localSyslogHeader();
  private sender?: SpoolSender;

  constructor(
    private readonly target: SyslogTarget,
    private readonly options: SyslogSinkOptions,
  ) {
    this.spool = new Spool(options.spoolFile, { logger: options.logger, maxPendingBytes: options.maxPendingBytes ?? 256 * 1048576, compactAfterBytes: 16 * 1048576 });
    this.description = `syslog ${targetName(target)} (spool ${this.spool.file})`;
  }

  async open(committed: SinkPosition | undefined): Promise<void> {
    const ca = this.target.caFile ? await readCa(this.target.caFile) : undefined;
    await this.spool.open(committed?.type === 'syslog' && committed.spool === this.spool.file ? committed.offset : undefined);
    this.sender = new SpoolSender(this.spool, {
      connect: (signal) => connectSyslog(this.target, ca, signal),
      target: targetName(this.target),
      logger: this.options.logger,
      settleMs: this.options.settleMs ?? 2000,
      backoff: this.options.backoff ?? { initialMs: 500, maxMs: 30_000 },
    });
    this.sender.start();
  }

  async write(records: OutputRecord[]): Promise<SinkPosition> {
    if (!this.sender) throw new SinkError('syslog sink used before open()');
    let offset = this.spool.end;
    if (records.length > 0) {
      offset = await this.spool.append(Buffer.concat(records.map((record) => octetFrame(formatSyslogMessage(record, this.header, this.options.redact)))));
      this.sender.notify();
    }
    return { type: 'syslog', target: targetName(this.target), spool: this.spool.file, offset };
  }

  /** Bytes spooled but not yet delivered. */
  pending(): number {
    return this.spool.pending;
  }

  /** Waits up to `timeoutMs` until everything spooled is delivered; true if it was. */
  flush(timeoutMs: number): Promise<boolean> {
    return this.sender ? this.sender.flush(timeoutMs) : Promise.resolve(this.pending() === 0);
  }

  async close(): Promise<void> {
    await this.sender?.stop(this.options.closeTimeoutMs ?? 5000);
    this.sender = undefined;
    await this.spool.close();
  }
}

async function readCa(file: string): Promise<string> {
  try {
    return await fs.readFile(file, 'utf8');
  } catch (error) {
    throw new SinkError(`Cannot read Configuration JSON → output.ca_file ${file} (${(error as NodeJS.ErrnoException).code}): point it at the PEM file of the CA that signed the syslog receiver's certificate.`);
  }
}
