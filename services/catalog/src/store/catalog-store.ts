import { EntityWriter, type OutboxRecord, type Pool, type Statement } from '@thuocdo/db';
import { type Actor, auditOf, type Decision, likePatterns, toPage } from '@thuocdo/kit';
import {
  type CatalogEvent,
  type SavedScale,
  type WorkItem,
  type WorkItemChange,
  type WorkItemClashes,
  type WorkItemFilters,
  type WorkItemQuery,
  type WorkItemRevision,
  workItemSearchDocument,
} from '../domain/work-item';

/** Dates come back from PostgreSQL as text (packages/db sets the parser): "YYYY-MM-DD". */
const stampOf = (by: string | null, at: Date | null) => (by !== null && at !== null ? { by, at } : null);

/** A row of work_item or work_item_revision (the same columns for the values of an item). */
function itemOf(r: any): WorkItem {
  const isRevision = r.status === undefined;
  return {
    id: isRevision ? r.work_item_id : r.id,
    tenantId: r.tenant_id,
    code: r.code,
    name: r.name,
    group: r.item_group,
    sector: r.sector,
    product: r.product,
    productUnit: r.product_unit,
    standardMinutes: r.standard_minutes,
    complexityGroup: r.complexity_group,
    difficulty: { min: r.difficulty_min, max: r.difficulty_max },
    urgency: { min: r.urgency_min, max: r.urgency_max },
    positionCategories: r.position_categories,
    agencyId: r.agency_id,
    effectiveFrom: r.effective_from ?? '',
    effectiveTo: r.effective_to,
    status: isRevision ? 'PUBLISHED' : r.status,
    revision: r.revision,
    publishedRevision: isRevision ? r.revision : r.published_revision,
    created: { by: r.created_by, at: r.created_at },
    submitted: stampOf(r.submitted_by, r.submitted_at),
    approved: stampOf(r.approved_by, r.approved_at),
    retired: isRevision ? null : stampOf(r.retired_by, r.retired_at),
    returnReason: isRevision ? '' : r.return_reason,
    version: isRevision ? 0 : Number(r.version),
    updatedAt: isRevision ? r.approved_at : r.updated_at,
  };
}

/** The values of an item, in the column order of VALUE_COLUMNS. */
const valuesOf = (w: WorkItem) => [
  w.tenantId,
  w.code,
  w.name,
  w.group,
  w.sector,
  w.product,
  w.productUnit,
  w.standardMinutes,
  w.complexityGroup,
  w.difficulty.min,
  w.difficulty.max,
  w.urgency.min,
  w.urgency.max,
  w.positionCategories,
  w.agencyId,
  w.effectiveFrom || null,
  w.effectiveTo,
  w.created.by,
  w.created.at,
  w.submitted?.by ?? null,
  w.submitted?.at ?? null,
  w.approved?.by ?? null,
  w.approved?.at ?? null,
  workItemSearchDocument(w),
];
const VALUE_COLUMNS = `tenant_id, code, name, item_group, sector, product, product_unit, standard_minutes, complexity_group,
  difficulty_min, difficulty_max, urgency_min, urgency_max, position_categories, agency_id, effective_from, effective_to,
  created_by, created_at, submitted_by, submitted_at, approved_by, approved_at, search_document`;
const VALUE_COUNT = 24;
const placeholders = (from: number, n: number) => Array.from({ length: n }, (_, i) => `$${from + i}`).join(', ');

const scaleOf = (r: any): SavedScale => ({
  standardProductName: r.standard_product_name,
  standardProductMinutes: r.standard_product_minutes,
  complexityGroups: r.complexity_groups,
  version: Number(r.version),
  updatedAt: r.updated_at,
});

export class CatalogStore {
  private readonly writer: EntityWriter;

  constructor(
    private readonly pool: Pool,
    private readonly toOutbox: (e: CatalogEvent) => OutboxRecord,
  ) {
    this.writer = new EntityWriter(pool);
  }

  async scale(tenantId: string): Promise<SavedScale | null> {
    const { rows } = await this.pool.query('SELECT * FROM conversion_scale WHERE tenant_id = $1', [tenantId]);
    return rows[0] ? scaleOf(rows[0]) : null;
  }

  async workItemClashes(tenantId: string, code: string): Promise<WorkItemClashes> {
    const [{ rows }, scale] = await Promise.all([
      this.pool.query('SELECT * FROM work_item WHERE tenant_id = $1 AND code = $2', [tenantId, code]),
      this.scale(tenantId),
    ]);
    return { sameCode: rows[0] ? itemOf(rows[0]) : undefined, scale };
  }

  async workItem(tenantId: string, id: string): Promise<WorkItem | undefined> {
    const { rows } = await this.pool.query('SELECT * FROM work_item WHERE tenant_id = $1 AND id = $2', [tenantId, id]);
    return rows[0] ? itemOf(rows[0]) : undefined;
  }

