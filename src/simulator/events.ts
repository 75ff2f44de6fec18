import type { JumpCloudEvent } from '../contract';
import { Random } from './random';
import { isServiceName } from './services';
import {
  type Admin,
  type Place,
  type User,
  type World,
  PLACES,
  USER_AGENTS,
  buildWorld,
  documentationIp,
  objectId,
} from './world';

export interface GenerateOptions {
  org_id: string;
  count: number;
  start_ms: number;
  end_ms: number;
  /** Services to draw from, uniformly; "all" or absent means a realistic mix of every service. */
  services?: string[];
  /** Default 1. */
  seed?: number;
  /** Every `every` events, `length` consecutive events share one millisecond (paging across equal timestamps). */
  equal_timestamp_runs?: { every: number; length: number };
}

/** What one event is built from: the moment it happens and the tenant it happens in. */
interface Moment {
  rng: Random;
  world: World;
  ms: number;
  timestamp: string;
  /** Position in the generated sequence; makes ObjectIds unique within one call. */
  index: number;
}

type Builder = (m: Moment) => JumpCloudEvent;

/**
 * Realistic Directory Insights events, sorted by timestamp and spread over [start_ms, end_ms).
 * The same options always give the same events; shapes follow the per-service schema tables of the API docs.
 */
export function generateEvents(opts: GenerateOptions): JumpCloudEvent[] {
  const { org_id, count, start_ms, end_ms } = opts;
  if (!/^[0-9a-f]{24}$/.test(org_id)) throw new Error(`generateEvents: org_id must be 24 lowercase hex, got "${org_id}"`);
  if (!Number.isInteger(count) || count < 0) throw new Error(`generateEvents: count must be a non-negative integer`);
  if (!(end_ms > start_ms)) throw new Error(`generateEvents: end_ms must be after start_ms`);
  const runs = opts.equal_timestamp_runs;
  if (runs && !(Number.isInteger(runs.every) && Number.isInteger(runs.length) && runs.length >= 1 && runs.length <= runs.every)) {
    throw new Error('generateEvents: equal_timestamp_runs needs integers with 1 <= length <= every');
  }
  const rng = new Random(opts.seed ?? 1);
  const world = buildWorld(rng, org_id);
  const chooseBuilder = builderChooser(opts.services, builders());
  const step = (end_ms - start_ms) / count;
  const events = new Array<JumpCloudEvent>(count);
  let runMs = start_ms;
  for (let index = 0; index < count; index++) {
    // One random offset inside each slot keeps the sequence sorted without a sort.
    let ms = Math.min(end_ms - 1, start_ms + Math.floor((index + rng.float()) * step));
    if (runs && index % runs.every < runs.length) {
      if (index % runs.every === 0) runMs = ms;
      else ms = runMs;
    }
    const moment: Moment = { rng, world, ms, timestamp: new Date(ms).toISOString(), index };
    events[index] = chooseBuilder(rng)(moment);
  }
  return events;
}

/** Relative volumes of a typical tenant: directory and device logins dominate, niche services trickle. */
const DEFAULT_MIX: ReadonlyArray<[string, number]> = [
  ['directory', 25],
  ['systems', 20],
  ['sso', 15],
  ['ldap', 10],
  ['radius', 6],
  ['mdm', 6],
  ['software', 5],
  ['password_manager', 4],
  ['alerts', 3],
  ['access_management', 1],
  ['asset_management', 1],
  ['notifications', 1],
  ['object_storage', 1],
  ['reports', 1],
  ['saas_app_management', 1],
  ['workflows', 1],
];

function builderChooser(services: string[] | undefined, byService: Record<string, Builder>): (rng: Random) => Builder {
  for (const s of services ?? []) {
    if (!isServiceName(s)) throw new Error(`generateEvents: unknown service "${s}"`);
  }
  if (!services || services.length === 0 || services.includes('all')) {
    const weighted = DEFAULT_MIX.flatMap(([service, weight]) => new Array<Builder>(weight).fill(byService[service]));
    return (rng) => rng.pick(weighted);
  }
  const chosen = services.map((s) => byService[s]);
  return (rng) => rng.pick(chosen);
}

