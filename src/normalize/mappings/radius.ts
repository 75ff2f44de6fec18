import { COMMON_FIELDS } from './common';
import type { ServiceMapping } from './types';

/** User authentications to JumpCloud RADIUS (Wi-Fi, VPN). */
export const radius: ServiceMapping = {
  categories: {
    radius_auth: { category: ['authentication', 'network'], type: ['start'] },
    '*': { category: ['authentication', 'network'], type: ['info'] },
  },
  fields: [
    // The username the device presented is the user authenticating; initiated_by is secondary.
    { from: 'username', to: 'user.name' },
    ...COMMON_FIELDS,
    // With EAP the inner error is often empty and the reason is on the outer (tunnel) layer.
    { from: 'outer.error_message', to: 'error.message' },
    { from: 'auth_type', to: 'jumpcloud.radius.auth_type' },
    { from: 'eap_type', to: 'jumpcloud.radius.eap_type' },
    { from: 'outer.eap_type', to: 'jumpcloud.radius.outer_eap_type' },
    { from: 'outer.username', to: 'jumpcloud.radius.outer_username' },
    { from: 'nas_mfa_state', to: 'jumpcloud.radius.nas_mfa_state' },
  ],
};
