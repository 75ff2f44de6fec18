import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { NormalizedDevice, OutputRecord } from '../../src/contract';
import { forgetSecret, registerSecret } from '../../src/log/secrets';
import { createSink } from '../../src/sinks/create';
import { SinkError } from '../../src/sinks/file';
import type { SinkPosition } from '../../src/sinks/sink';
import { backoffDelay, completeFramesLength, frameSizeAt, octetFrame, recoverSpool, Spool } from '../../src/sinks/spool';
import {
  DEFAULT_SYSLOG_PORTS,
  formatSyslogMessage,
  headerField,
  isLoopbackHost,
  localSyslogHeader,
  resolveSyslogTarget,
  SyslogSink,
  type SyslogSinkOptions,
  targetName,
} from '../../src/sinks/syslog';
import { API_KEY } from '../support/devices';
import { freeLoopbackPort, recordingLogger, sampleRecords } from '../support/rsyslog';
import { tempDir } from '../support/tmp';

/** Every complete octet-counted frame of a byte stream; a torn last frame (a cut connection) is ignored. */
function parseFrames(bytes: Buffer): string[] {
  const messages: string[] = [];
  for (let position = 0; ; ) {
    const size = frameSizeAt(bytes, position);
    if (size === undefined || position + size > bytes.length) return messages;
    const frame = bytes.subarray(position, position + size);
    messages.push(frame.subarray(frame.indexOf(0x20) + 1).toString('utf8'));
    position += size;
  }
}

const msgOf = (message: string): unknown => JSON.parse(message.slice(message.indexOf(' - {') + 3));

interface TestReceiver {
  port: number;
  /** The syslog messages of every connection, in arrival order. */
  messages(): string[];
  connections(): number;
  close(): Promise<void>;
}

