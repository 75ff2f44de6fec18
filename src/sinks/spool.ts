import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Duplex } from 'node:stream';
import type { Logger } from '../contract';
import { systemClock } from '../collect/clock';
import { writeFileAtomic } from '../util/atomic-write';
import { SinkError } from './file';

/*
 * A durable queue of syslog frames between the collector and a receiver that may be down.
 *
 * Offsets are logical: the byte position in the stream of every frame ever spooled for this state,
 * so they stay valid when the spool file is compacted. The file starts with a fixed-size header that
 * holds the logical offset of its first frame (its "base"); header and frames are replaced together by
 * one rename, so a crash during compaction leaves either the old or the new spool, both consistent.
 * The sidecar `<spool>.sent` holds the logical offset up to which the receiver is taken to have the data.
 */

// ---- framing: RFC 6587 octet counting is both the wire format and the spool's record format ----

const SPACE = 0x20;
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
/** MSG-LEN digits accepted when reading frames back: far above any record, far below a runaway number. */
const MAX_LENGTH_DIGITS = 9;

/** "<length> <message>": the length counts the bytes of the UTF-8 message, not its characters. */
export function octetFrame(message: string): Buffer {
  const body = Buffer.from(message, 'utf8');
  return Buffer.concat([Buffer.from(`${body.length} `, 'ascii'), body]);
}

/**
 * Size (header included) of the frame that starts at buffer[start], which may extend past the buffer;
 * undefined when the bytes there are not a complete frame header (MSG-LEN is NONZERO-DIGIT *DIGIT, then SP).
 */
export function frameSizeAt(buffer: Buffer, start = 0): number | undefined {
  let length = 0;
  for (let i = start; i < buffer.length && i - start <= MAX_LENGTH_DIGITS; i++) {
    const byte = buffer[i];
    if (byte === SPACE) return i > start && buffer[start] !== DIGIT_0 ? i - start + 1 + length : undefined;
    if (byte < DIGIT_0 || byte > DIGIT_9) return undefined;
    length = length * 10 + (byte - DIGIT_0);
  }
  return undefined;
}

/** Bytes at the start of the buffer that form whole frames: a resend must begin on a frame boundary. */
export function completeFramesLength(buffer: Buffer): number {
  let position = 0;
  for (;;) {
    const size = frameSizeAt(buffer, position);
    if (size === undefined || position + size > buffer.length) return position;
    position += size;
  }
}

// ---- pure policies ----

export interface Backoff {
  initialMs: number;
  maxMs: number;
}

/**
 * Exponential backoff with "equal jitter": half of each step is fixed so that retries do slow down,
 * half is random so that the add-ons of a whole site do not reconnect in lockstep when their CCE returns.
 */
export function backoffDelay(failures: number, backoff: Backoff, random: () => number = Math.random): number {
  const step = Math.min(backoff.maxMs, backoff.initialMs * 2 ** Math.min(Math.max(failures - 1, 0), 30));
  return step / 2 + random() * (step / 2);
}

/**
 * Where a spool resumes after a restart (all logical offsets).
 * - Sending resumes at the sidecar's offset, kept within the file (before a compaction that outran the
 *   throttled sidecar, everything below the base was delivered; without a sidecar, everything is resent).
 * - Frames after the checkpoint's committed offset were spooled but never checkpointed: the collector
 *   fetches them again, so they are dropped, except those already sent, which cannot be taken back.
 */
export function recoverSpool(found: { base: number; size: number; sent?: number; committed?: number }): { sent: number; end: number } {
  const end = found.base + found.size;
  const sent = Math.min(Math.max(found.sent ?? found.base, found.base), end);
  const keepUpTo = found.committed !== undefined && found.committed < end ? Math.max(found.committed, sent) : end;
  return { sent, end: keepUpTo };
}

// ---- the spool file ----

const HEADER_PREFIX = 'adr-jumpcloud syslog spool v1 base=';
const HEADER_SIZE = HEADER_PREFIX.length + 20 + 1;
const READ_CHUNK_BYTES = 1 << 20;
/** The sidecar is rewritten (fsync + rename) at most this often while streaming; a crash costs at most this much resend. */
const PERSIST_SENT_EVERY_MS = 250;

