import type { Categorization, FieldRule } from './types';

/*
 * Building blocks shared by the service tables: the categorizations that recur across services and
 * the fields every Directory Insights event may carry.
 */

export const LOGIN: Categorization = { category: ['authentication'], type: ['start'] };
export const AUTHENTICATION_INFO: Categorization = { category: ['authentication'], type: ['info'] };

export const USER_CREATED: Categorization = { category: ['iam'], type: ['user', 'creation'] };
export const USER_CHANGED: Categorization = { category: ['iam'], type: ['user', 'change'] };
export const USER_DELETED: Categorization = { category: ['iam'], type: ['user', 'deletion'] };
export const USER_INFO: Categorization = { category: ['iam'], type: ['user', 'info'] };
export const ADMIN_RIGHTS_CHANGED: Categorization = { category: ['iam'], type: ['user', 'admin', 'change'] };

export const GROUP_CREATED: Categorization = { category: ['iam'], type: ['group', 'creation'] };
export const GROUP_CHANGED: Categorization = { category: ['iam'], type: ['group', 'change'] };
export const GROUP_DELETED: Categorization = { category: ['iam'], type: ['group', 'deletion'] };
export const IAM_CHANGED: Categorization = { category: ['iam'], type: ['change'] };
export const IAM_INFO: Categorization = { category: ['iam'], type: ['info'] };

export const CONFIG_CREATED: Categorization = { category: ['configuration'], type: ['creation'] };
export const CONFIG_CHANGED: Categorization = { category: ['configuration'], type: ['change'] };
export const CONFIG_DELETED: Categorization = { category: ['configuration'], type: ['deletion'] };
export const CONFIG_ACCESSED: Categorization = { category: ['configuration'], type: ['access'] };
export const CONFIG_INFO: Categorization = { category: ['configuration'], type: ['info'] };

export const HOST_CHANGED: Categorization = { category: ['host'], type: ['change'] };
export const HOST_INFO: Categorization = { category: ['host'], type: ['info'] };

/** The same rules for `useragent` (most services) and `user_agent` (password_manager, reports, ...). */
function userAgentFields(from: 'useragent' | 'user_agent'): FieldRule[] {
  return [
    // Only a plain string is an original user agent; the parsed object has no such field.
    { from, to: 'user_agent.original' },
    { from: `${from}.name`, to: 'user_agent.name' },
    { from, to: 'user_agent.version', as: 'user_agent_version' },
    { from: `${from}.os_name`, to: 'user_agent.os.name' },
    { from: `${from}.os`, to: 'user_agent.os.name' },
    { from: `${from}.os_full`, to: 'user_agent.os.full' },
    { from: `${from}.os_version`, to: 'user_agent.os.version' },
    { from: `${from}.device`, to: 'user_agent.device.name' },
  ];
}

/**
 * Fields common to all services. A service table lists its preferred sources before these (they win)
 * and its fallbacks after them.
 */
export const COMMON_FIELDS: readonly FieldRule[] = [
  { from: 'client_ip', to: 'source.ip', as: 'ip' },
  { from: 'geoip.continent_code', to: 'source.geo.continent_code' },
  // Older events (and the API docs' example) spell it country_code2.
  { from: 'geoip.country_code', to: 'source.geo.country_iso_code' },
  { from: 'geoip.country_code2', to: 'source.geo.country_iso_code' },
  { from: 'geoip', to: 'source.geo.region_iso_code', as: 'region_iso_code' },
  { from: 'geoip.region_name', to: 'source.geo.region_name' },
  { from: 'geoip.timezone', to: 'source.geo.timezone' },
  { from: 'geoip', to: 'source.geo.location', as: 'geo_point' },
  ...userAgentFields('useragent'),
  ...userAgentFields('user_agent'),

  { from: 'initiated_by.username', to: 'user.name' },
  // Admins are identified by e-mail only; without a username the e-mail is the best user.name.
  { from: 'initiated_by.email', to: 'user.name' },
  { from: 'initiated_by.id', to: 'user.id' },
  { from: 'initiated_by.email', to: 'user.email' },
  { from: 'initiated_by.email', to: 'user.domain', as: 'email_domain' },
  { from: 'initiated_by.type', to: 'jumpcloud.initiated_by.type' },

  { from: 'resource.username', to: 'user.target.name' },
  { from: 'resource.email', to: 'user.target.email' },
  { from: 'resource.recipient_email', to: 'user.target.email' },
  { from: 'resource.type', to: 'jumpcloud.resource.type' },
  { from: 'resource.id', to: 'jumpcloud.resource.id' },
  { from: 'resource.name', to: 'jumpcloud.resource.name' },

  { from: 'success', to: 'event.outcome', as: 'outcome' },
  { from: 'organization', to: 'organization.id' },
  { from: 'message', to: 'message' },
  { from: 'error_message', to: 'error.message' },
  { from: 'result', to: 'jumpcloud.result' },
  { from: 'auth_method', to: 'jumpcloud.auth_method' },
  { from: 'mfa', to: 'jumpcloud.mfa', as: 'boolean' },
  { from: 'mfa_meta.type', to: 'jumpcloud.mfa_type' },
  { from: 'provider', to: 'jumpcloud.provider' },
];

/** The JumpCloud device an event is about (`system` in systems and some directory events). */
export const SYSTEM_HOST_FIELDS: readonly FieldRule[] = [
  { from: 'system.id', to: 'host.id' },
  // host.name is the hostname, as endpoint agents report it, so that records correlate; the
  // admin-chosen display name is the fallback.
  { from: 'system.hostname', to: 'host.name' },
  { from: 'system.displayName', to: 'host.name' },
  { from: 'system.hostname', to: 'host.hostname' },
  { from: 'system.displayName', to: 'jumpcloud.system.display_name' },
];
