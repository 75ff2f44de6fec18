import {
  COMMON_FIELDS,
  CONFIG_CHANGED,
  CONFIG_CREATED,
  CONFIG_DELETED,
  HOST_CHANGED,
  HOST_INFO,
  SYSTEM_HOST_FIELDS,
  USER_CHANGED,
} from './common';
import type { Categorization, ServiceMapping } from './types';

const SYSTEM_LOGIN: Categorization = { category: ['authentication', 'session'], type: ['start'] };

/** Activity on managed devices reported by the JumpCloud agent, and remote-assist sessions. */
export const systems: ServiceMapping = {
  categories: {
    login_attempt: SYSTEM_LOGIN,
    user_login: SYSTEM_LOGIN,
    user_lockout: USER_CHANGED,
    user_password_change: USER_CHANGED,
    system_fde_key_update: { category: ['host', 'configuration'], type: ['change'] },
    system_fde_key_decrypt: { category: ['host'], type: ['access'] },
    os_minor_upgrade: HOST_CHANGED,
    os_major_upgrade: HOST_CHANGED,
    os_minor_rollback: HOST_CHANGED,
    os_major_rollback: HOST_CHANGED,
    remote_session_start: { category: ['session'], type: ['start'] },
    remote_session_join: { category: ['session'], type: ['start'] },
    remote_session_end: { category: ['session'], type: ['end'] },
    remote_session_feedback: { category: ['session'], type: ['info'] },
    google_emm_create: CONFIG_CREATED,
    google_emm_patch: CONFIG_CHANGED,
    google_emm_delete: CONFIG_DELETED,
    device_command: HOST_CHANGED,
    '*': HOST_INFO,
  },
  fields: [
    // The account logging in to the device, not the agent's identity.
    { from: 'username', to: 'user.name' },
    ...COMMON_FIELDS,
    // client_ip (in COMMON_FIELDS) is preferred; src_ip is the fallback.
    { from: 'src_ip', to: 'source.ip', as: 'ip' },
    ...SYSTEM_HOST_FIELDS,
    { from: 'process_name', to: 'process.name' },
    { from: 'system_timestamp', to: 'jumpcloud.system.local_timestamp' },
    { from: 'windows_meta.logon_type', to: 'jumpcloud.system.windows_logon_type' },
    { from: 'windows_meta.elevated', to: 'jumpcloud.system.windows_elevated', as: 'boolean' },
  ],
};
