import type { JumpCloudEvent, OutputRecord } from '../../src/contract';
import { eventId } from '../../src/normalize/event-id';
import { normalize } from '../../src/normalize/normalize';
import { CONTEXT, deepFreeze, fixture, fixtureEvent, loadFixtures, schemaErrors, validateRecord } from './helpers';

/** Reads a dotted path of a record, for terse assertions. */
function field(record: OutputRecord, path: string): unknown {
  return path.split('.').reduce<unknown>((value, key) => (value as Record<string, unknown> | undefined)?.[key], record);
}

function normalized(name: string, eventType: string, nth = 0): OutputRecord {
  return normalize(fixtureEvent(name, eventType, nth), CONTEXT);
}

const FIXTURE_EVENTS = [...loadFixtures()].flatMap(([name, events]) =>
  events.map((event, index) => [`${name}.json #${index} ${String(event.event_type)}`, event] as const),
);

describe('every fixture event', () => {
  it.each(FIXTURE_EVENTS)('%s: validates against schema/event.schema.json', (_, event) => {
    const record = normalize(event, CONTEXT);
    expect(validateRecord(record) ? 'valid' : schemaErrors()).toBe('valid');
  });

  it.each(FIXTURE_EVENTS)('%s: keeps the event unchanged as raw', (_, event) => {
    const pristine = structuredClone(event);
    const record = normalize(deepFreeze(event), CONTEXT);
    expect(record.raw).toBe(event);
    expect(record.raw).toEqual(pristine);
  });

  it.each(FIXTURE_EVENTS)('%s: carries the common fields', (_, event) => {
    const record = normalize(event, CONTEXT);
    expect(record.event.id).toBe(eventId(event));
    expect(record.event.action).toBe(event.event_type);
    expect(record.event.provider).toBe(event.service);
    expect(record.event.dataset).toBe('jumpcloud.events');
    expect(record.jumpcloud).toMatchObject({ service: event.service, event_type: event.event_type });
    expect(record.observer).toEqual({ name: 'JumpCloud - Acme', vendor: 'JumpCloud', product: 'Directory Insights' });
    expect(record.organization).toEqual({ id: '5f3a1c2b9d4e6f7a8b9c0d1e' });
    expect(record['@timestamp']).toBe(new Date(Date.parse(String(event.timestamp))).toISOString());
    expect(record.event.ingested).toBeUndefined();
  });

  it('covers every service JumpCloud documents, workflows and an unknown one', () => {
    expect([...loadFixtures().keys()]).toEqual([
      'access_management', 'alerts', 'asset_management', 'directory', 'ldap', 'mdm', 'notifications',
      'object_storage', 'password_manager', 'radius', 'reports', 'saas_app_management', 'software', 'sso',
      'systems', 'unknown', 'workflows',
    ]);
  });
});

