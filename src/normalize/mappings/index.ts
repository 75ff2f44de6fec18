import { alerts } from './alerts';
import { directory } from './directory';
import { generic } from './generic';
import { ldap } from './ldap';
import { mdm } from './mdm';
import { password_manager } from './password_manager';
import { radius } from './radius';
import { software } from './software';
import { sso } from './sso';
import { systems } from './systems';
import type { ServiceMapping } from './types';

/**
 * Service name (the event's `service`) → its mapping table. A service not listed here, including
 * one JumpCloud adds later, uses `generic` too.
 */
export const SERVICE_MAPPINGS: Readonly<Record<string, ServiceMapping>> = {
  directory,
  sso,
  radius,
  systems,
  ldap,
  mdm,
  password_manager,
  software,
  alerts,
  // The API's prose calls the service "alert"; accept both spellings.
  alert: alerts,
  notifications: generic,
  object_storage: generic,
  saas_app_management: generic,
  access_management: generic,
  asset_management: generic,
  reports: generic,
  workflows: generic,
};

export { generic as GENERIC_MAPPING };
export type { ServiceMapping } from './types';
