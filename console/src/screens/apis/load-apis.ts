import { get } from '../../api/client';
import type { ResourceServer, ResourceServerPage } from './types';

/**
 * Every API, for pickers (a role's permissions, an application's grants): walks the checkpoint
 * pages, since a picker that silently stops at the first page would hide APIs.
 */
export async function loadAllApis(): Promise<ResourceServer[]> {
  const all: ResourceServer[] = [];
  let from: string | undefined;
  do {
    const page = await get<ResourceServerPage>('/resource-servers', { from, take: 100 });
    all.push(...page.resource_servers);
    from = page.next;
  } while (from);
  return all;
}