describe('directory', () => {
  it('maps an admin login of the older format (geoip.country_code2, resource instead of initiated_by)', () => {
    const record = normalized('directory', 'admin_login_attempt');
    expect(record.event).toMatchObject({ category: ['authentication'], type: ['start'], outcome: 'success', kind: 'event' });
    expect(record.source).toEqual({
      ip: '203.0.113.24',
      geo: { continent_code: 'NA', country_iso_code: 'US', region_iso_code: 'US-CO', region_name: 'Colorado', timezone: 'America/Denver' },
    });
    expect(record.user).toEqual({ target: { email: 'dana.admin@example.com' } });
    expect(record.user_agent).toEqual({ name: 'Chrome', version: '81.0.4044', os: { name: 'Mac OS X' }, device: { name: 'Other' } });
    expect(record.jumpcloud).toMatchObject({ mfa: true, mfa_type: 'totp', auth_method: 'session', resource: { type: 'admin', id: '5ce434e77128503e528e747c' } });
    expect(record.jumpcloud).not.toHaveProperty('provider');
  });

  it('maps a failed user login with coordinates', () => {
    const record = normalized('directory', 'user_login_attempt');
    expect(record.event).toMatchObject({ category: ['authentication'], type: ['start'], outcome: 'failure' });
    expect(record.user).toEqual({ name: 'jane.doe', id: '6123b0a1c2d3e4f5a6b7c8d9', email: 'jane.doe@example.com', domain: 'example.com' });
    expect(field(record, 'source.geo')).toMatchObject({ country_iso_code: 'FR', region_iso_code: 'FR-75', location: { lat: 48.8323, lon: 2.4075 } });
    expect(record.user_agent).toEqual({ name: 'Edge', version: '119.0.0.0', os: { name: 'Windows', full: 'Windows 10', version: '10' }, device: { name: 'Other' } });
    expect(record.error).toEqual({ message: 'invalid username or password' });
    expect(field(record, 'jumpcloud.mfa')).toBe(false);
  });

  it('tells the admin who acted from the user acted upon', () => {
    const record = normalized('directory', 'user_update');
    expect(record.event).toMatchObject({ category: ['iam'], type: ['user', 'change'] });
    expect(record.user).toEqual({
      name: 'dana.admin@example.com',
      id: '5ce434e77128503e528e747c',
      email: 'dana.admin@example.com',
      domain: 'example.com',
      target: { name: 'jane.doe', email: 'jane.doe@example.com' },
    });
    expect(field(record, 'jumpcloud.initiated_by.type')).toBe('admin');
  });

  it('maps a group creation', () => {
    const record = normalized('directory', 'group_create');
    expect(record.event).toMatchObject({ category: ['iam'], type: ['group', 'creation'] });
    expect(field(record, 'jumpcloud.resource')).toEqual({ type: 'user_group', id: '6553f1aa9f8e7d6c5b4a3921', name: 'Contractors' });
    expect(field(record, 'jumpcloud.auth_method')).toBe('api-key');
  });

  it('categorizes an unlisted directory event type with the service fallback, and keeps an IPv6 source', () => {
    const record = normalized('directory', 'user_passkey_register');
    expect(record.event).toMatchObject({ action: 'user_passkey_register', category: ['iam'], type: ['info'] });
    expect(field(record, 'source.ip')).toBe('2001:db8:85a3::8a2e:370:7334');
    expect(record['@timestamp']).toBe('2026-11-14T16:10:00.000Z');
  });
});

describe('sso', () => {
  it('maps the application and numeric-string coordinates', () => {
    const record = normalized('sso', 'sso_auth');
    expect(record.event).toMatchObject({ category: ['authentication'], type: ['start'], outcome: 'success' });
    expect(field(record, 'jumpcloud.application')).toEqual({
      id: '5c86b7469fdce00001d38016',
      name: 'zendesk',
      display_label: 'Zendesk SSO',
      sso_url: 'https://sso.jumpcloud.com/saml2/zendesk',
    });
    expect(field(record, 'jumpcloud.sso.idp_initiated')).toBe(true);
    expect(field(record, 'source.geo.location')).toEqual({ lat: 45.8491, lon: -119.7143 });
    expect(field(record, 'user.name')).toBe('jane.doe');
    expect(record.user_agent).toEqual({ name: 'Firefox', version: '120.0', os: { name: 'Fedora' }, device: { name: 'Other' } });
  });

  it('takes the outcome from sso_token_success when success is absent', () => {
    const record = normalized('sso', 'sso_auth', 1);
    expect(record.event.outcome).toBe('failure');
    expect(field(record, 'jumpcloud.sso.idp_initiated')).toBe(false);
    expect(field(record, 'jumpcloud.application.name')).toBe('aws');
    expect(record.error).toEqual({ message: 'user is not bound to application' });
  });
});

describe('radius', () => {
  it('keeps the uppercase UUID id and maps the EAP details', () => {
    const record = normalized('radius', 'radius_auth');
    expect(record.event).toMatchObject({
      id: 'ED0ED2C3-0524-3263-BE5B-68C02B70986E',
      category: ['authentication', 'network'],
      type: ['start'],
      outcome: 'success',
    });
    expect(record['@timestamp']).toBe('2026-11-14T07:45:15.000Z');
    expect(record.user).toEqual({ name: 'jane.doe' });
    expect(field(record, 'jumpcloud.radius')).toEqual({
      auth_type: 'eap',
      eap_type: 'MSCHAPv2',
      outer_eap_type: 'PEAP',
      outer_username: 'anonymous',
      nas_mfa_state: 'DISABLED',
    });
    expect(record).not.toHaveProperty('error');
  });

  it('takes the error from the outer layer when the inner one is empty', () => {
    const record = normalized('radius', 'radius_auth', 1);
    expect(record.event.outcome).toBe('failure');
    expect(field(record, 'error.message')).toBe('eap_peap: The users session was previously rejected: returning reject (again.)');
    expect(field(record, 'user.name')).toBe('sam.lee');
  });
});

