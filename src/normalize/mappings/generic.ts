import { COMMON_FIELDS } from './common';
import type { ServiceMapping } from './types';

/**
 * The table for services without one of their own: notifications, object_storage,
 * saas_app_management, access_management, asset_management, reports, workflows and any service
 * JumpCloud adds later. Only event types documented by JumpCloud are categorized; the others carry
 * no event.category/type rather than a guessed one.
 */
export const generic: ServiceMapping = {
  categories: {
    object_storage_create: { category: ['file'], type: ['creation'] },
    object_storage_delete: { category: ['file'], type: ['deletion'] },
    object_storage_get_download_url_request: { category: ['file'], type: ['access'] },
    object_storage_upload_validation_result: { category: ['file'], type: ['info'] },
  },
  fields: [
    ...COMMON_FIELDS,
    { from: 'application.id', to: 'jumpcloud.application.id' },
    { from: 'application.name', to: 'jumpcloud.application.name' },
    { from: 'system_object_id', to: 'host.id' },
    { from: 'object_storage_item_version_name', to: 'file.name' },
    { from: 'object_storage_item_version_size', to: 'file.size', as: 'count' },
    { from: 'object_storage_item_version_sha_256_sum', to: 'file.hash.sha256' },
    { from: 'object_storage_item_object_id', to: 'jumpcloud.object_storage.item_id' },
    { from: 'referrer_type', to: 'jumpcloud.object_storage.referrer_type' },
    { from: 'referrer_object_id', to: 'jumpcloud.object_storage.referrer_id' },
  ],
};