/** A plain TCP syslog receiver; `cutFirstAfterBytes` resets the first connection after that much, like a crashing receiver. */
async function tcpReceiver(options: { cutFirstAfterBytes?: number } = {}): Promise<TestReceiver> {
  const streams: Buffer[][] = [];
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    const chunks: Buffer[] = [];
    const index = streams.push(chunks) - 1;
    sockets.add(socket);
    let received = 0;
    socket.on('data', (chunk) => {
      chunks.push(chunk);
      received += chunk.length;
      if (index === 0 && options.cutFirstAfterBytes !== undefined && received >= options.cutFirstAfterBytes) socket.resetAndDestroy();
    });
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    messages: () => streams.flatMap((chunks) => parseFrames(Buffer.concat(chunks))),
    connections: () => streams.length,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

const FAST: Partial<SyslogSinkOptions> = { closeTimeoutMs: 2000, settleMs: 200, backoff: { initialMs: 20, maxMs: 100 } };

function syslogSink(port: number, spoolFile: string, options: Partial<SyslogSinkOptions> = {}) {
  const logger = recordingLogger();
  const sink = new SyslogSink({ host: '127.0.0.1', port, protocol: 'tcp' }, { spoolFile, logger, ...FAST, ...options });
  return { sink, logger };
}

const spoolIn = (dir: string) => path.join(dir, 'acme.spool');
const idsOf = (records: OutputRecord[]) => records.map((record) => record.event.id);

describe('octet-counting framing (RFC 6587)', () => {
  test('the count is the byte length of the UTF-8 message, not its character count', () => {
    expect(octetFrame('abc').toString()).toBe('3 abc');
    const message = 'Zoë – 日本 ✓';
    expect(message.length).toBe(10);
    expect(octetFrame(message).toString('utf8')).toBe(`${Buffer.byteLength(message)} ${message}`);
    expect(Buffer.byteLength(message)).toBe(19);
  });

  test('frames are read back across boundaries; torn or foreign bytes are no frame', () => {
    const stream = Buffer.concat([octetFrame('first'), octetFrame('zweite – ü'), octetFrame('third')]);
    expect(parseFrames(stream)).toEqual(['first', 'zweite – ü', 'third']);
    expect(frameSizeAt(stream)).toBe(7);
    expect(completeFramesLength(stream)).toBe(stream.length);
    expect(completeFramesLength(stream.subarray(0, stream.length - 1))).toBe(stream.length - octetFrame('third').length);
    expect(frameSizeAt(Buffer.from('12'))).toBeUndefined();
    expect(frameSizeAt(Buffer.from('05 hello'))).toBeUndefined();
    expect(frameSizeAt(Buffer.from('<134>1 '))).toBeUndefined();
    expect(frameSizeAt(Buffer.from(' 5 hello'))).toBeUndefined();
    expect(frameSizeAt(Buffer.from('1234567890 x'))).toBeUndefined();
  });
});

describe('RFC 5424 message', () => {
  const [record] = sampleRecords(1);
  const header = { hostname: 'cce-01.corp.example', procId: '4242' };

  test('header: PRI 134 (local0.info), version 1, the event time, host, app, procid, msgid, no structured data', () => {
    const message = formatSyslogMessage(record, header);
    expect(message.startsWith(`<134>1 ${record['@timestamp']} cce-01.corp.example adr-jumpcloud 4242 jumpcloud - {`)).toBe(true);
    expect(record['@timestamp']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  });

  test('MSG is the NDJSON record without its newline', () => {
    const message = formatSyslogMessage(record, header);
    expect(message).not.toContain('\n');
    expect(msgOf(message)).toEqual(record);
  });

  test('the header carries os.hostname() by default', () => {
    const sinkHeader = (new SyslogSink({ host: '127.0.0.1', port: 1, protocol: 'tcp' }, { spoolFile: spoolIn(tempDir()), logger: recordingLogger() }) as unknown as { header: { hostname: string } }).header;
    expect(sinkHeader.hostname).toBe(headerField(os.hostname(), 255));
  });

  test('header fields are printable ASCII without spaces, or the NILVALUE', () => {
    expect(headerField('my host', 255)).toBe('my_host');
    expect(headerField('hôte', 255)).toBe('h_te');
    expect(headerField('', 255)).toBe('-');
    expect(headerField('x'.repeat(300), 255)).toHaveLength(255);
  });

  test('a secret never reaches the message', () => {
    registerSecret(API_KEY);
    try {
      const message = formatSyslogMessage({ ...record, message: `key ${API_KEY} leaked by an event` }, header);
      expect(message).not.toContain(API_KEY);
      expect(message).toContain('[REDACTED]');
    } finally {
      forgetSecret(API_KEY);
    }
  });
});

describe('receiver address', () => {
  const CCE = '10.0.0.15';

  test('defaults: the CCE IP, tcp on 514, tls on 6514', () => {
    expect(DEFAULT_SYSLOG_PORTS).toEqual({ tcp: 514, tls: 6514 });
    expect(resolveSyslogTarget({ type: 'syslog' }, CCE)).toEqual({ host: CCE, port: 514, protocol: 'tcp' });
    expect(resolveSyslogTarget({ type: 'syslog', protocol: 'tls', ca_file: '/etc/ca.pem' }, CCE)).toEqual({ host: CCE, port: 6514, protocol: 'tls', caFile: '/etc/ca.pem' });
    expect(resolveSyslogTarget({ type: 'syslog', host: CCE, port: 1514 }, CCE).port).toBe(1514);
  });

  test.each(['127.0.0.1', '127.8.9.10', '::1', '[::1]', 'localhost', 'LOCALHOST', '::ffff:127.0.0.1'])('loopback %s needs no allow_other_host', (host) => {
    expect(isLoopbackHost(host)).toBe(true);
    expect(resolveSyslogTarget({ type: 'syslog', host }, CCE).host).toBe(host);
  });

  test('the CCE IP written differently is still the CCE', () => {
    expect(resolveSyslogTarget({ type: 'syslog', host: '::ffff:10.0.0.15' }, CCE).host).toBe('::ffff:10.0.0.15');
    expect(resolveSyslogTarget({ type: 'syslog', host: 'FD00::15' }, 'fd00::15').host).toBe('FD00::15');
  });

  test('another host is refused with the field and the fix, unless allow_other_host is true', () => {
    expect(() => resolveSyslogTarget({ type: 'syslog', host: '10.0.0.16' }, CCE)).toThrow(SinkError);
    expect(() => resolveSyslogTarget({ type: 'syslog', host: 'siem.corp.example' }, CCE)).toThrow(
      /Configuration JSON → output\.host is "siem\.corp\.example".*CCE IP \(10\.0\.0\.15\).*"allow_other_host": true/,
    );
    expect(resolveSyslogTarget({ type: 'syslog', host: 'siem.corp.example', allow_other_host: true }, CCE).host).toBe('siem.corp.example');
  });

  test('names: host:port/protocol, IPv6 in brackets', () => {
    expect(targetName({ host: '10.0.0.15', port: 514, protocol: 'tcp' })).toBe('10.0.0.15:514/tcp');
    expect(targetName({ host: '::1', port: 6514, protocol: 'tls' })).toBe('[::1]:6514/tls');
  });

  test('createSink builds a syslog sink with its spool beside the state, and enforces the host rule', () => {
    const device = (output: Record<string, unknown>) => ({ device_name: 'JumpCloud', cce_ip: CCE, config: { output } }) as unknown as NormalizedDevice;
    const dir = tempDir();
    const sink = createSink(device({ type: 'syslog' }), { stateBase: path.join(dir, 'acme'), logger: recordingLogger() });
    expect(sink).toBeInstanceOf(SyslogSink);
    expect(sink.description).toBe(`syslog 10.0.0.15:514/tcp (spool ${path.join(dir, 'acme.spool')})`);
    expect(() => createSink(device({ type: 'syslog', host: '192.0.2.7' }), { stateBase: path.join(dir, 'acme'), logger: recordingLogger() })).toThrow(/output\.host/);
  });
});

describe('backoff', () => {
  const policy = { initialMs: 100, maxMs: 2000 };

  test('doubles per failure up to the maximum, half fixed and half jitter', () => {
    expect([1, 2, 3, 4, 5, 6, 50].map((failures) => backoffDelay(failures, policy, () => 0))).toEqual([50, 100, 200, 400, 800, 1000, 1000]);
    expect([1, 2, 6].map((failures) => backoffDelay(failures, policy, () => 1))).toEqual([100, 200, 2000]);
  });
});

describe('spool recovery after a restart (logical offsets)', () => {
  test.each([
    ['fresh spool', { base: 0, size: 0 }, { sent: 0, end: 0 }],
    ['resume sending where the sidecar says', { base: 0, size: 900, sent: 400, committed: 900 }, { sent: 400, end: 900 }],
    ['unsent frames after the checkpoint are dropped (collected again)', { base: 0, size: 900, sent: 400, committed: 600 }, { sent: 400, end: 600 }],
    ['frames after the checkpoint that were already sent stay', { base: 0, size: 900, sent: 800, committed: 600 }, { sent: 800, end: 800 }],
    ['no checkpoint position for this spool: keep everything', { base: 100, size: 900, sent: 400 }, { sent: 400, end: 1000 }],
    ['a sidecar behind a compaction: everything below the base was delivered', { base: 500, size: 100, sent: 300, committed: 600 }, { sent: 500, end: 600 }],
    ['no sidecar: resend everything', { base: 500, size: 100, committed: 600 }, { sent: 500, end: 600 }],
    ['a sidecar beyond the file: never past the end', { base: 0, size: 100, sent: 300 }, { sent: 100, end: 100 }],
    ['checkpoint beyond the spool (spool replaced): keep everything', { base: 0, size: 100, sent: 0, committed: 5000 }, { sent: 0, end: 100 }],
  ])('%s', (_name, found, expected) => {
    expect(recoverSpool(found)).toEqual(expected);
  });
});

describe('Spool file', () => {
  test('compaction cuts a delivered prefix once it outweighs the rest, and offsets stay logical', async () => {
    const file = spoolIn(tempDir());
    const options = { logger: recordingLogger(), maxPendingBytes: 1 << 20, compactAfterBytes: 100 };
    const spool = new Spool(file, options);
    await spool.open(undefined);
    const frames = ['one', 'two', 'three', 'four', 'five'].map((text) => octetFrame(text.repeat(20)));
    for (const frame of frames) await spool.append(frame);
    const headerSize = fs.statSync(file).size - spool.end;
    const after = (count: number) => frames.slice(0, count).reduce((sum, frame) => sum + frame.length, 0);
    await spool.markSent(after(2));
    await spool.compact();
    // 126 delivered bytes against 267 still to send: not worth copying yet.
    expect(fs.statSync(file).size).toBe(headerSize + spool.end);
    await spool.markSent(after(3));
    await spool.compact();
    expect(fs.statSync(file).size).toBe(headerSize + spool.end - after(3));
    expect(parseFrames(await spool.readFrames(after(3), 1 << 16))).toEqual(['four'.repeat(20), 'five'.repeat(20)]);
    await spool.close();

    const reopened = new Spool(file, options);
    await reopened.open(spool.end);
    expect(reopened.sent).toBe(after(3));
    expect(reopened.end).toBe(spool.end);
    expect(parseFrames(await reopened.readFrames(reopened.sent, 10))).toEqual(['four'.repeat(20)]);
    await reopened.markSent(reopened.end, true);
    await reopened.compact();
    expect(fs.statSync(file).size).toBe(headerSize);
    expect(JSON.parse(fs.readFileSync(`${file}.sent`, 'utf8'))).toEqual({ sent: spool.end });
    await reopened.close();
  });

  test('a file that is not a spool is refused, not overwritten', async () => {
    const file = spoolIn(tempDir());
    fs.writeFileSync(file, 'precious data\n');
    await expect(new Spool(file, { logger: recordingLogger(), maxPendingBytes: 1000, compactAfterBytes: 100 }).open(undefined)).rejects.toThrow(/is not a syslog spool/);
    expect(fs.readFileSync(file, 'utf8')).toBe('precious data\n');
  });
});

describe('SyslogSink over TCP (node receiver)', () => {
  let receiver: TestReceiver | undefined;
  afterEach(async () => {
    await receiver?.close();
    receiver = undefined;
  });

  test('one frame per record on the wire, the spool compacted once all is delivered', async () => {
    receiver = await tcpReceiver();
    const dir = tempDir();
    const { sink } = syslogSink(receiver.port, spoolIn(dir));
    const records = sampleRecords(120);
    await sink.open(undefined);
    const position = (await sink.write(records.slice(0, 60))) as Extract<SinkPosition, { type: 'syslog' }>;
    expect(position).toEqual({ type: 'syslog', target: `127.0.0.1:${receiver.port}/tcp`, spool: spoolIn(dir), offset: expect.any(Number) });
    expect(position.offset).toBeGreaterThan(0);
    const last = (await sink.write(records.slice(60))) as Extract<SinkPosition, { type: 'syslog' }>;
    expect(last.offset).toBeGreaterThan(position.offset);
    expect(await sink.flush(5000)).toBe(true);
    expect(sink.pending()).toBe(0);
    expect(receiver.messages().map(msgOf)).toEqual(records);
    expect(JSON.parse(fs.readFileSync(`${spoolIn(dir)}.sent`, 'utf8'))).toEqual({ sent: last.offset });
    await sink.close();
    // Header only: the delivered frames are gone, the logical offset lives on in the header.
    expect(fs.statSync(spoolIn(dir)).size).toBeLessThan(100);
  });

  test('a receiver reset mid-stream: settled writes are not resent, the unconfirmed rest is, nothing is lost', async () => {
    const records = sampleRecords(400);
    const settled = records.slice(0, 200);
    const wireBytes = (batch: OutputRecord[]) => batch.reduce((sum, record) => sum + octetFrame(formatSyslogMessage(record, localSyslogHeader())).length, 0);
    receiver = await tcpReceiver({ cutFirstAfterBytes: wireBytes(settled) + 50_000 });
    const { sink, logger } = syslogSink(receiver.port, spoolIn(tempDir()));
    await sink.open(undefined);
    for (let i = 0; i < 200; i += 50) await sink.write(records.slice(i, i + 50));
    await new Promise((resolve) => setTimeout(resolve, 2 * FAST.settleMs!));
    for (let i = 200; i < records.length; i += 50) await sink.write(records.slice(i, i + 50));
    expect(await sink.flush(8000)).toBe(true);
    await sink.close();

    const ids = receiver.messages().map((message) => (msgOf(message) as OutputRecord).event.id);
    const times = (id: string) => ids.filter((other) => other === id).length;
    expect(receiver.connections()).toBe(2);
    expect(new Set(ids)).toEqual(new Set(idsOf(records)));
    expect(idsOf(settled).every((id) => times(id) === 1)).toBe(true);
    // Duplicates: what the first connection delivered after the settled part, 50 kB plus at most one 64 KiB read.
    const duplicates = ids.length - records.length;
    expect(duplicates).toBeGreaterThan(0);
    expect(wireBytes(records.slice(200, 200 + duplicates))).toBeLessThanOrEqual(50_000 + 65_536);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringMatching(/not reachable/) }));
  });

  test('records written after the checkpoint are rolled back on open; close() leaves undelivered records for the next start', async () => {
    const dir = tempDir();
    const down = await freeLoopbackPort();
    const records = sampleRecords(20);
    const first = syslogSink(down, spoolIn(dir), { closeTimeoutMs: 100 });
    await first.sink.open(undefined);
    const committed = await first.sink.write(records.slice(0, 10));
    await first.sink.write(records.slice(10)); // a crash before this one's checkpoint
    await first.sink.close();
    expect(first.sink.pending()).toBeGreaterThan(0);

    receiver = await tcpReceiver();
    const { sink, logger } = syslogSink(receiver.port, spoolIn(dir));
    await sink.open(committed);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'info', message: expect.stringMatching(/after the last checkpoint/) }));
    expect(await sink.flush(5000)).toBe(true);
    await sink.close();
    expect(receiver.messages().map(msgOf)).toEqual(records.slice(0, 10));
  });

  test('a torn frame at the end of the spool (crash while writing) is never sent', async () => {
    const dir = tempDir();
    const records = sampleRecords(5);
    const first = syslogSink(await freeLoopbackPort(), spoolIn(dir), { closeTimeoutMs: 50 });
    await first.sink.open(undefined);
    await first.sink.write(records);
    await first.sink.close();
    fs.appendFileSync(spoolIn(dir), '812 <134>1 2026-03-01T00:00:00.000Z torn');

    receiver = await tcpReceiver();
    const { sink, logger } = syslogSink(receiver.port, spoolIn(dir));
    await sink.open(undefined);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringMatching(/incomplete message/) }));
    expect(await sink.flush(5000)).toBe(true);
    await sink.close();
    expect(receiver.messages().map(msgOf)).toEqual(records);
  });

  test('the spool cap stops collection with a clear error instead of filling the disk', async () => {
    const { sink, logger } = syslogSink(await freeLoopbackPort(), spoolIn(tempDir()), { maxPendingBytes: 20_000, closeTimeoutMs: 50 });
    await sink.open(undefined);
    await expect(sink.write(sampleRecords(100))).rejects.toThrow(/holds 0 bytes not yet delivered and may not exceed 20000 bytes.*no event is lost/);
    expect(sink.pending()).toBe(0);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'error', message: expect.stringMatching(/spool full/) }));
    await sink.close();
  });

  test('the secret is neither spooled nor sent', async () => {
    receiver = await tcpReceiver();
    const dir = tempDir();
    const { sink } = syslogSink(receiver.port, spoolIn(dir));
    registerSecret(API_KEY);
    try {
      await sink.open(undefined);
      await sink.write([{ ...sampleRecords(1)[0], message: `token ${API_KEY}` }]);
      expect(fs.readFileSync(spoolIn(dir), 'utf8')).not.toContain(API_KEY);
      expect(await sink.flush(5000)).toBe(true);
      await sink.close();
      expect(receiver.messages().join('\n')).not.toContain(API_KEY);
    } finally {
      forgetSecret(API_KEY);
    }
  });
});