describe('systems', () => {
  it('maps an SSH login: client_ip preferred over src_ip, host and process', () => {
    const record = normalized('systems', 'login_attempt');
    expect(record.event).toMatchObject({ category: ['authentication', 'session'], type: ['start'], outcome: 'success' });
    expect(field(record, 'source.ip')).toBe('203.0.113.200');
    expect(record.host).toEqual({ id: '5c86b7149fdce00001d38014', name: 'build-01', hostname: 'build-01' });
    expect(record.process).toEqual({ name: 'sshd' });
    expect(field(record, 'user.name')).toBe('deploy');
    expect(record.message).toBe('User deploy logged in from 192.0.2.44, process name: sshd');
    expect(field(record, 'jumpcloud.system')).toEqual({ display_name: 'Build server 01', local_timestamp: '2026-11-14T15:31:18+10:30' });
  });

  it('falls back to src_ip and maps the Windows logon details', () => {
    const record = normalized('systems', 'user_login');
    expect(field(record, 'source.ip')).toBe('198.51.100.62');
    expect(record.event.outcome).toBe('failure');
    expect(field(record, 'host.name')).toBe('ADE6B6');
    expect(field(record, 'jumpcloud.system')).toMatchObject({ display_name: 'WIN10.AVAILABLE.APAC', windows_logon_type: '10', windows_elevated: false });
  });

  it('categorizes a disk encryption key update and a remote-assist session', () => {
    expect(normalized('systems', 'system_fde_key_update').event).toMatchObject({ category: ['host', 'configuration'], type: ['change'] });
    const session = normalized('systems', 'remote_session_start');
    expect(session.event).toMatchObject({ category: ['session'], type: ['start'] });
    expect(field(session, 'user.name')).toBe('dana.admin@example.com');
  });
});

describe('ldap', () => {
  it('derives a stable id from the content of events without one', () => {
    const [bind, search, failedBind] = fixture('ldap');
    const id = normalize(bind, CONTEXT).event.id;
    expect(id).toMatch(/^sha256:[0-9a-f]{40}$/);
    expect(normalize(bind, CONTEXT).event.id).toBe(id);
    expect(normalize(fixture('ldap')[0], CONTEXT).event.id).toBe(id);
    expect(normalize({ ...bind }, CONTEXT).event.id).toBe(id);
    const ids = new Set([bind, search, failedBind].map((event) => normalize(event, CONTEXT).event.id));
    expect(ids.size).toBe(3);
    expect(normalize({ ...bind, operation_number: 7 }, CONTEXT).event.id).not.toBe(id);
  });

  it('maps a bind', () => {
    const record = normalized('ldap', 'ldap_bind');
    expect(record.event).toMatchObject({ category: ['authentication'], type: ['start'], outcome: 'success' });
    expect(record.user).toEqual({ name: 'svc-wiki' });
    expect(record.tls).toEqual({ established: true });
    expect(field(record, 'source.ip')).toBe('192.0.2.30');
    expect(field(record, 'jumpcloud.ldap')).toEqual({
      connection_id: 'UhKgFeYIvbsh4so/f8z7xUnH0rDLk5Ph1n6XQnT08ds=',
      operation_number: 0,
      dn: 'uid=svc-wiki,ou=Users,o=5f3a1c2b9d4e6f7a8b9c0d1e,dc=jumpcloud,dc=com',
      mech: 'simple',
      start_tls: false,
      error_code: 0,
    });
  });

  it('maps a search', () => {
    const record = normalized('ldap', 'ldap_search');
    expect(record.event).toMatchObject({ category: ['iam'], type: ['info'] });
    expect(field(record, 'jumpcloud.ldap')).toMatchObject({
      operation_number: 1,
      base: 'ou=Users,o=5f3a1c2b9d4e6f7a8b9c0d1e,dc=jumpcloud,dc=com',
      scope: 2,
      deref: 0,
      filter: '(&(objectClass=inetOrgPerson)(uid=jane.doe))',
      attr: 'uid mail memberOf',
      number_of_results: 1,
    });
  });

  it('maps a failed bind', () => {
    const record = normalized('ldap', 'ldap_bind', 1);
    expect(record.event.outcome).toBe('failure');
    expect(record.error).toEqual({ message: 'invalid credentials' });
    expect(field(record, 'jumpcloud.ldap.error_code')).toBe(49);
    expect(record.tls).toEqual({ established: false });
  });
});

