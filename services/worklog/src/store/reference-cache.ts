import type { OfficialRef } from '../domain/work-log';

/**
 * Officials and work items as last read from the read-model tables, kept for a short time so
 * that LogWork, the hot path, costs one database round trip instead of two. Only known
 * references are kept (an official created a moment ago is found on the next call), and a
 * change (an official moving to another unit) is seen within `ttlMs`.
 */
export class ReferenceCache {
  private readonly officials = new Map<string, { ref: OfficialRef; expires: number }>();
  private readonly workItems = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  official(tenantId: string, id: string): OfficialRef | undefined {
    const hit = this.officials.get(`${tenantId}/${id}`);
    return hit && hit.expires > Date.now() ? hit.ref : undefined;
  }

  workItemKnown(tenantId: string, id: string): boolean {
    return (this.workItems.get(`${tenantId}/${id}`) ?? 0) > Date.now();
  }

  rememberOfficial(tenantId: string, id: string, ref: OfficialRef): void {
    this.bound(this.officials);
    this.officials.set(`${tenantId}/${id}`, { ref, expires: Date.now() + this.ttlMs });
  }

  rememberWorkItem(tenantId: string, id: string): void {
    this.bound(this.workItems);
    this.workItems.set(`${tenantId}/${id}`, Date.now() + this.ttlMs);
  }

  private bound(map: Map<string, unknown>): void {
    if (map.size >= this.maxEntries) map.delete(map.keys().next().value!);
  }
}
