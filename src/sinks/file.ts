import { constants as fsConstants } from 'node:fs';
import * as fs from 'node:fs/promises';
import * as path from 'node:path';
import type { Logger, OutputRecord } from '../contract';
import { redact, type Redactor } from '../log/secrets';
import { serializeRecords, type Sink, type SinkPosition } from './sink';

/** Records serialized (and redacted) at a time. */
const RECORDS_PER_SLICE = 64;
/** Serialized slices are gathered into writes of about this size. */
const WRITE_BYTES = 1 << 20;

export class SinkError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SinkError';
  }
}

/**
 * NDJSON file with a committed offset. Every write is fsynced before its offset is reported, and on
 * open the file is cut back to the checkpoint's offset: a crash between "written" and "checkpointed"
 * leaves a tail that is removed and collected again, so the file never holds a duplicate.
 */
export class FileSink implements Sink {
  readonly description: string;
  private handle?: fs.FileHandle;
  private offset = 0;

  constructor(
    private readonly file: string,
    private readonly logger: Logger,
    private readonly redactText: Redactor = redact,
  ) {
    this.file = path.resolve(file);
    this.description = `file ${this.file}`;
  }

  async open(committed: SinkPosition | undefined): Promise<void> {
    await fs.mkdir(path.dirname(this.file), { recursive: true });
    // Not O_APPEND: positional writes must land at the committed offset.
    this.handle = await fs.open(this.file, fsConstants.O_RDWR | fsConstants.O_CREAT, 0o640);
    const size = (await this.handle.stat()).size;
    if (!committed || committed.type !== 'file' || committed.path !== this.file) {
      this.offset = size;
      return;
    }
    if (size > committed.offset) {
      this.logger.info('removing the uncommitted tail of the output file (written before a crash, collected again now)', {
        file: this.file,
        bytes: size - committed.offset,
      });
      await this.handle.truncate(committed.offset);
      await this.handle.sync();
      this.offset = committed.offset;
    } else if (size < committed.offset) {
      if (size !== 0) {
        await this.close();
        throw new SinkError(
          `The output file ${this.file} is shorter (${size} bytes) than the checkpoint's committed ${committed.offset} bytes: it was truncated or replaced by something else. Move it aside or point --out at a new file; collection resumes from the checkpoint without re-writing old events.`,
        );
      }
      this.logger.warn('output file is empty although the checkpoint committed data: it was rotated; continuing in the new file', { file: this.file });
      this.offset = 0;
    } else {
      this.offset = size;
    }
  }

  async write(records: OutputRecord[]): Promise<SinkPosition> {
    if (!this.handle) throw new SinkError('file sink used before open()');
    if (records.length > 0) {
      // A page is serialized a few records at a time and written in ~1 MiB slices, never as one page-sized
      // string and Buffer: the small strings die young, which keeps the heap (and the GC work) of a 10,000-event
      // page down. Redacting slice by slice finds every secret the whole text would: a slice ends at a record's
      // line break (JSON.stringify escapes any inside a record), so only a secret containing "}\n{" could span two.
      let bytes = 0;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      for (let i = 0; i < records.length; i += RECORDS_PER_SLICE) {
        const slice = Buffer.from(this.redactText(serializeRecords(records.slice(i, i + RECORDS_PER_SLICE))));
        pending.push(slice);
        pendingBytes += slice.length;
        if (pendingBytes >= WRITE_BYTES || i + RECORDS_PER_SLICE >= records.length) {
          const buffer = pending.length === 1 ? pending[0] : Buffer.concat(pending, pendingBytes);
          pending = [];
          pendingBytes = 0;
          await this.writeAt(buffer, this.offset + bytes);
          bytes += buffer.length;
        }
      }
      await this.handle.datasync();
      this.offset += bytes;
    }
    return { type: 'file', path: this.file, offset: this.offset };
  }

  private async writeAt(buffer: Buffer, position: number): Promise<void> {
    let written = 0;
    while (written < buffer.length) {
      const { bytesWritten } = await (this.handle as fs.FileHandle).write(buffer, written, buffer.length - written, position + written);
      written += bytesWritten;
    }
  }

  async close(): Promise<void> {
    await this.handle?.close();
    this.handle = undefined;
  }
}
