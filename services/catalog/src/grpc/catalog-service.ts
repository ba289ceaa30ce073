import { bindService } from '@thuocdo/kit';
import { catalogV1 } from '@thuocdo/proto';
import { canManageCatalog, parseCreateWorkItem } from '../domain/work-item';
import type { CatalogStore } from '../store/catalog-store';

export function catalogService(store: CatalogStore) {
  return bindService('thuocdo.catalog.v1.CatalogService', catalogV1.CatalogServiceService, {
    async createWorkItem(req, { principal }) {
      canManageCatalog(principal);
      return { workItem: await store.createWorkItem(principal.tenantId, parseCreateWorkItem(req)) };
    },
    async listWorkItems(_req, { principal }) {
      return { workItems: await store.listWorkItems(principal.tenantId) };
    },
  });
}
