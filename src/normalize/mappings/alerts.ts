import { COMMON_FIELDS, CONFIG_CHANGED, CONFIG_CREATED, CONFIG_DELETED } from './common';
import type { ServiceMapping } from './types';

/** JumpCloud's own alerting: alerts raised on directory activity, and changes to alert rules. */
export const alerts: ServiceMapping = {
  categories: {
    alert_created: { category: ['threat'], type: ['info'], kind: 'alert' },
    alert_updated: { category: ['threat'], type: ['change'], kind: 'alert' },
    alert_status_updated: { category: ['threat'], type: ['change'], kind: 'alert' },
    rule_created: CONFIG_CREATED,
    rule_modified: CONFIG_CHANGED,
    rule_deleted: CONFIG_DELETED,
    '*': { category: ['threat'], type: ['info'] },
  },
  fields: [
    // The user the alert is about.
    { from: 'username', to: 'user.name' },
    ...COMMON_FIELDS,
    { from: 'severity', to: 'event.severity', as: 'severity' },
    { from: 'severity', to: 'jumpcloud.alert.severity' },
    // JumpCloud documents correlation.id as the id of the rule that raised the alert.
    { from: 'correlation.id', to: 'rule.id' },
    { from: 'category', to: 'rule.category' },
    { from: 'resource.source_type', to: 'jumpcloud.alert.source_type' },
    { from: 'resource.source_id', to: 'jumpcloud.alert.source_id' },
  ],
};
