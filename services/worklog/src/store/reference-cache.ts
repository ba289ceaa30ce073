/**
 * Work items as last read from the read-model table, kept for a short time so that LogWork, the
 * hot path, costs no extra round trip for them. Only known items are kept (an item created a
 * moment ago is found on the next call). Officials and their posts come from the org directory,
 * which is in memory anyway.
 */
export class ReferenceCache {
  private readonly workItems = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  workItemKnown(tenantId: string, id: string): boolean {
    return (this.workItems.get(`${tenantId}/${id}`) ?? 0) > Date.now();
  }

  rememberWorkItem(tenantId: string, id: string): void {
    if (this.workItems.size >= this.maxEntries) this.workItems.delete(this.workItems.keys().next().value!);
    this.workItems.set(`${tenantId}/${id}`, Date.now() + this.ttlMs);
  }
}
