import type { Metadata } from '@grpc/grpc-js';
import { catalogV1 } from '@thuocdo/proto';
import { unary } from '@thuocdo/service';
import { writeWorkbook } from '@thuocdo/sheets';
import provinceCatalog from '../../services/catalog/data/province-catalog.json';
import { COLUMNS, POSITION_CATEGORY_NAMES } from '../../services/catalog/src/domain/catalog-sheet';
import type { PositionCategory } from '../../services/catalog/src/domain/work-item';

type CatalogItem = (typeof provinceCatalog.items)[number];

const coefficient = (h: number) => (h / 100).toFixed(2).replace('.', ',');

/** The sample province catalog as the spreadsheet a KPI working group would import. */
export async function provinceCatalogWorkbook(items: CatalogItem[], effectiveFrom: string): Promise<Buffer> {
  const rows = items.map((i) => {
    const v: Record<string, string> = {
      code: i.code,
      group: i.group,
      sector: i.sector,
      name: i.name,
      product: i.product,
      productUnit: i.productUnit,
      standardMinutes: String(i.standardMinutes),
      complexityGroup: i.complexityGroup,
      difficultyMin: coefficient(i.difficulty.min),
      difficultyMax: coefficient(i.difficulty.max),
      urgencyMin: coefficient(i.urgency.min),
      urgencyMax: coefficient(i.urgency.max),
      positions: i.positionCategories.map((c) => POSITION_CATEGORY_NAMES[c as PositionCategory][0]).join('; '),
      agencyCode: i.agencyCode ?? '',
      effectiveFrom: `${effectiveFrom.slice(8, 10)}/${effectiveFrom.slice(5, 7)}/${effectiveFrom.slice(0, 4)}`,
    };
    return COLUMNS.map((c) => v[c.key] ?? '');
  });
  return writeWorkbook([{ name: 'Danh mục', rows: [COLUMNS.map((c) => c.vi), ...rows] }]);
}

const client = (c: catalogV1.CatalogServiceClient) => ({
  list: (req: Partial<catalogV1.ListWorkItemsRequest>, md: Metadata) =>
    unary<catalogV1.ListWorkItemsResponse>((cb) => c.listWorkItems(catalogV1.ListWorkItemsRequest.fromPartial(req), md, cb)),
});

/** Every code of the catalog, drafts and retired items too. */
async function catalogCodes(catalog: catalogV1.CatalogServiceClient, md: () => Metadata): Promise<Map<string, string>> {
  const codes = new Map<string, string>();
  let pageToken = '';
  do {
    const page = await client(catalog).list({ pageSize: 1000, pageToken, view: catalogV1.WorkItemView.WORK_ITEM_VIEW_WORKING }, md());
    for (const w of page.workItems) codes.set(w.code, w.id);
    pageToken = page.nextPageToken;
  } while (pageToken);
  return codes;
}

/**
 * The sample province catalog, published from `effectiveFrom`: the conversion scale when the
 * tenant has none, then an import of the items not yet in the catalog — group C items only for
 * the agencies the organisation has (`agencyCodes`). Catalog learns agencies from org's events:
 * while some are not there yet, the import names them and is tried again. Answers code → id.
 */
export async function seedProvinceCatalog(
  catalog: catalogV1.CatalogServiceClient,
  md: () => Metadata,
  agencyCodes: ReadonlySet<string>,
  effectiveFrom: string,
  log: (m: string) => void = () => {},
): Promise<Map<string, string>> {
  const { scale } = await unary<catalogV1.GetConversionScaleResponse>((cb) => catalog.getConversionScale({}, md(), cb));
  if (!scale)
    await unary((cb) => catalog.updateConversionScale({ scale: catalogV1.ConversionScale.fromPartial(provinceCatalog.scale) }, md(), cb));
  const have = await catalogCodes(catalog, md);
  const missing = provinceCatalog.items.filter((i) => !have.has(i.code) && (!i.agencyCode || agencyCodes.has(i.agencyCode)));
  if (missing.length) {
    const content = await provinceCatalogWorkbook(missing, effectiveFrom);
    for (let attempt = 1; ; attempt++) {
      const r = await unary<catalogV1.ImportWorkItemsResponse>((cb) =>
        catalog.importWorkItems({ fileName: 'danh-muc-mau.xlsx', content, validateOnly: false, publish: true, effectiveFrom }, md(), cb),
      );
      if (!r.issueCount) break;
      const waiting = r.issues.every((i) => i.column === 'Mã cơ quan');
      if (!waiting || attempt >= 30)
        throw new Error(
          `the sample catalog did not import: ${r.issues
            .slice(0, 5)
            .map((i) => `row ${i.row} ${i.column}: ${i.messageEn}`)
            .join('; ')}`,
        );
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    log(`sample catalog: ${missing.length} work items published`);
  }
  return catalogCodes(catalog, md);
}