describe('mdm', () => {
  it('truncates the nanosecond timestamp to milliseconds and keeps it whole in raw', () => {
    const record = normalized('mdm', 'mdm_command_result');
    expect(record['@timestamp']).toBe('2026-11-14T10:15:30.123Z');
    expect(record.raw.timestamp).toBe('2026-11-14T10:15:30.123456789Z');
    expect(normalized('mdm', 'mdm_command_result', 1)['@timestamp']).toBe('2026-11-14T10:21:44.000Z');
  });

  it('maps a command result with the field names real events use', () => {
    const record = normalized('mdm', 'mdm_command_result');
    expect(record.event).toMatchObject({ category: ['host'], type: ['info'], outcome: 'success' });
    expect(record.host).toEqual({ id: '5ebeb092658f7304f48e2d84' });
    expect(field(record, 'jumpcloud.mdm')).toEqual({
      device_manager_id: '5e95d0a128b4f8666ef26b87',
      type: 'apple',
      request_type: 'RestartDevice',
      command_uuid: 'a0325748-b432-42f6-b789-50b3924d64a4',
      status: 'Acknowledged',
    });
  });

  it('maps an enrollment with the field names the API reference uses', () => {
    const record = normalized('mdm', 'device_enrollment');
    expect(record['@timestamp']).toBe('2026-11-14T10:20:05.900Z');
    expect(record.event).toMatchObject({ category: ['configuration'], type: ['creation'] });
    expect(record.host).toEqual({ id: '6553e4f5aa17283940516274' });
    expect(record.user).toEqual({ name: 'jane.doe@example.com', email: 'jane.doe@example.com', domain: 'example.com' });
    expect(field(record, 'jumpcloud.mdm.windows_device_uuid')).toBe('D123IS95E75C77459910B18EDB5470FG');
    expect(field(record, 'jumpcloud.result')).toBe('successful enrollment of device');
    expect(field(record, 'source.geo')).toMatchObject({ region_iso_code: 'US-GA', location: { lat: 33.6992, lon: -84.7478 } });
  });
});

describe('password_manager', () => {
  it('reads the user agent from user_agent (not useragent)', () => {
    const record = normalized('password_manager', 'passwordmanager_item_reveal');
    expect(record.event).toMatchObject({ category: ['configuration'], type: ['access'], outcome: 'success' });
    expect(record.user_agent).toEqual({ name: 'Chrome', version: '95.0.4638', os: { name: 'Mac OS X' }, device: { name: 'Other' } });
    expect(field(record, 'user.email')).toBe('jane.doe@example.com');
    expect(field(record, 'source.geo.country_iso_code')).toBe('US');
  });

  it('categorizes folder changes', () => {
    const created = normalized('password_manager', 'passwordmanager_folder_create');
    expect(created.event).toMatchObject({ category: ['configuration'], type: ['creation'] });
    expect(field(created, 'user_agent.version')).toBe('121.0');
    const removed = normalized('password_manager', 'passwordmanager_folder_member_remove');
    expect(removed.event).toMatchObject({ category: ['iam'], type: ['change'], outcome: 'failure' });
    expect(field(removed, 'error.message')).toBe("This user can't be updated because it's the last folder admin");
  });
});

describe('software', () => {
  it('maps the application to package.* and the device to host.id', () => {
    const record = normalized('software', 'software_add');
    expect(record.event).toMatchObject({ category: ['package'], type: ['installation'], outcome: 'unknown' });
    expect(record.package).toEqual({ name: 'Google Chrome', version: '131.0.6778.86', path: '/Applications/Google Chrome.app' });
    expect(record.host).toEqual({ id: '5c86b7149fdce00001d38015' });
    expect(field(record, 'jumpcloud.application')).toEqual({ publisher: 'Google LLC' });
  });

  it('categorizes changes and removals', () => {
    expect(normalized('software', 'software_change').event).toMatchObject({ category: ['package'], type: ['change'] });
    const removed = normalized('software', 'software_remove');
    expect(removed.event).toMatchObject({ category: ['package'], type: ['deletion'] });
    expect(removed.package).toEqual({ name: 'TeamViewer', version: '15.48.4' });
  });
});

