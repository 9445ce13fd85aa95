import { getAll } from '../../api/client';
import type { ResourceServer } from './types';

/** Every API, for pickers (a role's permissions, an application's grants). */
export function loadAllApis(): Promise<ResourceServer[]> {
  return getAll<ResourceServer>('/resource-servers', 'resource_servers');
}
