import { catalogV1 } from '@thuocdo/proto';
import { bindService, execute, rpc } from '@thuocdo/service';
import { createWorkItem, parseCreateWorkItem, planListWorkItems } from '../domain/work-item';
import type { CatalogStore } from '../store/catalog-store';
import { toProtoWorkItem } from './mapping';

/** CatalogService: protobuf in, domain decisions, the store, protobuf out. */
export function catalogService(store: CatalogStore) {
  return bindService('thuocdo.catalog.v1.CatalogService', catalogV1.CatalogServiceService, {
    createWorkItem: rpc('catalog.manage', async (req, { actor, cancelled }) => {
      const input = parseCreateWorkItem(req);
      const { entity } = await execute({
        load: () => store.workItemClashes(actor.principal.tenantId, input),
        decide: (state) => createWorkItem(input, state, actor),
        save: (d) => store.saveWorkItem(d, actor),
        cancelled,
      });
      return { workItem: toProtoWorkItem(entity) };
    }),

    listWorkItems: rpc('catalog.read', async (req, { actor }) => {
      const { items, nextPageToken } = await store.listWorkItems(actor.principal.tenantId, planListWorkItems(req));
      return { workItems: items.map(toProtoWorkItem), nextPageToken };
    }),
  });
}
