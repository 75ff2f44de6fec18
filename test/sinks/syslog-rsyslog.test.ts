import * as path from 'node:path';
import type { NormalizedDevice, OutputConfig, OutputRecord } from '../../src/contract';
import { createSink } from '../../src/sinks/create';
import { octetFrame } from '../../src/sinks/spool';
import { formatSyslogMessage, localSyslogHeader, SyslogSink, type SyslogSinkOptions } from '../../src/sinks/syslog';
import { RSYSLOGD, recordingLogger, rsyslogReceiver, sampleRecords, type Rsyslog, type RsyslogTls } from '../support/rsyslog';
import { selfSignedCertificate } from '../support/tls';
import { tempDir } from '../support/tmp';

const FAST: Partial<SyslogSinkOptions> = { closeTimeoutMs: 1000, settleMs: 150, backoff: { initialMs: 50, maxMs: 250 } };

const describeWithRsyslog = RSYSLOGD ? describe : describe.skip;
const suiteName = RSYSLOGD
  ? 'SyslogSink against a real rsyslogd'
  : 'SyslogSink against a real rsyslogd — SKIPPED: rsyslogd is not installed (Debian: apt-get install rsyslog rsyslog-openssl)';

function device(output: OutputConfig): NormalizedDevice {
  return { device_name: 'JumpCloud', cce_ip: '127.0.0.1', config: { output } } as unknown as NormalizedDevice;
}

const stateBase = () => path.join(tempDir(), 'acme');
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const parsed = (lines: string[]) => lines.map((line) => JSON.parse(line) as OutputRecord);

describeWithRsyslog(suiteName, () => {
  const receivers: Rsyslog[] = [];
  const receiver = async (tls?: RsyslogTls) => {
    const started = await rsyslogReceiver({ tls });
    receivers.push(started);
    return started;
  };
  afterEach(async () => {
    await Promise.all(receivers.splice(0).map((running) => running.stop()));
  });

  test('500 records over TCP (createSink defaults): 500 lines whose JSON equals the records', async () => {
    const rsyslog = await receiver();
    await rsyslog.start();
    const sink = createSink(device({ type: 'syslog', port: rsyslog.port }), { stateBase: stateBase(), logger: recordingLogger() });
    const records = sampleRecords(500);
    await sink.open(undefined);
    for (let i = 0; i < records.length; i += 100) await sink.write(records.slice(i, i + 100));
    expect(await (sink as SyslogSink).flush(10_000)).toBe(true);
    await sink.close();
    const lines = await rsyslog.waitForLines(500);
    expect(lines).toHaveLength(500);
    expect(parsed(lines)).toEqual(records);
  });

  test('rsyslog restarted in the middle of 2,000 records: every event arrives; duplicates at most the unconfirmed window at the stop', async () => {
    const rsyslog = await receiver();
    await rsyslog.start();
    const logger = recordingLogger();
    const sink = new SyslogSink({ host: '127.0.0.1', port: rsyslog.port, protocol: 'tcp' }, { spoolFile: `${stateBase()}.spool`, logger, ...FAST });
    const records = sampleRecords(2000);
    const writeBatches = async (from: number, to: number) => {
      for (let i = from; i < to; i += 50) {
        await sink.write(records.slice(i, i + 50));
        await sleep(20);
      }
    };
    await sink.open(undefined);
    await writeBatches(0, 800);

    // What may be resent: the records in the bytes not yet taken as delivered when the receiver goes away.
    let unconfirmedBytes = sink.pending();
    let window = 0;
    for (let i = 799; i >= 0 && unconfirmedBytes > 0; i--, window++) unconfirmedBytes -= octetFrame(formatSyslogMessage(records[i], localSyslogHeader())).length;
    await rsyslog.stop();
    await writeBatches(800, 1400);
    expect(sink.pending()).toBeGreaterThan(0);
    await rsyslog.start();
    await writeBatches(1400, 2000);
    expect(await sink.flush(15_000)).toBe(true);
    await sink.close();

    const lines = await rsyslog.waitForLines(2000);
    const ids = parsed(lines).map((record) => record.event.id);
    const duplicates = ids.length - new Set(ids).size;
    console.log(`rsyslog restart: ${ids.length} lines for 2000 records, ${duplicates} duplicates (resend window at the stop: ${window} records)`);
    expect(new Set(ids)).toEqual(new Set(records.map((record) => record.event.id)));
    expect(duplicates).toBeLessThanOrEqual(window);
    expect(window).toBeLessThan(800);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringMatching(/not reachable/) }));
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'info', message: expect.stringMatching(/reachable again/) }));
  });

  test('receiver down at open(): write() still resolves (spooled), the data arrives once it comes up', async () => {
    const rsyslog = await receiver();
    const logger = recordingLogger();
    const sink = new SyslogSink({ host: '127.0.0.1', port: rsyslog.port, protocol: 'tcp' }, { spoolFile: `${stateBase()}.spool`, logger, ...FAST });
    const records = sampleRecords(300);
    await sink.open(undefined);
    const position = await sink.write(records);
    expect(position).toMatchObject({ type: 'syslog', offset: expect.any(Number) });
    expect(sink.pending()).toBeGreaterThan(0);
    await sleep(200);
    expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', message: expect.stringMatching(/not reachable/) }));
    await rsyslog.start();
    expect(await sink.flush(10_000)).toBe(true);
    await sink.close();
    expect(parsed(await rsyslog.waitForLines(300))).toEqual(records);
  });

  describe('TLS (rsyslog ossl driver, throwaway CA)', () => {
    let certificate: ReturnType<typeof selfSignedCertificate>;
    beforeAll(() => {
      certificate = selfSignedCertificate();
    });
    const tlsOf = (): RsyslogTls => ({ caFile: certificate.caFile, cert: certificate.cert, key: certificate.key });

    test('with output.ca_file the receiver is trusted and gets every record', async () => {
      const rsyslog = await receiver(tlsOf());
      await rsyslog.start();
      const sink = createSink(device({ type: 'syslog', protocol: 'tls', port: rsyslog.port, ca_file: certificate.caFile }), { stateBase: stateBase(), logger: recordingLogger() });
      expect(sink.description).toContain(`127.0.0.1:${rsyslog.port}/tls`);
      const records = sampleRecords(200);
      await sink.open(undefined);
      await sink.write(records);
      expect(await (sink as SyslogSink).flush(10_000)).toBe(true);
      await sink.close();
      expect(parsed(await rsyslog.waitForLines(200))).toEqual(records);
    });

    test('without it nothing is sent, records stay spooled, the warning names output.ca_file', async () => {
      const rsyslog = await receiver(tlsOf());
      await rsyslog.start();
      const logger = recordingLogger();
      const sink = new SyslogSink({ host: '127.0.0.1', port: rsyslog.port, protocol: 'tls' }, { spoolFile: `${stateBase()}.spool`, logger, ...FAST, closeTimeoutMs: 200 });
      await sink.open(undefined);
      await sink.write(sampleRecords(10));
      expect(await sink.flush(500)).toBe(false);
      await sink.close();
      expect(sink.pending()).toBeGreaterThan(0);
      expect(logger.lines).toContainEqual(expect.objectContaining({ level: 'warn', meta: expect.objectContaining({ error: expect.stringMatching(/output\.ca_file/) }) }));
      expect(rsyslog.lines()).toEqual([]);
    });
  });
});
