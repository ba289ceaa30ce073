import { type Actor, check, coversAgency, NotFoundError, PermissionDeniedError, readPage, toPage, ValidationError } from '@thuocdo/kit';
import type { scoringV1 } from '@thuocdo/proto';
import { rpc } from '@thuocdo/service';
import { type AnnualRow, annualRankRows, annualResults } from '../domain/annual';
import { type ConsolidatedRow, consolidate } from '../domain/consolidation';
import type { PackCatalog } from '../domain/custom-pack';
import { checkScoreReader } from '../domain/evaluate';
import type { PeriodStore } from '../store/period-store';
import { toProtoAnnual, toProtoQuotaGroup } from './mapping';

/** The annual results RPCs of ScoringService (kết quả năm). */
export function annualHandlers(periods: PeriodStore, packsOf: (tenantId: string) => Promise<PackCatalog>) {
  /** A year that has begun; its last day, or today while it runs. */
  const yearOf = (year: number, actor: Actor) => {
    const y = check.intRange('year', year, 2000, 2100);
    if (`${y}-01-01` > actor.today)
      throw new ValidationError('year', { vi: 'Năm đánh giá chưa bắt đầu', en: 'the year has not started yet' });
    return { year: y, date: `${y}-12-31` < actor.today ? `${y}-12-31` : actor.today };
  };

  /** An agency's annual list with the quota applied, and each official's annual result. */
  async function agencyYear(tenantId: string, year: number, agencyId: string) {
    const packs = await packsOf(tenantId);
    const annual = annualResults(await periods.yearResults(tenantId, year, { agencyId }), packs.find);
    const { rows, groups } = consolidate(annualRankRows(annual), [], packs.find);
    const byOfficial = new Map(annual.map((a) => [a.officialId, a]));
    return { rows: rows.map((r) => ({ row: r, annual: byOfficial.get(r.officialId)! })), groups };
  }

  const answer = (x: { row: ConsolidatedRow; annual: AnnualRow }, year: number) => toProtoAnnual(x.annual, x.row, year);

  return {
    getAnnualResult: rpc<scoringV1.GetAnnualResultRequest, scoringV1.GetAnnualResultResponse>('score.read', async (req, { actor }) => {
      const officialId = check.id('official_id', req.officialId);
      const { year, date } = yearOf(req.year, actor);
      checkScoreReader(actor, officialId, date);
      const tenantId = actor.principal.tenantId;
      const [own] = annualResults(await periods.yearResults(tenantId, year, { officialIds: [officialId] }), (await packsOf(tenantId)).find);
      if (!own)
        throw new NotFoundError(
          { vi: `Chưa có kỳ đánh giá nào đã đóng trong năm ${year} của người này`, en: `No closed period of ${year} for this official` },
          'official_id',
        );
      const found = (await agencyYear(tenantId, year, own.latest.agencyId)).rows.find((x) => x.row.officialId === officialId)!;
      return { result: answer(found, year) };
    }),

    listAnnualResults: rpc<scoringV1.ListAnnualResultsRequest, scoringV1.ListAnnualResultsResponse>(
      'scoring.results.read',
      async (req, { actor }) => {
        const agencyId = check.id('agency_id', req.agencyId);
        const { year } = yearOf(req.year, actor);
        if (!coversAgency(actor.scope, agencyId))
          throw new PermissionDeniedError({
            vi: 'Không có quyền xem kết quả của cơ quan này',
            en: "Not allowed to read this agency's results",
          });
        const filters = { year, agencyId };
        const page = readPage(req, filters, (c): c is number => Number.isInteger(c) && (c as number) >= 0);
        const { rows, groups } = await agencyYear(actor.principal.tenantId, year, agencyId);
        const after = page.after ?? 0;
        const { items, nextPageToken } = toPage(
          rows.filter((x) => x.row.rank > after).slice(0, page.size + 1),
          page,
          filters,
          (x) => x.row.rank,
        );
        return { results: items.map((x) => answer(x, year)), groups: groups.map(toProtoQuotaGroup), nextPageToken };
      },
    ),
  };
}