  /** The revision of an item in force on a day, or a revision by number. */
  async revision(tenantId: string, id: string, at: { onDate: string } | { revision: number }): Promise<WorkItemRevision | null> {
    const { rows } =
      'revision' in at
        ? await this.pool.query('SELECT * FROM work_item_revision WHERE tenant_id = $1 AND work_item_id = $2 AND revision = $3', [
            tenantId,
            id,
            at.revision,
          ])
        : await this.pool.query(
            `SELECT * FROM work_item_revision WHERE tenant_id = $1 AND work_item_id = $2
                AND effective_from <= $3 AND (effective_to IS NULL OR effective_to > $3)`,
            [tenantId, id, at.onDate],
          );
    return rows[0] ? itemOf(rows[0]) : null;
  }

  /** The item and the revision most recently published (in force now or from a coming date). */
  async itemWithLatestRevision(tenantId: string, id: string): Promise<{ item?: WorkItem; revision: WorkItemRevision | null }> {
    const item = await this.workItem(tenantId, id);
    if (!item || item.publishedRevision === 0) return { item, revision: null };
    return { item, revision: await this.revision(tenantId, id, { revision: item.publishedRevision }) };
  }

  /**
   * An item's change, its event and its audit row in one transaction: the item's row (inserted,
   * or updated if still at the version decided on), the revision an approval publishes, and the
   * end of the revision it supersedes or a retirement ends.
   */
  async saveWorkItem(d: WorkItemChange, before: WorkItem | null, actor: Actor): Promise<void> {
    const w = d.entity;
    const head = [
      ...valuesOf(w),
      w.id,
      w.status,
      w.revision,
      w.publishedRevision,
      w.retired?.by ?? null,
      w.retired?.at ?? null,
      w.returnReason,
      w.version,
      w.updatedAt,
    ];
    const n = VALUE_COUNT;
    const statements: Statement[] = [
      before
        ? {
            name: 'work-item-update',
            text: `UPDATE work_item SET (${VALUE_COLUMNS}, status, revision, published_revision, retired_by, retired_at, return_reason, version, updated_at)
                     = (${placeholders(1, n)}, ${placeholders(n + 2, 8)})
                    WHERE id = $${n + 1} AND version = $${n + 10} RETURNING id`,
            values: [...head, before.version],
          }
        : {
            name: 'work-item-insert',
            text: `INSERT INTO work_item (${VALUE_COLUMNS}, id, status, revision, published_revision, retired_by, retired_at, return_reason, version, updated_at)
                   VALUES (${placeholders(1, n + 9)}) ON CONFLICT DO NOTHING RETURNING id`,
            values: head,
          },
    ];
    if (d.close)
      statements.push({
        text: 'UPDATE work_item_revision SET effective_to = $3 WHERE work_item_id = $1 AND revision = $2 RETURNING 1',
        values: [w.id, d.close.revision, d.close.effectiveTo],
      });
    if (d.publish)
      statements.push({
        text: `INSERT INTO work_item_revision (work_item_id, revision, ${VALUE_COLUMNS})
               VALUES ($1, $2, ${placeholders(3, n)}) ON CONFLICT DO NOTHING RETURNING 1`,
        values: [w.id, d.publish.revision, ...valuesOf(d.publish)],
      });
    return this.writer.write(statements, d.events.map(this.toOutbox), [auditOf(actor, 'work_item', w.id, before, w)]);
  }

  /** New items of an import, their revisions when published, their events and audit rows, in one transaction. */
  async saveImportedItems(items: WorkItem[], events: CatalogEvent[], actor: Actor): Promise<void> {
    const statements: Statement[] = [];
    const headCols = `${VALUE_COLUMNS}, id, status, revision, published_revision, return_reason, version, updated_at`;
    const perHead = VALUE_COUNT + 7;
    for (let i = 0; i < items.length; i += 500) {
      const chunk = items.slice(i, i + 500);
      statements.push({
        text: `INSERT INTO work_item (${headCols}) VALUES ${chunk.map((_, j) => `(${placeholders(j * perHead + 1, perHead)})`).join(', ')}`,
        values: chunk.flatMap((w) => [...valuesOf(w), w.id, w.status, w.revision, w.publishedRevision, '', w.version, w.updatedAt]),
        rows: chunk.length,
      });
      const published = chunk.filter((w) => w.publishedRevision > 0);
      if (published.length)
        statements.push({
          text: `INSERT INTO work_item_revision (work_item_id, revision, ${VALUE_COLUMNS})
                 VALUES ${published.map((_, j) => `(${placeholders(j * (VALUE_COUNT + 2) + 1, VALUE_COUNT + 2)})`).join(', ')}`,
          values: published.flatMap((w) => [w.id, w.revision, ...valuesOf(w)]),
          rows: published.length,
        });
    }
    await this.writer.write(
      statements,
      events.map(this.toOutbox),
      items.map((w) => auditOf(actor, 'work_item', w.id, null, w)),
    );
  }

