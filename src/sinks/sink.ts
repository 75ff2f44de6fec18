import type { OutputRecord } from '../contract';

/** How far a sink's output is committed; stored in the checkpoint next to the cursor. */
export type SinkPosition =
  | { type: 'file'; path: string; offset: number }
  | { type: 'stdout' }
  /** offset: logical end of the spool (bytes ever spooled) once these records were on disk. */
  | { type: 'syslog'; target: string; spool: string; offset: number };

export interface Sink {
  /** Human-readable destination, for logs and status. */
  readonly description: string;
  /** Prepares the output, rolling back anything written after the committed position. */
  open(committed: SinkPosition | undefined): Promise<void>;
  /** Resolves once the records are durable; returns the new committed position. */
  write(records: OutputRecord[]): Promise<SinkPosition>;
  close(): Promise<void>;
}

/** One NDJSON line per record: the wire format of every sink. */
export function serializeRecords(records: OutputRecord[]): string {
  let text = '';
  for (const record of records) text += `${JSON.stringify(record)}\n`;
  return text;
}
