import { generateEvents } from '../../src/simulator';
import type { JumpCloudEvent } from '../../src/contract';
import { parseRfc3339Ms } from '../../src/simulator/time';
import { DAY, ORG } from './helpers';

const END = Date.UTC(2026, 10, 1);
const START = END - 7 * DAY;
const EVENTS = generateEvents({ org_id: ORG, count: 20_000, start_ms: START, end_ms: END, seed: 42 });
const ofService = (service: string): JumpCloudEvent[] => EVENTS.filter((e) => e.service === service);

const HEX24 = /^[0-9a-f]{24}$/;
const DOC_IP = /^(192\.0\.2|198\.51\.100|203\.0\.113)\.\d{1,3}$/;

test('the same seed gives the same events, another seed others', () => {
  const again = generateEvents({ org_id: ORG, count: 20_000, start_ms: START, end_ms: END, seed: 42 });
  expect(again).toEqual(EVENTS);
  expect(generateEvents({ org_id: ORG, count: 50, start_ms: START, end_ms: END, seed: 43 })).not.toEqual(EVENTS.slice(0, 50));
});

test('timestamps are sorted and inside [start, end)', () => {
  const ms = EVENTS.map((e) => parseRfc3339Ms(e.timestamp as string) as number);
  expect(ms.every((t, i) => t >= START && t < END && (i === 0 || t >= ms[i - 1]))).toBe(true);
});

test('the default mix covers every service, directory the most', () => {
  const counts = new Map<string, number>();
  for (const e of EVENTS) counts.set(e.service as string, (counts.get(e.service as string) ?? 0) + 1);
  expect(counts.size).toBe(16);
  expect(Math.max(...counts.values())).toBe(counts.get('directory'));
});

test('common fields: organization, version, documentation-range addresses', () => {
  expect(EVENTS.every((e) => e.organization === ORG && e['@version'] === '1' && typeof e.success === 'boolean')).toBe(true);
  const ips = EVENTS.map((e) => e.client_ip).filter((ip) => ip !== undefined);
  expect(ips.length).toBeGreaterThan(10_000);
  expect(ips.every((ip) => DOC_IP.test(ip as string))).toBe(true);
  const geo = ofService('directory')[0].geoip;
  expect(Object.keys(geo as object).sort()).toEqual(['continent_code', 'country_code', 'latitude', 'longitude', 'region_code', 'region_name', 'timezone']);
});

test('ids follow each service: ObjectId, lowercase UUID for sso, uppercase UUID for radius, none for ldap', () => {
  expect(ofService('directory').every((e) => HEX24.test(e.id as string))).toBe(true);
  expect(ofService('sso').every((e) => /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/.test(e.id as string))).toBe(true);
  expect(ofService('radius').every((e) => /^[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/.test(e.id as string))).toBe(true);
  const ldap = ofService('ldap');
  expect(ldap.every((e) => !('id' in e) && typeof e.connection_id === 'string' && Number.isInteger(e.operation_number))).toBe(true);
  expect(new Set(ldap.map((e) => `${e.connection_id}/${e.operation_number}`)).size).toBe(ldap.length);
  const ids = EVENTS.map((e) => e.id).filter(Boolean);
  expect(new Set(ids).size).toBe(ids.length);
});

test('service-specific shapes', () => {
  expect(new Set(ofService('directory').map((e) => e.event_type))).toEqual(
    new Set(['admin_login_attempt', 'user_login_attempt', 'user_update', 'user_create', 'user_group_update', 'association_change', 'user_lockout']),
  );
  expect(ofService('directory').filter((e) => e.event_type === 'user_update').every((e) => Array.isArray(e.changes))).toBe(true);
  expect(ofService('sso').every((e) => e.event_type === 'sso_auth' && typeof (e.application as { sso_url: string }).sso_url === 'string')).toBe(true);
  expect(ofService('systems').every((e) => HEX24.test((e.system as { id: string }).id) && /[+-]\d{2}:\d{2}$/.test(e.system_timestamp as string))).toBe(true);
  const ldap = ofService('ldap');
  expect(ldap.filter((e) => e.event_type === 'ldap_bind').every((e) => (e.dn as string).startsWith('uid='))).toBe(true);
  expect(ldap.filter((e) => e.event_type === 'ldap_search').every((e) => (e.filter as string).startsWith('('))).toBe(true);
  expect(ofService('mdm').every((e) => /\.\d{9}Z$/.test(e.timestamp as string))).toBe(true);
  expect(ofService('password_manager').every((e) => 'user_agent' in e && !('useragent' in e) && (e.event_type as string).startsWith('passwordmanager_'))).toBe(true);
  expect(ofService('software').every((e) => ['software_add', 'software_change', 'software_remove'].includes(e.event_type as string))).toBe(true);
  expect(ofService('alerts').some((e) => e.event_type === 'rule_created')).toBe(true);
  expect(ofService('directory').some((e) => e.success === false)).toBe(true);
  expect(EVENTS.filter((e) => e.success).length / EVENTS.length).toBeGreaterThan(0.9);
});

test('services narrows the mix; an unknown service is an error', () => {
  const events = generateEvents({ org_id: ORG, count: 200, start_ms: START, end_ms: END, services: ['radius', 'ldap'] });
  expect(new Set(events.map((e) => e.service))).toEqual(new Set(['radius', 'ldap']));
  expect(() => generateEvents({ org_id: ORG, count: 1, start_ms: START, end_ms: END, services: ['alert'] })).toThrow(/unknown service/);
});

test('equal_timestamp_runs: every `every` events, `length` share one millisecond', () => {
  const events = generateEvents({ org_id: ORG, count: 1_000, start_ms: START, end_ms: END, equal_timestamp_runs: { every: 100, length: 8 } });
  const ms = events.map((e) => parseRfc3339Ms(e.timestamp as string));
  for (let run = 0; run < 1_000; run += 100) {
    expect(new Set(ms.slice(run, run + 8)).size).toBe(1);
    expect(ms[run + 8]).not.toBe(ms[run]);
  }
});

test('bad options are refused', () => {
  expect(() => generateEvents({ org_id: 'acme', count: 1, start_ms: START, end_ms: END })).toThrow(/org_id/);
  expect(() => generateEvents({ org_id: ORG, count: 1, start_ms: END, end_ms: START })).toThrow(/end_ms/);
  expect(() => generateEvents({ org_id: ORG, count: 1, start_ms: START, end_ms: END, equal_timestamp_runs: { every: 2, length: 3 } })).toThrow(/length/);
});