describe('alerts', () => {
  it('maps a raised alert: kind alert, numeric severity, rule', () => {
    const record = normalized('alerts', 'alert_created');
    expect(record.event).toMatchObject({ kind: 'alert', category: ['threat'], type: ['info'], severity: 73 });
    expect(record.rule).toEqual({ id: '6554a0b1c2d3e4f5061728ff', category: 'Directory' });
    expect(field(record, 'user.name')).toBe('sam.lee');
    expect(field(record, 'jumpcloud.alert')).toEqual({ severity: 'High', source_type: 'user', source_id: '6123b0a1c2d3e4f5a6b7c8e0' });
    expect(record.message).toBe('12 failed RADIUS logins for sam.lee in 5 minutes');
  });

  it('maps a status change of an alert and a rule change', () => {
    const updated = normalized('alerts', 'alert_status_updated');
    expect(updated.event).toMatchObject({ kind: 'alert', type: ['change'] });
    expect(field(updated, 'user.name')).toBe('dana.admin@example.com');
    const rule = normalized('alerts', 'rule_created');
    expect(rule.event).toMatchObject({ kind: 'event', category: ['configuration'], type: ['creation'], severity: 47 });
    expect(rule.rule).toEqual({ category: 'System' });
  });
});

describe('services without a table of their own', () => {
  it('categorizes the documented object storage events', () => {
    const created = normalized('object_storage', 'object_storage_create');
    expect(created.event).toMatchObject({ category: ['file'], type: ['creation'] });
    expect(created.file).toEqual({
      name: 'GoogleChrome.pkg',
      size: 178398259,
      hash: { sha256: '65d860160bdc9b98abf72407e14ca40b609417de7939897d3b58d55787aaef69' },
    });
    expect(field(created, 'jumpcloud.object_storage')).toEqual({
      item_id: '6555a0b1c2d3e4f50617283a',
      referrer_type: 'SOFTWARE_APP',
      referrer_id: '5e95d0a128b4f8666ef26b87',
    });
    const download = normalized('object_storage', 'object_storage_get_download_url_request');
    expect(download.event).toMatchObject({ category: ['file'], type: ['access'] });
    expect(download.host).toEqual({ id: '5c86b7149fdce00001d38015' });
  });

  it.each([
    ['notifications', 'notification_email_sent'],
    ['saas_app_management', 'saas_app_discovered'],
    ['access_management', 'access_request_create'],
    ['asset_management', 'asset_create'],
    ['reports', 'report_create'],
    ['workflows', 'workflow_run_start'],
    ['unknown', 'aigw_prompt_blocked'],
  ])('%s %s: passes through with the common fields and no guessed category', (name, eventType) => {
    const record = normalized(name, eventType);
    expect(record.event.action).toBe(eventType);
    expect(record.event.kind).toBe('event');
    expect(record.event).not.toHaveProperty('category');
    expect(record.event).not.toHaveProperty('type');
  });

  it('maps the common fields of those services', () => {
    expect(field(normalized('notifications', 'notification_email_sent', 1), 'user.target.email')).toBe('sam.lee@example.com');
    expect(normalized('notifications', 'notification_email_sent', 1).event.outcome).toBe('failure');
    const saas = normalized('saas_app_management', 'saas_app_discovered');
    expect(saas.user_agent).toEqual({ name: 'Chrome', version: '131.0.0.0', os: { name: 'Mac OS X', full: 'Mac OS X 14.6', version: '14.6' }, device: { name: 'Mac' } });
    expect(field(saas, 'jumpcloud.application')).toEqual({ id: '6557a0b1c2d3e4f506172839', name: 'notion' });
    expect(field(normalized('access_management', 'access_request_create'), 'user_agent.version')).toBe('18.1');
    expect(field(normalized('reports', 'report_create'), 'user_agent.version')).toBe('131.0.6778');
    const workflow = normalized('workflows', 'workflow_run_start');
    expect(workflow.event.outcome).toBe('unknown');
    expect(field(workflow, 'jumpcloud.initiated_by.type')).toBe('system');
    const unknown = normalized('unknown', 'aigw_prompt_blocked');
    expect(unknown.event).toMatchObject({ provider: 'aigw', outcome: 'failure' });
    expect(field(unknown, 'jumpcloud.service')).toBe('aigw');
  });
});

