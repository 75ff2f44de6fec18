import * as fs from 'node:fs';
import * as path from 'node:path';
import type { OutputRecord } from '../../src/contract';
import { silentLogger } from '../../src/log/logger';
import { redactorFor } from '../../src/log/secrets';
import { FileSink } from '../../src/sinks/file';
import { tempDir } from '../support/tmp';

const record = (id: string): OutputRecord => ({ '@timestamp': '2026-12-04T10:00:00.000Z', event: { id, action: 'user_login' }, raw: { id, event_type: 'user_login' } });

describe('FileSink', () => {
  test('reports the committed offset after each durable write', async () => {
    const file = path.join(tempDir(), 'out.ndjson');
    const sink = new FileSink(file, silentLogger);
    await sink.open(undefined);
    const first = await sink.write([record('a'), record('b')]);
    const second = await sink.write([]);
    await sink.close();
    expect(first).toEqual({ type: 'file', path: file, offset: fs.statSync(file).size });
    expect(second).toEqual(first);
    expect(fs.readFileSync(file, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line).event.id)).toEqual(['a', 'b']);
  });

  test('cuts an uncommitted tail (written before a crash) back to the checkpoint offset', async () => {
    const file = path.join(tempDir(), 'out.ndjson');
    const sink = new FileSink(file, silentLogger);
    await sink.open(undefined);
    const committed = await sink.write([record('a')]);
    await sink.write([record('b-uncommitted')]);
    await sink.close();
    const resumed = new FileSink(file, silentLogger);
    await resumed.open(committed);
    await resumed.write([record('b')]);
    await resumed.close();
    expect(fs.readFileSync(file, 'utf8')).toBe(`${JSON.stringify(record('a'))}\n${JSON.stringify(record('b'))}\n`);
  });

  test('a file shorter than the committed offset is an error and is left as it is', async () => {
    const file = path.join(tempDir(), 'out.ndjson');
    fs.writeFileSync(file, 'short\n');
    const sink = new FileSink(file, silentLogger);
    await expect(sink.open({ type: 'file', path: file, offset: 1000 })).rejects.toThrow(/shorter \(6 bytes\) than the checkpoint's committed 1000 bytes/);
    expect(fs.readFileSync(file, 'utf8')).toBe('short\n');
  });

  test('an emptied file (rotated) continues from the start', async () => {
    const file = path.join(tempDir(), 'out.ndjson');
    fs.writeFileSync(file, '');
    const sink = new FileSink(file, silentLogger);
    await sink.open({ type: 'file', path: file, offset: 5000 });
    expect(await sink.write([record('a')])).toMatchObject({ offset: JSON.stringify(record('a')).length + 1 });
    await sink.close();
  });

  test('the device\'s secret never reaches the file, even if an event carried it', async () => {
    const secret = 'b7e1c0de0123456789abcdef0123456789abcdef';
    const file = path.join(tempDir(), 'out.ndjson');
    const sink = new FileSink(file, silentLogger, redactorFor([secret]));
    await sink.open(undefined);
    await sink.write([{ ...record('a'), raw: { id: 'a', echoed_header: secret } }]);
    await sink.close();
    expect(fs.readFileSync(file, 'utf8')).toContain('"echoed_header":"[REDACTED]"');
  });

  test('a checkpoint for another file does not truncate this one', async () => {
    const file = path.join(tempDir(), 'out.ndjson');
    fs.writeFileSync(file, 'existing line\n');
    const sink = new FileSink(file, silentLogger);
    await sink.open({ type: 'file', path: '/elsewhere/out.ndjson', offset: 3 });
    expect(await sink.write([])).toMatchObject({ offset: 14 });
    await sink.close();
    expect(fs.readFileSync(file, 'utf8')).toBe('existing line\n');
  });
});
