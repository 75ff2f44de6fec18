import { COMMON_FIELDS, IAM_INFO, LOGIN } from './common';
import type { ServiceMapping } from './types';

/** Binds and searches against JumpCloud LDAP. These events carry no id (see event-id.ts). */
export const ldap: ServiceMapping = {
  categories: {
    ldap_bind: LOGIN,
    ldap_search: IAM_INFO,
    '*': IAM_INFO,
  },
  fields: [
    { from: 'username', to: 'user.name' },
    ...COMMON_FIELDS,
    { from: 'tls_established', to: 'tls.established', as: 'boolean' },
    { from: 'connection_id', to: 'jumpcloud.ldap.connection_id' },
    { from: 'operation_number', to: 'jumpcloud.ldap.operation_number', as: 'count' },
    { from: 'dn', to: 'jumpcloud.ldap.dn' },
    { from: 'mech', to: 'jumpcloud.ldap.mech' },
    { from: 'start_tls', to: 'jumpcloud.ldap.start_tls', as: 'boolean' },
    // LDAP result code: 0 is success, 49 invalid credentials, ... (RFC 4511 §4.1.9).
    { from: 'error_code', to: 'jumpcloud.ldap.error_code', as: 'integer' },
    { from: 'oid', to: 'jumpcloud.ldap.oid' },
    { from: 'base', to: 'jumpcloud.ldap.base' },
    { from: 'scope', to: 'jumpcloud.ldap.scope', as: 'integer' },
    { from: 'deref', to: 'jumpcloud.ldap.deref', as: 'integer' },
    { from: 'filter', to: 'jumpcloud.ldap.filter' },
    { from: 'attr', to: 'jumpcloud.ldap.attr' },
    { from: 'number_of_results', to: 'jumpcloud.ldap.number_of_results', as: 'count' },
  ],
};