// ---- shared pieces -------------------------------------------------------------------------------------
// Builders write each event as one object literal: spreading several objects into a literal is an order of
// magnitude slower in V8, and the generator must produce a million events in seconds.

/** A MongoDB ObjectId as JumpCloud mints them: creation seconds, then random bytes, then a counter. */
function eventObjectId(m: Moment): string {
  const seconds = Math.floor(m.ms / 1000).toString(16).padStart(8, '0');
  return seconds + m.rng.hex(10) + (m.index & 0xffffff).toString(16).padStart(6, '0');
}

interface Origin {
  client_ip: string;
  geoip: Place['geoip'];
}

/** Where a request came from: mostly the actor's usual address, sometimes travel or a VPN. */
function origin(m: Moment, actor: { home: Place; home_ip: string }): Origin {
  if (m.rng.chance(0.85)) return { client_ip: actor.home_ip, geoip: { ...actor.home.geoip } };
  return { client_ip: documentationIp(m.rng), geoip: { ...m.rng.pick(PLACES).geoip } };
}

function userAgent(m: Moment): Record<string, string> {
  return { ...m.rng.pick(USER_AGENTS) };
}

function byUser(user: User): Record<string, string> {
  return { id: user.id, type: 'user', username: user.username };
}

function byAdmin(admin: Admin): Record<string, string> {
  return { id: admin.id, type: 'admin', email: admin.email };
}

function bySystem(id: string): Record<string, string> {
  return { id, type: 'system' };
}

// ---- per service ---------------------------------------------------------------------------------------

const DIRECTORY_TYPES = [
  'admin_login_attempt',
  'user_login_attempt',
  'user_login_attempt',
  'user_update',
  'user_update',
  'user_create',
  'user_group_update',
  'association_change',
  'user_lockout',
];
const USER_ATTRIBUTES: ReadonlyArray<[string, string, string]> = [
  ['department', 'Sales', 'Engineering'],
  ['jobTitle', 'Analyst', 'Senior Analyst'],
  ['location', 'Remote', 'Berlin Office'],
  ['suspended', 'false', 'true'],
];

function directory(m: Moment): JumpCloudEvent {
  const { rng, world } = m;
  const event_type = rng.pick(DIRECTORY_TYPES);
  const user = rng.pick(world.users);
  const admin = rng.pick(world.admins);
  const group = rng.pick(world.groups);
  const isLogin = event_type === 'admin_login_attempt' || event_type === 'user_login_attempt';
  const byTheAdmin = event_type !== 'user_login_attempt' && event_type !== 'user_lockout';
  const where = origin(m, byTheAdmin ? admin : user);
  const success = !isLogin || rng.chance(0.92);
  const event: JumpCloudEvent = {
    id: eventObjectId(m),
    event_type,
    service: 'directory',
    timestamp: m.timestamp,
    organization: world.org_id,
    initiated_by: event_type === 'user_lockout' ? bySystem(world.org_id) : byTheAdmin ? byAdmin(admin) : byUser(user),
    resource: event_type === 'admin_login_attempt'
      ? { type: 'admin', id: admin.id, email: admin.email }
      : event_type.startsWith('user_group') || event_type === 'association_change'
        ? { type: 'user_group', id: group.id, name: group.name }
        : { type: 'user', id: user.id, username: user.username },
    client_ip: where.client_ip,
    geoip: where.geoip,
    useragent: userAgent(m),
    auth_method: event_type === 'admin_login_attempt' ? 'session' : isLogin ? 'password' : rng.pick(['session', 'api-key']),
    success,
    provider: null,
    '@version': '1',
  };
  if (isLogin) {
    event.mfa = rng.chance(0.8);
    if (event.mfa) event.mfa_meta = { type: rng.pick(['totp', 'webauthn', 'jumpcloud_protect']) };
    if (!success) event.error_message = 'Authentication failed: invalid credentials';
  } else if (event_type === 'user_create') {
    event.changes = [
      { field: 'username', to: user.username },
      { field: 'email', to: user.email },
    ];
  } else if (event_type === 'user_update') {
    const [field, from, to] = rng.pick(USER_ATTRIBUTES);
    event.changes = [{ field, from, to }];
  } else if (event_type === 'user_group_update') {
    event.changes = [{ field: 'description', from: `${group.name} team`, to: `${group.name} (all staff)` }];
  } else if (event_type === 'association_change') {
    event.association = {
      op: rng.pick(['add', 'remove']),
      connection: { from: { type: 'user', object_id: user.id }, to: { type: 'user_group', object_id: group.id } },
    };
  }
  return event;
}

