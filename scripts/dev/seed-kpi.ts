import { type Metadata, status } from '@grpc/grpc-js';
import { todayInVietnam } from '@thuocdo/kit';
import { kpiV1, scoringV1 } from '@thuocdo/proto';
import { insecure, unary } from '@thuocdo/service';
import { agencyId, unitId } from './demo-province';

// The demo's unit KPI sets (KPI nền tảng, chức năng, đặc thù) of this year, defined in catalog,
// and what each unit reached this month, recorded in scoring once the set has reached it: the
// "KPI đơn vị" page and the unit heads' unit result show them. Idempotent: a set is created when
// its unit has none this year; recording the same values again changes nothing.

const indicator = (
  code: string,
  name: string,
  group: kpiV1.IndicatorGroup,
  type: kpiV1.IndicatorType,
  measureUnit: string,
  target: number,
  weight: number,
) => ({ code, name, group, type, measureUnit, target, weight });

const {
  INDICATOR_GROUP_FOUNDATIONAL: FOUNDATIONAL,
  INDICATOR_GROUP_FUNCTIONAL: FUNCTIONAL,
  INDICATOR_GROUP_SPECIFIC: SPECIFIC,
} = kpiV1.IndicatorGroup;
const {
  INDICATOR_TYPE_ATTAINMENT: ATTAINMENT,
  INDICATOR_TYPE_LOWER_IS_BETTER: LOWER_IS_BETTER,
  INDICATOR_TYPE_BINARY: BINARY,
} = kpiV1.IndicatorType;

const UNIT_KPIS = [
  {
    agency: 'SNV',
    unit: 'VP',
    name: 'KPI Văn phòng Sở Nội vụ',
    indicators: [
      indicator('NT.01', 'Văn bản đến được xử lý đúng hạn', FOUNDATIONAL, ATTAINMENT, 'văn bản', 120, 30),
      indicator('NT.02', 'Hồ sơ trễ hạn', FOUNDATIONAL, LOWER_IS_BETTER, 'hồ sơ', 2, 20),
      indicator('CN.01', 'Báo cáo tháng gửi Sở Nội vụ trước ngày 25', FUNCTIONAL, BINARY, 'báo cáo', 1, 30),
      indicator('DT.01', 'Thủ tục hành chính giải quyết trực tuyến', SPECIFIC, ATTAINMENT, 'hồ sơ', 40, 20),
    ],
    actuals: [
      { code: 'NT.01', actual: 108 },
      { code: 'NT.02', actual: 3 },
      { code: 'CN.01', actual: 1 },
      { code: 'DT.01', actual: 42 },
    ],
  },
  {
    agency: 'STC',
    unit: 'NS',
    name: 'KPI Phòng Quản lý ngân sách',
    indicators: [
      indicator('NT.01', 'Hồ sơ thẩm định dự toán hoàn thành', FOUNDATIONAL, ATTAINMENT, 'hồ sơ', 60, 50),
      indicator('CN.01', 'Báo cáo quyết toán đúng hạn', FUNCTIONAL, BINARY, 'báo cáo', 1, 50),
    ],
    actuals: [
      { code: 'NT.01', actual: 57 },
      { code: 'CN.01', actual: 1 },
    ],
  },
];

export async function seedUnitKpis(targets: { catalog: string; scoring: string }, md: () => Metadata, log: (m: string) => void = () => {}) {
  const kpi = new kpiV1.KpiServiceClient(targets.catalog, insecure());
  const scoring = new scoringV1.ScoringServiceClient(targets.scoring, insecure());
  const today = todayInVietnam();
  const year = Number(today.slice(0, 4));
  const month = today.slice(0, 7);
  try {
    let recorded = 0;
    for (const s of UNIT_KPIS) {
      const { kpiSets } = await unary<kpiV1.ListKpiSetsResponse>((cb) =>
        kpi.listKpiSets(
          kpiV1.ListKpiSetsRequest.fromPartial({
            year,
            kind: kpiV1.KpiSetKind.KPI_SET_KIND_UNIT,
            unitId: unitId(s.agency, s.unit),
            pageSize: 10,
          }),
          md(),
          cb,
        ),
      );
      const set =
        kpiSets[0] ??
        (
          await unary<kpiV1.CreateKpiSetResponse>((cb) =>
            kpi.createKpiSet(
              {
                fields: kpiV1.KpiSetFields.fromPartial({
                  kind: kpiV1.KpiSetKind.KPI_SET_KIND_UNIT,
                  agencyId: agencyId(s.agency),
                  unitId: unitId(s.agency, s.unit),
                  year,
                  name: s.name,
                  indicators: s.indicators,
                }),
              },
              md(),
              cb,
            ),
          )
        ).kpiSet!;
      // Scoring learns the set from catalog's event: a few seconds at most on a fresh start.
      const record = () => unary((cb) => scoring.recordUnitKpiActuals({ kpiSetId: set.id, period: month, actuals: s.actuals }, md(), cb));
      for (let attempt = 1; ; attempt++) {
        try {
          await record();
          recorded++;
          break;
        } catch (err) {
          const code = (err as { code?: number }).code;
          // A closed month keeps what it froze.
          if (code === status.FAILED_PRECONDITION) break;
          if (code !== status.NOT_FOUND || attempt === 60) throw err;
          await new Promise((r) => setTimeout(r, 500));
        }
      }
    }
    log(`unit KPIs: ${UNIT_KPIS.length} sets of ${year}, ${recorded} with this month's results`);
  } finally {
    kpi.close();
    scoring.close();
  }
}
