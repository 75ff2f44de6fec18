import { statusAfterFailure, statusAfterPoll } from '../../src/host/status';
import { renderStatusTable } from '../../src/host/status-table';
import { registerSecret } from '../../src/log/secrets';
import { ORG_ID } from '../support/devices';

const device = { device_name: 'JumpCloud - Acme', cce_ip: '10.0.0.15', config: { org_id: ORG_ID } };
const at = (iso: string) => Date.parse(iso);

describe('Collection Status transitions', () => {
  test('Idle → Connected/Active: totals, rate over the covered time, lag and next poll', () => {
    const first = statusAfterPoll(device, undefined, { events: 1440, warnings: [], newest_event_time: '2026-12-04T11:58:00.000Z', started_at: at('2026-12-04T11:59:58Z'), finished_at: at('2026-12-04T12:00:00Z') }, at('2026-12-04T12:01:00Z'), 86_400_000);
    expect(first).toMatchObject({ status: 'Connected/Active', events_total: 1440, events_per_minute: 1, lag_seconds: 120, next_poll: '2026-12-04T12:01:00.000Z', last_success: '2026-12-04T12:00:00.000Z' });
    const second = statusAfterPoll(device, first, { events: 30, warnings: [], started_at: at('2026-12-04T12:00:59Z'), finished_at: at('2026-12-04T12:01:00Z') }, undefined, 86_400_000);
    expect(second).toMatchObject({ events_total: 1470, events_per_minute: 30, newest_event_time: '2026-12-04T11:58:00.000Z', lag_seconds: 180 });
  });

  test('Connected → Failed keeps the totals and says why, without the secret', () => {
    const secret = 'c0ffeec0ffeec0ffeec0ffeec0ffeec0ffeec0ff';
    registerSecret(secret);
    const ok = statusAfterPoll(device, undefined, { events: 5, warnings: [], started_at: 0, finished_at: 1000 }, undefined, 60_000);
    const failed = statusAfterFailure(device, ok, { category: 'auth', message: `key ${secret} rejected` }, at('2026-12-04T12:05:00Z'), undefined);
    expect(failed).toMatchObject({ status: 'Failed', category: 'auth', events_total: 5, events_per_minute: 0, last_error: 'key [REDACTED] rejected', last_error_at: '2026-12-04T12:05:00.000Z' });
    expect(renderStatusTable([failed])).toMatch(/JumpCloud - Acme\s+Failed \(auth\)\s+5\s+0\s+-/);
  });
});
