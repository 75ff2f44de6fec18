import { COMMON_FIELDS } from './common';
import type { Categorization, ServiceMapping } from './types';

const PACKAGE_REQUESTED: Categorization = { category: ['package'], type: ['info'] };

/** Software added, changed or removed on a device, as seen at agent check-in or requested by an admin. */
export const software: ServiceMapping = {
  categories: {
    software_add: { category: ['package'], type: ['installation'] },
    software_change: { category: ['package'], type: ['change'] },
    software_remove: { category: ['package'], type: ['deletion'] },
    // The *_request events record an admin's request, not the change on the device.
    software_add_request: PACKAGE_REQUESTED,
    software_change_request: PACKAGE_REQUESTED,
    software_remove_request: PACKAGE_REQUESTED,
    '*': { category: ['package'], type: ['info'] },
  },
  fields: [
    ...COMMON_FIELDS,
    { from: 'system.id', to: 'host.id' },
    { from: 'application.name', to: 'package.name' },
    { from: 'application.version', to: 'package.version' },
    { from: 'application.path', to: 'package.path' },
    { from: 'application.publisher', to: 'jumpcloud.application.publisher' },
  ],
};
