import { AUTHENTICATION_INFO, COMMON_FIELDS, LOGIN } from './common';
import type { ServiceMapping } from './types';

/** User authentications to SAML/OIDC applications (JumpCloud documents only sso_auth). */
export const sso: ServiceMapping = {
  categories: {
    sso_auth: LOGIN,
    '*': AUTHENTICATION_INFO,
  },
  fields: [
    ...COMMON_FIELDS,
    // Newer SSO events report the token outcome separately; `success` (in COMMON_FIELDS) wins.
    { from: 'sso_token_success', to: 'event.outcome', as: 'outcome' },
    { from: 'application.id', to: 'jumpcloud.application.id' },
    { from: 'application.name', to: 'jumpcloud.application.name' },
    { from: 'application.display_label', to: 'jumpcloud.application.display_label' },
    { from: 'application.sso_url', to: 'jumpcloud.application.sso_url' },
    { from: 'idp_initiated', to: 'jumpcloud.sso.idp_initiated', as: 'boolean' },
  ],
};