function spoolHeader(base: number): string {
  return `${HEADER_PREFIX}${String(base).padStart(20, '0')}\n`;
}

function parseSpoolHeader(header: Buffer): number | undefined {
  const text = header.toString('latin1');
  if (text.length !== HEADER_SIZE || !text.startsWith(HEADER_PREFIX) || !text.endsWith('\n')) return undefined;
  const digits = text.slice(HEADER_PREFIX.length, -1);
  return /^\d{20}$/.test(digits) && Number.isSafeInteger(Number(digits)) ? Number(digits) : undefined;
}

function formatBytes(bytes: number): string {
  return bytes < 1048576 ? `${bytes} bytes` : `${(bytes / 1048576).toFixed(1)} MiB`;
}

async function fileExists(file: string): Promise<boolean> {
  return fs.access(file).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await fs.open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface SpoolOptions {
  logger: Logger;
  /** Bytes spooled but not yet delivered beyond which write() fails: the receiver has been away too long. */
  maxPendingBytes: number;
  /** A delivered prefix at least this large (and at least as large as the rest) is cut off the file. */
  compactAfterBytes: number;
}

export class Spool {
  readonly sentFile: string;
  private handle?: fs.FileHandle;
  private base = 0;
  private endOffset = 0;
  private sentOffset = 0;
  private persistedAt = 0;
  /** Appends and compaction take turns: both move the file's end or replace the file. */
  private turn: Promise<unknown> = Promise.resolve();

  constructor(
    readonly file: string,
    private readonly options: SpoolOptions,
  ) {
    this.file = path.resolve(file);
    this.sentFile = `${this.file}.sent`;
  }

  /** Logical offset after the last spooled frame. */
  get end(): number {
    return this.endOffset;
  }

  /** Logical offset up to which the receiver is taken to have the data. */
  get sent(): number {
    return this.sentOffset;
  }

  /** Bytes spooled but not yet taken as delivered. */
  get pending(): number {
    return this.endOffset - this.sentOffset;
  }

  /** Opens or creates the spool; `committed` is the checkpoint's offset when it refers to this spool. */
  async open(committed: number | undefined): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    const sent = await this.readSentFile();
    // A new spool continues the numbering of the sidecar, which may survive a deleted spool.
    if (!(await fileExists(this.file))) await writeFileAtomic(this.file, spoolHeader(sent ?? 0));
    this.handle = await fs.open(this.file, 'r+');
    const size = (await this.handle.stat()).size;
    const base = parseSpoolHeader(await this.readAt(0, HEADER_SIZE));
    if (base === undefined) {
      await this.close();
      throw new SinkError(`The file ${this.file} is not a syslog spool of this add-on (its header is missing or damaged). Move it and ${this.sentFile} aside; records in it that were not yet sent are then not delivered.`);
    }
    this.base = base;
    const found = { base, size: size - HEADER_SIZE, sent, committed };
    const resume = recoverSpool(found);
    const end = await this.lastCompleteFrame(resume.sent, resume.end);
    if (resume.end < base + found.size) {
      this.options.logger.info('removing records spooled after the last checkpoint (written before a crash, collected again now)', { spool: this.file, bytes: base + found.size - resume.end });
    }
    if (end < resume.end) {
      this.options.logger.warn('the syslog spool ends in an incomplete message (a crash while writing): dropping it; it is collected again', { spool: this.file, bytes: resume.end - end });
    }
    if (end < base + found.size) {
      await this.handle.truncate(this.physical(end));
      await this.handle.sync();
    }
    this.endOffset = end;
    this.sentOffset = resume.sent;
    await this.persistSent();
  }

  /** Appends whole frames and resolves with the new end once they are on disk. */
  append(frames: Buffer): Promise<number> {
    return this.exclusive(async () => {
      const handle = this.opened();
      const pending = this.pending;
      if (pending + frames.length > this.options.maxPendingBytes) {
        const message = `The syslog spool ${this.file} holds ${formatBytes(pending)} not yet delivered and may not exceed ${formatBytes(this.options.maxPendingBytes)}: the receiver has not accepted data for a long time. Start or fix the syslog receiver (Configuration JSON → output); collection stops here and resumes from the checkpoint once the spool drains, so no event is lost.`;
        this.options.logger.error('syslog spool full: collection paused until the receiver accepts data again', { spool: this.file, pending_bytes: pending });
        throw new SinkError(message);
      }
      let written = 0;
      while (written < frames.length) {
        const { bytesWritten } = await handle.write(frames, written, frames.length - written, this.physical(this.endOffset) + written);
        written += bytesWritten;
      }
      await handle.datasync();
      this.endOffset += frames.length;
      return this.endOffset;
    });
  }

  /** Whole frames starting at `from` (a frame boundary), about `limit` bytes, at least one frame. */
  async readFrames(from: number, limit: number): Promise<Buffer> {
    const chunk = await this.readAt(this.physical(from), Math.min(limit, this.endOffset - from));
    const complete = completeFramesLength(chunk);
    if (complete > 0) return chunk.subarray(0, complete);
    const size = frameSizeAt(chunk);
    // open() checked every unsent frame and append() writes whole ones: only an outside edit gets here.
    if (size === undefined) throw new SinkError(`The syslog spool ${this.file} was changed by something else (no message at offset ${from}). Move it and ${this.sentFile} aside.`);
    return this.readAt(this.physical(from), size);
  }

  /** Records delivery up to `offset`; the sidecar follows at most every PERSIST_SENT_EVERY_MS unless forced. */
  async markSent(offset: number, force = false): Promise<void> {
    this.sentOffset = Math.max(this.sentOffset, offset);
    if (force || Date.now() - this.persistedAt >= PERSIST_SENT_EVERY_MS) await this.persistSent();
  }

  /** Cuts the delivered prefix off the file: always once everything is delivered, else when it is worth the copy. */
  compact(): Promise<void> {
    return this.exclusive(async () => {
      const delivered = this.sentOffset - this.base;
      const rest = this.endOffset - this.sentOffset;
      if (delivered === 0 || (rest > 0 && delivered < Math.max(this.options.compactAfterBytes, rest))) return;
      const temp = `${this.file}.compact`;
      const target = await fs.open(temp, 'w', 0o600);
      try {
        await target.write(spoolHeader(this.sentOffset));
        for (let offset = this.sentOffset; offset < this.endOffset; ) {
          const chunk = await this.readAt(this.physical(offset), Math.min(READ_CHUNK_BYTES, this.endOffset - offset));
          await target.write(chunk);
          offset += chunk.length;
        }
        await target.sync();
      } finally {
        await target.close();
      }
      await fs.rename(temp, this.file);
      await syncDirectory(path.dirname(this.file));
      await this.opened().close();
      this.handle = await fs.open(this.file, 'r+');
      this.base = this.sentOffset;
      await this.persistSent();
    });
  }

  async close(): Promise<void> {
    if (this.handle) await this.persistSent();
    await this.handle?.close();
    this.handle = undefined;
  }

  private async persistSent(): Promise<void> {
    this.persistedAt = Date.now();
    await writeFileAtomic(this.sentFile, `${JSON.stringify({ sent: this.sentOffset })}\n`);
  }

  private async readSentFile(): Promise<number | undefined> {
    let text: string;
    try {
      text = await fs.readFile(this.sentFile, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw error;
    }
    try {
      const sent = (JSON.parse(text) as { sent?: unknown }).sent;
      if (typeof sent === 'number' && Number.isSafeInteger(sent) && sent >= 0) return sent;
    } catch {
      // Falls through to the warning: a damaged sidecar costs duplicates, never records.
    }
    this.options.logger.warn('the syslog spool\'s sent offset is damaged: resending the whole spool (the receiver may see duplicates)', { file: this.sentFile });
    return undefined;
  }

  /** End (logical) of the last complete frame in [from, to): never send half a message after a crash. */
  private async lastCompleteFrame(from: number, to: number): Promise<number> {
    let position = from;
    while (position < to) {
      const chunk = await this.readAt(this.physical(position), Math.min(READ_CHUNK_BYTES, to - position));
      const step = completeFramesLength(chunk) || frameSizeAt(chunk);
      if (step === undefined || position + step > to) break;
      position += step;
    }
    return position;
  }

  private async readAt(position: number, length: number): Promise<Buffer> {
    const buffer = Buffer.alloc(length);
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await this.opened().read(buffer, filled, length - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return buffer.subarray(0, filled);
  }

  private physical(offset: number): number {
    return HEADER_SIZE + offset - this.base;
  }

  private opened(): fs.FileHandle {
    if (!this.handle) throw new SinkError('syslog spool used before open()');
    return this.handle;
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.turn.then(task);
    this.turn = run.catch(() => undefined);
    return run;
  }
}

// ---- the sender ----

/** One connection to the receiver and what was written on it but is not yet taken as delivered. */
class Connection {
  written: number;
  lost = false;
  private failure?: Error;
  private finishing = false;
  private readonly unconfirmed: Array<{ end: number; at: number }> = [];
  private readonly closed: Promise<void>;

  constructor(
    private readonly socket: Duplex,
    from: number,
    private readonly onLost: () => void,
  ) {
    this.written = from;
    socket.on('error', (error) => {
      this.failure ??= error;
      this.lose();
    });
    // The receiver closing first (a restart) is a loss: what it had not read yet must be resent.
    socket.on('end', () => this.lose());
    this.closed = new Promise((resolve) =>
      socket.on('close', () => {
        this.lose();
        resolve();
      }),
    );
    // A syslog receiver sends nothing; reading keeps 'end' observable.
    socket.resume();
  }

  get reason(): Error {
    return this.failure ?? new Error('the receiver closed the connection');
  }

  get confirmedAll(): boolean {
    return this.unconfirmed.length === 0;
  }

  write(chunk: Buffer): Promise<void> {
    return new Promise((resolve, reject) =>
      this.socket.write(chunk, (error) => {
        if (error) return reject(error);
        this.written += chunk.length;
        this.unconfirmed.push({ end: this.written, at: Date.now() });
        resolve();
      }),
    );
  }

  /** Offset up to which the writes have stayed unchallenged for `settleMs`, if that moved. */
  takeSettled(now: number, settleMs: number): number | undefined {
    let settled: number | undefined;
    while (this.unconfirmed.length > 0 && now - this.unconfirmed[0].at >= settleMs) settled = this.unconfirmed.shift()!.end;
    return settled;
  }

  /** Milliseconds until the oldest unconfirmed write settles. */
  nextSettleIn(now: number, settleMs: number): number {
    return this.unconfirmed.length > 0 ? Math.max(1, this.unconfirmed[0].at + settleMs - now) : settleMs;
  }

  /**
   * Half-closes and waits for the receiver to close in turn: a receiver closes after reading up to our
   * end of stream, which proves it read everything. True unless the connection failed meanwhile.
   */
  async finish(timeoutMs: number): Promise<boolean> {
    // Closed by the receiver before our end of stream: no proof of anything.
    if (this.lost) {
      this.destroy();
      return false;
    }
    this.finishing = true;
    const closedInTime = new AbortController();
    void this.closed.then(() => closedInTime.abort());
    this.socket.end();
    await systemClock.sleep(timeoutMs, closedInTime.signal);
    this.socket.destroy();
    return this.failure === undefined;
  }

  destroy(): void {
    this.finishing = true;
    this.socket.destroy();
  }

  private lose(): void {
    if (this.finishing || this.lost) return;
    this.lost = true;
    this.onLost();
  }
}

export interface SenderOptions {
  /** Opens a connection to the receiver (TCP or TLS), resolving once it can carry data; `signal` gives up. */
  connect(signal: AbortSignal): Promise<Duplex>;
  /** The receiver as logs name it. */
  target: string;
  logger: Logger;
  /**
   * Plain TCP syslog has no acknowledgements: a write is taken as delivered once the connection has
   * stayed up this long after it. Anything newer is resent after a connection loss (at-least-once).
   */
  settleMs: number;
  backoff: Backoff;
}

const SEND_CHUNK_BYTES = 64 * 1024;
const FLUSH_POLL_MS = 20;
/** How long stop() lets an idle connection close politely (TLS close_notify, FIN) before cutting it. */
const CLOSE_GRACE_MS = 500;

/** Drains a spool to the receiver in the background, reconnecting with backoff while it is down. */
export class SpoolSender {
  private connection?: Connection;
  private failures = 0;
  private flushing = 0;
  private stopped = false;
  private loop?: Promise<void>;
  private wakeUp = new AbortController();
  private readonly stopping = new AbortController();

  constructor(
    private readonly spool: Spool,
    private readonly options: SenderOptions,
  ) {}

  start(): void {
    this.loop = this.run();
  }

  /** New frames were spooled (or something else changed): look again now. */
  notify(): void {
    this.wakeUp.abort();
  }

  /** Waits until everything spooled is delivered; false if that took longer than `timeoutMs`. */
  async flush(timeoutMs: number): Promise<boolean> {
    const deadline = Date.now() + timeoutMs;
    this.flushing++;
    this.notify();
    try {
      while (this.spool.pending > 0 && Date.now() < deadline) await systemClock.sleep(Math.min(FLUSH_POLL_MS, deadline - Date.now()));
    } finally {
      this.flushing--;
    }
    return this.spool.pending === 0;
  }

  /** Tries to deliver for up to `drainMs`, then stops; what is left stays in the spool for the next start. */
  async stop(drainMs: number): Promise<void> {
    if (this.spool.pending > 0) await this.flush(drainMs);
    this.stopped = true;
    this.stopping.abort();
    this.notify();
    // Also ends a write that waits on a receiver which stopped reading.
    await this.takeConnection()?.finish(CLOSE_GRACE_MS);
    await this.loop;
    // One that was being opened while stopping.
    this.takeConnection()?.destroy();
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      try {
        await this.step();
      } catch (error) {
        if (this.stopped) return;
        this.failed(error as Error);
        await systemClock.sleep(backoffDelay(this.failures, this.options.backoff), this.stopping.signal);
      }
    }
  }

  private async step(): Promise<void> {
    const now = Date.now();
    const connection = this.connection;
    if (connection?.lost) {
      this.connection = undefined;
      if (!connection.confirmedAll) throw connection.reason;
      return;
    }
    const settled = connection?.takeSettled(now, this.options.settleMs);
    if (settled !== undefined) await this.spool.markSent(settled);
    await this.spool.compact();
    if (!connection) {
      if (this.spool.pending > 0) this.connection = await this.connectFrom(this.spool.sent);
      else await this.idle(this.options.settleMs);
    } else if (connection.written < this.spool.end) {
      await connection.write(await this.spool.readFrames(connection.written, SEND_CHUNK_BYTES));
      this.failures = 0;
    } else if (this.flushing > 0 && !connection.confirmedAll) {
      this.connection = undefined;
      if (!(await connection.finish(this.options.settleMs))) throw connection.reason;
      await this.spool.markSent(connection.written, true);
    } else {
      await this.idle(connection.nextSettleIn(now, this.options.settleMs));
    }
  }

  private async connectFrom(offset: number): Promise<Connection> {
    const socket = await this.options.connect(this.stopping.signal);
    if (this.failures > 0) this.options.logger.info('syslog receiver reachable again: sending the spooled records', { target: this.options.target, pending_bytes: this.spool.pending });
    return new Connection(socket, offset, () => this.notify());
  }

  private failed(error: Error): void {
    this.takeConnection()?.destroy();
    this.failures++;
    const meta = { target: this.options.target, error: error.message, code: (error as NodeJS.ErrnoException).code, pending_bytes: this.spool.pending, attempt: this.failures };
    // One warning per outage; the retries themselves are routine.
    if (this.failures === 1) this.options.logger.warn('syslog receiver not reachable: records stay in the spool and are sent when it is back', meta);
    else this.options.logger.debug('syslog receiver still not reachable', meta);
  }

  private takeConnection(): Connection | undefined {
    const connection = this.connection;
    this.connection = undefined;
    return connection;
  }

  private idle(ms: number): Promise<void> {
    this.wakeUp = new AbortController();
    return systemClock.sleep(ms, this.wakeUp.signal);
  }
}
