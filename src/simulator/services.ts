/** The `service` values the API accepts, "all" included (JumpCloud's own exporter list, a superset of the spec enum). */
export const SERVICE_NAMES = [
  'all',
  'access_management',
  'alerts',
  'asset_management',
  'directory',
  'ldap',
  'mdm',
  'notifications',
  'object_storage',
  'password_manager',
  'radius',
  'reports',
  'saas_app_management',
  'software',
  'sso',
  'systems',
  'workflows',
] as const;

export type ServiceName = (typeof SERVICE_NAMES)[number];

const KNOWN = new Set<string>(SERVICE_NAMES);

export function isServiceName(name: string): name is ServiceName {
  return KNOWN.has(name);
}