function sso(m: Moment): JumpCloudEvent {
  const { rng, world } = m;
  const user = rng.pick(world.users);
  const app = rng.pick(world.applications);
  const where = origin(m, user);
  const success = rng.chance(0.95);
  const event: JumpCloudEvent = {
    id: rng.uuid(),
    event_type: 'sso_auth',
    service: 'sso',
    timestamp: m.timestamp,
    organization: world.org_id,
    initiated_by: byUser(user),
    application: { display_label: app.display_label, id: app.id, name: app.name, sso_url: app.sso_url },
    client_ip: where.client_ip,
    geoip: where.geoip,
    useragent: userAgent(m),
    idp_initiated: rng.chance(0.3),
    sso_token_success: success,
    success,
    provider: null,
    '@version': '1',
  };
  if (!success) event.error_message = 'user is not authorized for this application';
  return event;
}

function radius(m: Moment): JumpCloudEvent {
  const { rng, world } = m;
  const user = rng.pick(world.users);
  const where = origin(m, user);
  const eap = rng.chance(0.6);
  const eap_type = eap ? rng.pick(['PEAP', 'EAP-TTLS']) : '';
  const mfa = rng.chance(0.5);
  const success = rng.chance(0.9);
  const event: JumpCloudEvent = {
    id: rng.uuid().toUpperCase(),
    event_type: 'radius_auth',
    service: 'radius',
    timestamp: m.timestamp,
    organization: world.org_id,
    username: user.username,
    initiated_by: { type: 'user', username: user.username },
    client_ip: where.client_ip,
    geoip: where.geoip,
    auth_type: eap ? 'eap' : 'pap',
    eap_type,
    nas_mfa_state: mfa ? 'ENABLED' : 'DISABLED',
    mfa,
    outer: { eap_type, username: eap ? 'anonymous' : '', error_message: '' },
    error_message: success ? '' : 'Invalid credentials',
    success,
    provider: null,
    '@version': '1',
  };
  if (mfa) event.mfa_meta = { type: 'jumpcloud_protect' };
  return event;
}

const SYSTEM_TYPES = ['login_attempt', 'login_attempt', 'login_attempt', 'user_login', 'user_login', 'user_lockout', 'remote_session_start', 'system_fde_key_update'];
const LOGIN_PROCESS = { macos: 'loginwindow', windows: 'winlogon.exe', linux: 'sshd' } as const;

