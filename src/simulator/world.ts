import type { Random } from './random';

/**
 * The cast of one generated organization: users, admins, devices, applications. Events draw their actors
 * from these pools so that the same user keeps the same id, home address and devices across events, as in a
 * real tenant (a detection rule keyed on the user would otherwise never fire twice).
 */
export interface World {
  org_id: string;
  users: User[];
  admins: Admin[];
  systems: Device[];
  /** The devices enrolled in MDM (JumpCloud MDM covers Apple and Windows, not Linux). */
  managed_devices: Device[];
  groups: Array<{ id: string; name: string }>;
  applications: Application[];
  mdm_manager_id: string;
}

export interface Place {
  geoip: {
    continent_code: string;
    country_code: string;
    region_code: string;
    region_name: string;
    timezone: string;
    latitude: number;
    longitude: number;
  };
  /** Fixed UTC offset of the place, for device-local timestamps. */
  utc_offset_min: number;
}

export interface User {
  id: string;
  username: string;
  email: string;
  first_name: string;
  home: Place;
  home_ip: string;
}

export interface Admin {
  id: string;
  email: string;
  home: Place;
  home_ip: string;
}

export type DeviceOs = 'macos' | 'windows' | 'linux';

export interface Device {
  id: string;
  hostname: string;
  displayName: string;
  os: DeviceOs;
  owner: User;
  windows_uuid: string;
}

export interface Application {
  id: string;
  name: string;
  display_label: string;
  sso_url: string;
}

export interface UserAgent {
  name: string;
  os: string;
  os_name: string;
  major: string;
  minor: string;
  patch: string;
  device: string;
  os_full: string;
  os_version: string;
  os_major: string;
  os_minor: string;
  version: string;
}

export const PLACES: readonly Place[] = [
  place('NA', 'US', 'CA', 'California', 'America/Los_Angeles', 37.7749, -122.4194, -480),
  place('NA', 'US', 'NY', 'New York', 'America/New_York', 40.7128, -74.006, -300),
  place('NA', 'US', 'TX', 'Texas', 'America/Chicago', 30.2672, -97.7431, -360),
  place('EU', 'GB', 'ENG', 'England', 'Europe/London', 51.5072, -0.1276, 0),
  place('EU', 'DE', 'BE', 'Berlin', 'Europe/Berlin', 52.52, 13.405, 60),
  place('AS', 'IN', 'MH', 'Maharashtra', 'Asia/Kolkata', 19.076, 72.8777, 330),
  place('OC', 'AU', 'SA', 'South Australia', 'Australia/Adelaide', -34.9285, 138.6007, 570),
  place('SA', 'BR', 'SP', 'Sao Paulo', 'America/Sao_Paulo', -23.5505, -46.6333, -180),
];

export const USER_AGENTS: readonly UserAgent[] = [
  agent('Chrome', 'Mac OS X', 'Mac', '124.0.6367.119', '14.4.1'),
  agent('Safari', 'Mac OS X', 'Mac', '17.4.1', '14.4.1'),
  agent('Firefox', 'Windows', 'Other', '125.0.3', '10'),
  agent('Edge', 'Windows', 'Other', '124.0.2478.80', '11'),
  agent('Chrome', 'Linux', 'Other', '124.0.6367.118', '6.5'),
  agent('Mobile Safari', 'iOS', 'iPhone', '17.4.1', '17.4.1'),
];

const FIRST_NAMES = ['Ada', 'Ben', 'Chloe', 'Dev', 'Elena', 'Farid', 'Grace', 'Hiro', 'Ines', 'Jonas', 'Kira', 'Liam'];
const LAST_NAMES = ['Nakamura', 'Okafor', 'Petrov', 'Quinn', 'Rossi', 'Singh', 'Tanaka', 'Usman'];
const GROUP_NAMES = ['Engineering', 'Sales', 'Finance', 'IT Admins', 'Contractors', 'Support'];
const APPLICATIONS: ReadonlyArray<[string, string]> = [
  ['slack', 'Slack'],
  ['salesforce', 'Salesforce'],
  ['github', 'GitHub Enterprise'],
  ['zoom', 'Zoom'],
  ['aws', 'AWS IAM Identity Center'],
  ['atlassian', 'Atlassian Cloud'],
];

/** TEST-NET address blocks (RFC 5737): realistic-looking and guaranteed never to belong to anyone. */
const DOC_NETS = ['192.0.2', '198.51.100', '203.0.113'];

export function documentationIp(rng: Random): string {
  return `${rng.pick(DOC_NETS)}.${1 + rng.int(254)}`;
}

export function objectId(rng: Random): string {
  return rng.hex(24);
}

export function buildWorld(rng: Random, org_id: string): World {
  const users: User[] = [];
  for (let i = 0; i < 40; i++) {
    const first = FIRST_NAMES[i % FIRST_NAMES.length];
    const last = LAST_NAMES[Math.floor(i / FIRST_NAMES.length) % LAST_NAMES.length];
    const username = `${first[0]}${last}`.toLowerCase();
    users.push({
      id: objectId(rng),
      username,
      email: `${first}.${last}@example.com`.toLowerCase(),
      first_name: first,
      home: rng.pick(PLACES),
      home_ip: documentationIp(rng),
    });
  }
  const admins: Admin[] = ['it-admin', 'secops', 'helpdesk'].map((name) => ({
    id: objectId(rng),
    email: `${name}@example.com`,
    home: rng.pick(PLACES),
    home_ip: documentationIp(rng),
  }));
  const systems = users.slice(0, 30).map((owner, i): Device => {
    const os: DeviceOs = i % 3 === 0 ? 'windows' : i % 5 === 1 ? 'linux' : 'macos';
    const model = os === 'macos' ? 'MacBook Pro' : os === 'windows' ? 'ThinkPad' : 'Workstation';
    return {
      id: objectId(rng),
      hostname: `${owner.username}-${os === 'macos' ? 'mbp' : os === 'windows' ? 'win' : 'ubuntu'}`,
      displayName: `${owner.first_name}'s ${model}`,
      os,
      owner,
      windows_uuid: rng.uuid().toUpperCase(),
    };
  });
  return {
    org_id,
    users,
    admins,
    systems,
    managed_devices: systems.filter((s) => s.os !== 'linux'),
    groups: GROUP_NAMES.map((name) => ({ id: objectId(rng), name })),
    applications: APPLICATIONS.map(([name, display_label]) => ({
      id: objectId(rng),
      name,
      display_label,
      sso_url: `https://sso.jumpcloud.com/saml2/${name}`,
    })),
    mdm_manager_id: objectId(rng),
  };
}

function place(
  continent_code: string,
  country_code: string,
  region_code: string,
  region_name: string,
  timezone: string,
  latitude: number,
  longitude: number,
  utc_offset_min: number,
): Place {
  return {
    geoip: { continent_code, country_code, region_code, region_name, timezone, latitude, longitude },
    utc_offset_min,
  };
}

function agent(name: string, os: string, device: string, version: string, osVersion: string): UserAgent {
  const [major, minor = '0', patch = '0'] = version.split('.');
  const [os_major, os_minor = '0'] = osVersion.split('.');
  return {
    name,
    os,
    os_name: os,
    major,
    minor,
    patch,
    device,
    os_full: `${os} ${osVersion}`,
    os_version: osVersion,
    os_major,
    os_minor,
    version,
  };
}