  /** Codes of the tenant among these. */
  async existingCodes(tenantId: string, codes: string[]): Promise<Set<string>> {
    const { rows } = await this.pool.query('SELECT code FROM work_item WHERE tenant_id = $1 AND code = ANY($2::text[])', [tenantId, codes]);
    return new Set(rows.map((r) => r.code));
  }

  /** One page of the catalog, in code order. */
  async listWorkItems(tenantId: string, q: WorkItemQuery) {
    const f = q.filters;
    const working = f.view === 'WORKING';
    const where = ['tenant_id = $1'];
    const values: unknown[] = [tenantId];
    const add = (sql: (p: string) => string, v: unknown) => {
      values.push(v);
      where.push(sql(`$${values.length}`));
    };
    if (working) {
      if (f.statuses.length) add((p) => `status = ANY(${p}::text[])`, f.statuses);
      if (f.withinAgencies) add((p) => `agency_id = ANY(${p}::uuid[])`, f.withinAgencies);
    } else {
      add((p) => `effective_from <= ${p}::date`, f.onDate);
      where.push(`(effective_to IS NULL OR effective_to > $${values.length}::date)`);
    }
    filterWhere(f, add);
    values.push(q.page.after?.[0] ?? null, q.page.after?.[1] ?? null, q.page.size + 1);
    const k = values.length;
    const { rows } = await this.pool.query(
      `SELECT * FROM ${working ? 'work_item' : 'work_item_revision'}
        WHERE ${where.join(' AND ')} AND ($${k - 2}::text IS NULL OR (code, ${working ? 'id' : 'work_item_id'}) > ($${k - 2}, $${k - 1}::uuid))
        ORDER BY code, ${working ? 'id' : 'work_item_id'} LIMIT $${k}`,
      values,
    );
    return toPage(rows.map(itemOf), q.page, q.filters, (w) => [w.code, w.id] as [string, string]);
  }

  /** An item's published revisions, newest first. */
  async listRevisions(tenantId: string, id: string, page: { size: number; after: number | null }) {
    const { rows } = await this.pool.query(
      `SELECT * FROM work_item_revision WHERE tenant_id = $1 AND work_item_id = $2 AND ($3::int IS NULL OR revision < $3)
        ORDER BY revision DESC LIMIT $4`,
      [tenantId, id, page.after, page.size + 1],
    );
    return rows.map(itemOf);
  }

  /** Sectors named by items in force today or being drafted, with how many items name each. */
  async sectors(tenantId: string): Promise<{ sector: string; itemCount: number }[]> {
    const { rows } = await this.pool.query(
      `SELECT sector, count(*)::int AS n FROM work_item WHERE tenant_id = $1 AND sector <> '' AND status <> 'RETIRED'
        GROUP BY sector ORDER BY sector LIMIT 1000`,
      [tenantId],
    );
    return rows.map((r) => ({ sector: r.sector, itemCount: r.n }));
  }

  saveScale(d: Decision<SavedScale, CatalogEvent>, before: SavedScale | null, actor: Actor): Promise<void> {
    const s = d.entity;
    const values = [
      actor.principal.tenantId,
      s.standardProductName,
      s.standardProductMinutes,
      JSON.stringify(s.complexityGroups),
      s.version,
      actor.principal.subject,
      s.updatedAt,
    ];
    return this.writer.write(
      [
        before
          ? {
              name: 'scale-update',
              text: `UPDATE conversion_scale SET (standard_product_name, standard_product_minutes, complexity_groups, version, updated_by, updated_at)
                       = ($2, $3, $4, $5, $6, $7) WHERE tenant_id = $1 AND version = $8 RETURNING 1`,
              values: [...values, before.version],
            }
          : {
              name: 'scale-insert',
              text: `INSERT INTO conversion_scale (tenant_id, standard_product_name, standard_product_minutes, complexity_groups, version, updated_by, updated_at)
                     VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING 1`,
              values,
            },
      ],
      d.events.map(this.toOutbox),
      [auditOf(actor, 'conversion_scale', actor.principal.tenantId, before, s)],
    );
  }
}

/** The filters both views share. */
function filterWhere(f: WorkItemFilters, add: (sql: (p: string) => string, v: unknown) => void): void {
  if (f.codePrefix) add((p) => `starts_with(code, ${p})`, f.codePrefix);
  // One LIKE per word, each at the start of a word of the document: the trigram index serves them.
  for (const pattern of likePatterns(f.terms)) add((p) => `search_document LIKE ${p}`, pattern);
  if (f.groups.length) add((p) => `item_group = ANY(${p}::text[])`, f.groups);
  if (f.sector) add((p) => `sector = ${p}`, f.sector);
  if (f.positionCategory) add((p) => `(cardinality(position_categories) = 0 OR ${p} = ANY(position_categories))`, f.positionCategory);
  if (f.agencyId) add((p) => (f.onlyAgency ? `agency_id = ${p}::uuid` : `(agency_id IS NULL OR agency_id = ${p}::uuid)`), f.agencyId);
}
