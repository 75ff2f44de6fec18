import {
  ADMIN_RIGHTS_CHANGED,
  COMMON_FIELDS,
  CONFIG_CHANGED,
  CONFIG_CREATED,
  CONFIG_DELETED,
  GROUP_CHANGED,
  GROUP_CREATED,
  GROUP_DELETED,
  IAM_INFO,
  LOGIN,
  SYSTEM_HOST_FIELDS,
  USER_CHANGED,
  USER_CREATED,
  USER_DELETED,
  USER_INFO,
} from './common';
import type { Categorization, ServiceMapping } from './types';

/**
 * MTP partner (PSA) integrations: <partner>_<object>_create|update|delete and <partner>_settings_update,
 * for ConnectWise, Autotask and Syncro. Expanded once at module load.
 */
function partnerIntegrationEvents(): Record<string, Categorization> {
  const byVerb: Record<string, Categorization> = { create: CONFIG_CREATED, update: CONFIG_CHANGED, delete: CONFIG_DELETED };
  const table: Record<string, Categorization> = {};
  for (const partner of ['connectwise', 'autotask', 'syncro']) {
    for (const object of ['integration', 'billing_mapping', 'company_mapping']) {
      for (const [verb, categorization] of Object.entries(byVerb)) table[`${partner}_${object}_${verb}`] = categorization;
    }
    table[`${partner}_settings_update`] = CONFIG_CHANGED;
  }
  return table;
}

/**
 * Admin Portal and User Portal activity, including the multi-tenant (MTP) portal. Event types from
 * JumpCloud's Directory Insights API reference, "Directory - ..." event tables.
 */
export const directory: ServiceMapping = {
  categories: {
    admin_login_attempt: LOGIN,
    user_login_attempt: LOGIN,

    admin_create: USER_CREATED,
    admin_delete: USER_DELETED,
    admin_update: USER_CHANGED,
    admin_lockout: USER_CHANGED,
    admin_suspended: USER_CHANGED,
    admin_unsuspend: USER_CHANGED,
    admin_password_change: USER_CHANGED,
    admin_password_reset_request: USER_INFO,
    admin_totp_start_enrollment: USER_CHANGED,
    admin_totp_finish_enrollment: USER_CHANGED,
    admin_totp_disable: USER_CHANGED,
    totp_start_enrollment: USER_CHANGED,
    totp_finish_enrollment: USER_CHANGED,
    totp_delete_enrollment: USER_CHANGED,
    user_create: USER_CREATED,
    user_create_provision: USER_CREATED,
    user_delete: USER_DELETED,
    user_delete_provision: USER_DELETED,
    user_update: USER_CHANGED,
    user_update_provision: USER_CHANGED,
    user_lockout: USER_CHANGED,
    user_unlocked: USER_CHANGED,
    user_suspended: USER_CHANGED,
    user_unsuspended: USER_CHANGED,
    user_activated: USER_CHANGED,
    user_password_set: USER_CHANGED,
    user_password_change: USER_CHANGED,
    user_password_expired: USER_CHANGED,
    user_mfa_exclusion_expired: USER_CHANGED,
    user_password_reset_request: USER_INFO,
    user_password_warning_email: USER_INFO,
    user_activation_email: USER_INFO,
    user_admin_granted: ADMIN_RIGHTS_CHANGED,
    user_admin_revoked: ADMIN_RIGHTS_CHANGED,
    user_activation_schedule_create: CONFIG_CREATED,
    user_activation_schedule_delete: CONFIG_DELETED,
    user_suspension_schedule_create: CONFIG_CREATED,
    user_suspension_schedule_delete: CONFIG_DELETED,

    group_create: GROUP_CREATED,
    group_update: GROUP_CHANGED,
    group_delete: GROUP_DELETED,
    association_change: GROUP_CHANGED,
    user_group_admin_grant: { category: ['iam'], type: ['group', 'admin', 'change'] },
    user_group_admin_revoke: { category: ['iam'], type: ['group', 'admin', 'change'] },

    application_create: CONFIG_CREATED,
    application_update: CONFIG_CHANGED,
    application_delete: CONFIG_DELETED,
    system_create: CONFIG_CREATED,
    system_update: CONFIG_CHANGED,
    system_delete: CONFIG_DELETED,
    organization_create: CONFIG_CREATED,
    organization_update: CONFIG_CHANGED,
    provider_update: CONFIG_CHANGED,
    radiusserver_create: CONFIG_CREATED,
    radiusserver_update: CONFIG_CHANGED,
    radiusserver_delete: CONFIG_DELETED,
    integrationattribute_include: CONFIG_CREATED,
    integrationattribute_exclude: CONFIG_DELETED,
    notification_delete: CONFIG_DELETED,
    policy_create: CONFIG_CREATED,
    policy_update: CONFIG_CHANGED,
    policy_delete: CONFIG_DELETED,
    authnpolicy_create: CONFIG_CREATED,
    authpolicy_update: CONFIG_CHANGED,
    authnpolicy_update: CONFIG_CHANGED,
    authnpolicy_delete: CONFIG_DELETED,
    iplist_create: CONFIG_CREATED,
    iplist_update: CONFIG_CHANGED,
    iplist_delete: CONFIG_DELETED,
    command_create: CONFIG_CREATED,
    command_update: CONFIG_CHANGED,
    command_delete: CONFIG_DELETED,
    commandresult_delete: CONFIG_DELETED,
    command_run: { category: ['process'], type: ['start'] },
    file_create: { category: ['file'], type: ['creation'] },
    file_update: { category: ['file'], type: ['change'] },
    file_delete: { category: ['file'], type: ['deletion'] },
    invoice_download: { category: ['file'], type: ['access'] },
    mtp_download_invoice: { category: ['file'], type: ['access'] },

    activedirectory_create: CONFIG_CREATED,
    activedirectory_delete: CONFIG_DELETED,
    idsource_create: CONFIG_CREATED,
    idsource_update: CONFIG_CHANGED,
    idsource_delete: CONFIG_DELETED,
    sambadomain_create: CONFIG_CREATED,
    sambadomain_update: CONFIG_CHANGED,
    sambadomain_delete: CONFIG_DELETED,
    workday_create: CONFIG_CREATED,
    workday_update: CONFIG_CHANGED,
    workday_delete: CONFIG_DELETED,
    gsuite_directory_create: CONFIG_CREATED,
    gsuite_directory_update: CONFIG_CHANGED,
    gsuite_directory_delete: CONFIG_DELETED,
    o365_directory_create: CONFIG_CREATED,
    o365_directory_update: CONFIG_CHANGED,
    o365_directory_delete: CONFIG_DELETED,
    integration_activate: CONFIG_CHANGED,
    integration_deactivate: CONFIG_CHANGED,
    integration_domain_add: CONFIG_CREATED,
    integration_domain_delete: CONFIG_DELETED,
    integration_default_domain_add: CONFIG_CREATED,
    integration_default_domain_update: CONFIG_CHANGED,
    integration_default_domain_delete: CONFIG_DELETED,
    msp_ticket_create: CONFIG_CREATED,
    ...partnerIntegrationEvents(),

    // Unlisted directory events are mostly admin actions on directory objects.
    '*': IAM_INFO,
  },
  fields: [
    ...COMMON_FIELDS,
    { from: 'application.id', to: 'jumpcloud.application.id' },
    { from: 'application.name', to: 'jumpcloud.application.name' },
    { from: 'application.display_label', to: 'jumpcloud.application.display_label' },
    ...SYSTEM_HOST_FIELDS,
  ],
};
