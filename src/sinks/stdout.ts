import type { OutputRecord } from '../contract';
import { redact, type Redactor } from '../log/secrets';
import { serializeRecords, type Sink, type SinkPosition } from './sink';

/** NDJSON on standard output, for piping into another collector; delivery ends at the pipe. */
export class StdoutSink implements Sink {
  readonly description = 'stdout';

  constructor(private readonly redactText: Redactor = redact) {}

  async open(): Promise<void> {}

  write(records: OutputRecord[]): Promise<SinkPosition> {
    return new Promise((resolve, reject) => {
      if (records.length === 0) return resolve({ type: 'stdout' });
      process.stdout.write(this.redactText(serializeRecords(records)), (error) => (error ? reject(error) : resolve({ type: 'stdout' })));
    });
  }

  async close(): Promise<void> {}
}
