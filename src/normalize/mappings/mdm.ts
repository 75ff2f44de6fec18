import { COMMON_FIELDS, CONFIG_ACCESSED, CONFIG_CREATED, HOST_INFO } from './common';
import type { ServiceMapping } from './types';

/** Apple and Windows MDM command results and enrollments. */
export const mdm: ServiceMapping = {
  categories: {
    mdm_command_result: HOST_INFO,
    device_enrollment: CONFIG_CREATED,
    configuration_file_download: CONFIG_ACCESSED,
    '*': HOST_INFO,
  },
  fields: [
    ...COMMON_FIELDS,
    // The API reference names them device_object_id / device_manager_object_id; real events
    // (Elastic's pipeline test data) carry mdm_device_id / mdm_device_manager_id.
    { from: 'device_object_id', to: 'host.id' },
    { from: 'mdm_device_id', to: 'host.id' },
    { from: 'device_manager_object_id', to: 'jumpcloud.mdm.device_manager_id' },
    { from: 'mdm_device_manager_id', to: 'jumpcloud.mdm.device_manager_id' },
    { from: 'windows_device_uuid', to: 'jumpcloud.mdm.windows_device_uuid' },
    { from: 'mdm_type', to: 'jumpcloud.mdm.type' },
    { from: 'request_type', to: 'jumpcloud.mdm.request_type' },
    { from: 'command.request_type', to: 'jumpcloud.mdm.request_type' },
    { from: 'command_uuid', to: 'jumpcloud.mdm.command_uuid' },
    { from: 'status', to: 'jumpcloud.mdm.status' },
  ],
};