function systems(m: Moment): JumpCloudEvent {
  const { rng, world } = m;
  const system = rng.pick(world.systems);
  const user = system.owner;
  const event_type = rng.pick(SYSTEM_TYPES);
  const success = event_type !== 'login_attempt' || rng.chance(0.85);
  const remote = event_type === 'remote_session_start' || system.os === 'linux';
  const keyUpdate = event_type === 'system_fde_key_update';
  const event: JumpCloudEvent = {
    id: eventObjectId(m),
    event_type,
    service: 'systems',
    timestamp: m.timestamp,
    organization: world.org_id,
    system_timestamp: deviceLocalTime(m.ms, user.home.utc_offset_min),
    system: { id: system.id, hostname: system.hostname, displayName: system.displayName },
    initiated_by: bySystem(system.id),
    message: keyUpdate
      ? 'Full disk encryption recovery key updated'
      : event_type === 'user_lockout'
        ? `User ${user.username} locked out after failed login attempts`
        : `${success ? 'Successful' : 'Failed'} login for ${user.username}`,
    client_ip: user.home_ip,
    success,
    provider: null,
    '@version': '1',
  };
  if (!keyUpdate) {
    event.username = user.username;
    event.process_name = LOGIN_PROCESS[system.os];
  }
  if (remote) event.src_ip = documentationIp(rng);
  if (system.os === 'windows') event.windows_meta = { elevated: rng.chance(0.1), logon_type: remote ? 10 : 2 };
  return event;
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** 32 random bytes in base64, the shape of LDAP connection ids. */
function connectionId(rng: Random): string {
  let out = '';
  for (let i = 0; i < 42; i++) out += BASE64[rng.int(64)];
  // 256 bits are 42 full sextets and 4 bits more: the last character's two low bits are always zero.
  return `${out}${BASE64[rng.int(16) * 4]}=`;
}

/**
 * LDAP rows have no id; their identity is connection_id + operation_number. A connection binds once and then
 * searches a few times, so consecutive LDAP events share a connection as in a real directory client.
 */
function ldapBuilder(): Builder {
  let connection: { id: string; op: number; ip: string; user: User } | undefined;
  return (m) => {
    const { rng, world } = m;
    if (!connection || rng.chance(0.35)) {
      connection = { id: connectionId(rng), op: 0, ip: documentationIp(rng), user: rng.pick(world.users) };
    }
    const { user } = connection;
    connection.op += 1;
    const bind = connection.op === 1;
    const success = !bind || rng.chance(0.93);
    const suffix = `o=${world.org_id},dc=jumpcloud,dc=com`;
    const event: JumpCloudEvent = {
      event_type: bind ? 'ldap_bind' : 'ldap_search',
      service: 'ldap',
      timestamp: m.timestamp,
      organization: world.org_id,
      connection_id: connection.id,
      operation_number: connection.op,
      username: user.username,
      initiated_by: { type: 'user', username: user.username },
      client_ip: connection.ip,
      start_tls: false,
      tls_established: true,
      error_code: success ? 0 : 49,
      error_message: success ? '' : 'Invalid credentials',
      success,
      provider: null,
      '@version': '1',
    };
    if (bind) {
      event.dn = `uid=${user.username},ou=Users,${suffix}`;
      event.auth_method = 'simple';
      event.mech = 'SIMPLE';
    } else {
      event.base = `ou=Users,${suffix}`;
      event.scope = rng.pick(['sub', 'one']);
      event.deref = 'never';
      event.filter = `(&(objectClass=inetOrgPerson)(uid=${rng.pick(world.users).username}))`;
      event.attr = ['uid', 'mail', 'memberOf'];
      event.number_of_results = 1;
    }
    return event;
  };
}

const MDM_TYPES = ['mdm_command_result', 'mdm_command_result', 'mdm_command_result', 'device_enrollment', 'configuration_file_download'];
const MDM_REQUESTS = ['DeviceInformation', 'InstallProfile', 'InstalledApplicationList', 'SecurityInfo', 'DeviceLock'];

function mdm(m: Moment): JumpCloudEvent {
  const { rng, world } = m;
  const system = rng.pick(world.managed_devices);
  const success = rng.chance(0.9);
  const request_type = rng.pick(MDM_REQUESTS);
  const isWindows = system.os === 'windows';
  const event: JumpCloudEvent = {
    id: eventObjectId(m),
    event_type: rng.pick(MDM_TYPES),
    service: 'mdm',
    // MDM is the one service whose timestamps carry nanoseconds.
    timestamp: `${m.timestamp.slice(0, -1)}${rng.int(1_000_000).toString().padStart(6, '0')}Z`,
    organization: world.org_id,
    mdm_type: isWindows ? 'windows' : 'apple',
    device_object_id: system.id,
    device_manager_object_id: world.mdm_manager_id,
    initiated_by: bySystem(system.id),
    command_uuid: rng.uuid().toUpperCase(),
    request_type,
    command: request_type,
    status: success ? 'Acknowledged' : rng.pick(['Error', 'NotNow']),
    error_chain: success ? [] : [{ error_code: 12021, error_domain: 'MCMDMErrorDomain', localized_description: 'The device is busy' }],
    result: success ? 'success' : 'failure',
    geoip: { ...system.owner.home.geoip },
    success,
    provider: null,
    '@version': '1',
  };
  if (isWindows) event.windows_device_uuid = system.windows_uuid;
  return event;
}

const PASSWORD_MANAGER_TYPES = [
  'passwordmanager_item_create',
  'passwordmanager_item_update',
  'passwordmanager_item_view',
  'passwordmanager_item_copy_password',
  'passwordmanager_item_delete',
  'passwordmanager_folder_share',
];
const VAULT_ITEMS = ['AWS root', 'Wi-Fi', 'Payroll portal', 'VPN'];

function passwordManager(m: Moment): JumpCloudEvent {
  const { rng, world } = m;
  const user = rng.pick(world.users);
  const event_type = rng.pick(PASSWORD_MANAGER_TYPES);
  const where = origin(m, user);
  const event: JumpCloudEvent = {
    id: rng.uuid(),
    event_type,
    service: 'password_manager',
    timestamp: m.timestamp,
    organization: world.org_id,
    initiated_by: { id: user.id, type: 'user', email: user.email },
    resource: { type: event_type.includes('folder') ? 'folder' : 'item', id: rng.uuid(), name: rng.pick(VAULT_ITEMS) },
    client_ip: where.client_ip,
    geoip: where.geoip,
    user_agent: userAgent(m),
    success: true,
    provider: null,
    '@version': '1',
  };
  if (event_type === 'passwordmanager_item_update') event.changes = [{ field: 'password', from: '[redacted]', to: '[redacted]' }];
  return event;
}

const SOFTWARE = [
  { name: 'Google Chrome', publisher: 'Google LLC', versions: ['123.0.6312.122', '124.0.6367.119'] },
  { name: 'Slack', publisher: 'Slack Technologies', versions: ['4.37.94', '4.38.115'] },
  { name: 'Zoom', publisher: 'Zoom Video Communications', versions: ['5.17.11', '6.0.2'] },
  { name: 'Visual Studio Code', publisher: 'Microsoft Corporation', versions: ['1.88.1', '1.89.0'] },
];

function software(m: Moment): JumpCloudEvent {
  const { rng, world } = m;
  const system = rng.pick(world.systems);
  const app = rng.pick(SOFTWARE);
  const event_type = rng.pick(['software_add', 'software_change', 'software_remove']);
  const windows = system.os === 'windows';
  const path = windows
    ? `C:\\Program Files\\${app.name}`
    : system.os === 'macos'
      ? `/Applications/${app.name}.app`
      : `/usr/share/${app.name.toLowerCase().replace(/ /g, '-')}`;
  const event: JumpCloudEvent = {
    id: eventObjectId(m),
    event_type,
    service: 'software',
    timestamp: m.timestamp,
    organization: world.org_id,
    system: { id: system.id, type: 'system' },
    application: {
      name: app.name,
      version: app.versions[1],
      path,
      publisher: app.publisher,
      uninstall_string: windows ? `"${path}\\uninstall.exe" /S` : '',
    },
    resource: { type: 'software', id: objectId(rng) },
    app_management_source: 'system_insights',
    success: true,
    provider: null,
    '@version': '1',
  };
  if (event_type === 'software_change') event.changes = [{ field: 'version', from: app.versions[0], to: app.versions[1] }];
  return event;
}

const ALERT_TYPES = ['alert_created', 'alert_created', 'alert_updated', 'alert_status_updated', 'rule_created', 'rule_modified', 'rule_deleted'];

function alerts(m: Moment): JumpCloudEvent {
  const { rng, world } = m;
  const event_type = rng.pick(ALERT_TYPES);
  const user = rng.pick(world.users);
  const admin = rng.pick(world.admins);
  const isRule = event_type.startsWith('rule_');
  const where = origin(m, isRule ? admin : user);
  const event: JumpCloudEvent = {
    id: eventObjectId(m),
    event_type,
    service: 'alerts',
    timestamp: m.timestamp,
    organization: world.org_id,
    category: rng.pick(['identity', 'device', 'access']),
    severity: rng.pick(['low', 'medium', 'high', 'critical']),
    message: isRule ? 'Alert rule changed' : `Repeated failed logins for ${user.username}`,
    username: user.username,
    correlation: { id: objectId(rng), type: isRule ? 'rule' : 'alert' },
    resource: { id: objectId(rng), context: 'user', source_id: user.id, source_type: 'user', reference_id: objectId(rng) },
    initiated_by: isRule ? byAdmin(admin) : bySystem(world.org_id),
    client_ip: where.client_ip,
    geoip: where.geoip,
    success: true,
    provider: null,
    '@version': '1',
  };
  if (event_type === 'alert_status_updated') event.changes = [{ field: 'status', from: 'open', to: rng.pick(['acknowledged', 'resolved']) }];
  return event;
}

/** The services whose schema tables are short: an actor acting on one resource. */
function simple(service: string, types: string[], resource: string, agentKey: 'useragent' | 'user_agent'): Builder {
  return (m) => {
    const { rng, world } = m;
    const user = rng.pick(world.users);
    const where = origin(m, user);
    const event: JumpCloudEvent = {
      id: eventObjectId(m),
      event_type: rng.pick(types),
      service,
      timestamp: m.timestamp,
      organization: world.org_id,
      initiated_by: byUser(user),
      resource: { type: resource, id: objectId(rng) },
      client_ip: where.client_ip,
      geoip: where.geoip,
      success: rng.chance(0.97),
      provider: null,
      '@version': '1',
    };
    event[agentKey] = userAgent(m);
    return event;
  };
}

/** Fresh per call: the LDAP builder carries connection state that must not leak between calls. */
function builders(): Record<string, Builder> {
  return {
    directory,
    sso,
    radius,
    systems,
    ldap: ldapBuilder(),
    mdm,
    password_manager: passwordManager,
    software,
    alerts,
    notifications: simple('notifications', ['notification_sent', 'notification_failed'], 'notification', 'useragent'),
    object_storage: simple('object_storage', ['object_storage_upload', 'object_storage_download', 'object_storage_delete'], 'object', 'useragent'),
    saas_app_management: simple('saas_app_management', ['saas_app_discovered', 'saas_app_status_update'], 'saas_application', 'useragent'),
    access_management: simple('access_management', ['access_request_create', 'access_request_approve', 'access_request_deny'], 'access_request', 'user_agent'),
    asset_management: simple('asset_management', ['asset_create', 'asset_update', 'asset_assign'], 'asset', 'useragent'),
    reports: simple('reports', ['report_create', 'report_download'], 'report', 'user_agent'),
    workflows: simple('workflows', ['workflow_run_start', 'workflow_run_complete', 'workflow_update'], 'workflow', 'useragent'),
  };
}

function deviceLocalTime(ms: number, offsetMin: number): string {
  const local = new Date(ms + offsetMin * 60_000).toISOString().slice(0, 19);
  const sign = offsetMin < 0 ? '-' : '+';
  const abs = Math.abs(offsetMin);
  return `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
