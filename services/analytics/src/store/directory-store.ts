import type { DirectorySource } from '@thuocdo/directory';
import type { DirectoryRecord } from '@thuocdo/kit';
import type { ClickHouse } from './clickhouse';

/** Where the directory source stands: reading everything in key order at start, then polling by time. */
export type DirectoryCursor = { loading: true; after: [number, string, string] } | { loading: false; since: number };

/**
 * Rows written by another replica may become visible a little after rows with later
 * timestamps: every poll reads this far back again (applying a record twice changes nothing).
 */
const OVERLAP_MS = 5000;

interface Row {
  kind: DirectoryRecord['kind'];
  id: string;
  version: string;
  removed: number;
  record: string;
  at: string;
}

const recordOf = (r: Row) =>
  ({ kind: r.kind, id: r.id, version: Number(r.version), removed: r.removed === 1, value: JSON.parse(r.record) }) as DirectoryRecord;

/** The org directory's table in ClickHouse. */
export class ClickHouseDirectory implements DirectorySource<DirectoryCursor> {
  readonly start: DirectoryCursor = { loading: true, after: [0, '', ''] };

  constructor(private readonly ch: ClickHouse) {}

  async store(records: DirectoryRecord[]): Promise<void> {
    await this.ch.insert(
      'org_directory',
      records.map((r) => ({
        kind: r.kind,
        id: r.id,
        tenant_id: r.value.tenantId,
        version: r.version,
        removed: r.removed ? 1 : 0,
        record: JSON.stringify(r.value),
      })),
    );
  }

  async changesSince(cursor: DirectoryCursor, limit: number) {
    if (cursor.loading) {
      const [at, kind, id] = cursor.after;
      const rows = await this.ch.query<Row>(
        `SELECT kind, id, version, removed, record, toString(toUnixTimestamp64Milli(updated_at)) AS at FROM org_directory
          WHERE (toUnixTimestamp64Milli(updated_at), kind, id) > ({at:Int64}, {kind:String}, {id:String})
          ORDER BY toUnixTimestamp64Milli(updated_at), kind, id LIMIT {limit:UInt32}`,
        { at, kind, id, limit },
      );
      const last = rows[rows.length - 1];
      const more = rows.length === limit;
      const next: DirectoryCursor = more
        ? { loading: true, after: [Number(last.at), last.kind, last.id] }
        : { loading: false, since: last ? Number(last.at) : at };
      return { records: rows.map(recordOf), cursor: next, more };
    }
    const rows = await this.ch.query<Row>(
      `SELECT kind, id, version, removed, record, toString(toUnixTimestamp64Milli(updated_at)) AS at FROM org_directory
        WHERE updated_at >= fromUnixTimestamp64Milli({since:Int64}) ORDER BY updated_at`,
      { since: cursor.since - OVERLAP_MS },
    );
    const latest = rows.reduce((m, r) => Math.max(m, Number(r.at)), cursor.since);
    return { records: rows.map(recordOf), cursor: { loading: false, since: latest } as DirectoryCursor, more: false };
  }
}