describe('events the tables do not foresee', () => {
  const NOW = Date.parse('2026-12-01T08:00:00.000Z');
  const context = { ...CONTEXT, now: () => NOW };

  it('turns an event with nothing but an unusable timestamp into a valid record stamped at ingest time', () => {
    const event: JumpCloudEvent = { timestamp: 'yesterday', mystery: { nested: [1, 2] } };
    const record = normalize(event, context);
    expect(validateRecord(record) ? 'valid' : schemaErrors()).toBe('valid');
    expect(record['@timestamp']).toBe('2026-12-01T08:00:00.000Z');
    expect(record.event).toEqual({
      id: eventId(event),
      action: 'unknown',
      kind: 'event',
      module: 'jumpcloud',
      dataset: 'jumpcloud.events',
      ingested: '2026-12-01T08:00:00.000Z',
      outcome: 'unknown',
    });
    expect(record).not.toHaveProperty('jumpcloud');
    expect(record.organization).toEqual({ id: CONTEXT.org_id });
    expect(record.raw).toBe(event);
  });

  it('uses the wall clock when the context has none', () => {
    const before = Date.now();
    const ingested = Date.parse(String(normalize({ event_type: 'x' }, CONTEXT).event.ingested));
    expect(ingested).toBeGreaterThanOrEqual(before);
    expect(ingested).toBeLessThanOrEqual(Date.now());
  });

  it('does not look names up on Object.prototype', () => {
    const record = normalize({ service: 'constructor', event_type: 'toString', timestamp: '2026-11-14T10:00:00Z' }, context);
    expect(record.event).not.toHaveProperty('category');
    expect(validateRecord(record)).toBe(true);
  });

  it('drops values that would break the schema and keeps them in raw', () => {
    const event: JumpCloudEvent = {
      id: '6553f2bb1c2d3e4f50617299',
      service: 'directory',
      event_type: 'user_login_attempt',
      timestamp: '2026-11-14T10:00:00Z',
      client_ip: 'fe80::1%en0',
      geoip: { country_code: 'US', latitude: 123.4, longitude: 10 },
      initiated_by: { username: '', email: 'no-at-sign' },
      success: 'FALSE',
      mfa: 'maybe',
    };
    const record = normalize(event, context);
    expect(validateRecord(record) ? 'valid' : schemaErrors()).toBe('valid');
    expect(record.source).toEqual({ geo: { country_iso_code: 'US' } });
    expect(record.user).toEqual({ name: 'no-at-sign', email: 'no-at-sign' });
    expect(record.event.outcome).toBe('failure');
    expect(record.jumpcloud).not.toHaveProperty('mfa');
  });

  it.each(['::', '::ffff:192.0.2.1', '2001:DB8::1', '1:2:3:4:5:6:1.2.3.4', '192.0.2.01', '[::1]', '192.0.2.1 ', '2001:db8::1::1'])(
    'maps client_ip %j to source.ip only when the schema accepts it',
    (clientIp) => {
      const record = normalize({ service: 'sso', event_type: 'sso_auth', timestamp: '2026-11-14T10:00:00Z', client_ip: clientIp }, context);
      expect(validateRecord(record) ? 'valid' : schemaErrors()).toBe('valid');
      expect(record.source === undefined ? 'dropped' : 'kept').toBe(['192.0.2.01', '[::1]', '192.0.2.1 ', '2001:db8::1::1'].includes(clientIp) ? 'dropped' : 'kept');
    },
  );

  it('drops negative counts and severities', () => {
    const ldapEvent = { service: 'ldap', event_type: 'ldap_search', timestamp: '2026-11-14T10:00:00Z', operation_number: -1, number_of_results: '3', scope: '2' };
    expect(field(normalize(ldapEvent, context), 'jumpcloud.ldap')).toEqual({ number_of_results: 3, scope: 2 });
    const alert = normalize({ service: 'alerts', event_type: 'alert_created', timestamp: '2026-11-14T10:00:00Z', severity: -5 }, context);
    expect(alert.event).not.toHaveProperty('severity');
    expect(validateRecord(alert)).toBe(true);
  });

  it('keeps a user agent that arrives as a plain string', () => {
    const agent = 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.1 Safari/605.1.15';
    const record = normalize({ service: 'sso', event_type: 'sso_auth', timestamp: '2026-11-14T10:00:00Z', useragent: agent }, context);
    expect(record.user_agent).toEqual({ original: agent });
  });

  it('keeps an alert severity it cannot score only as text', () => {
    const record = normalize({ service: 'alerts', event_type: 'alert_created', timestamp: '2026-11-14T10:00:00Z', severity: 'Severe' }, context);
    expect(record.event).not.toHaveProperty('severity');
    expect(record.jumpcloud).toMatchObject({ alert: { severity: 'Severe' } });
  });

  it('accepts the singular service name "alert"', () => {
    expect(normalize({ service: 'alert', event_type: 'alert_created', timestamp: '2026-11-14T10:00:00Z' }, context).event.kind).toBe('alert');
  });

  it('gives every record its own category arrays', () => {
    const first = normalized('sso', 'sso_auth');
    const second = normalized('sso', 'sso_auth', 1);
    expect(first.event.category).toEqual(second.event.category);
    expect(first.event.category).not.toBe(second.event.category);
  });
});
