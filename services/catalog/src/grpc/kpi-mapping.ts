import type { KpiIndicator } from '@thuocdo/kpi';
import { kpiV1 } from '@thuocdo/proto';
import { enumName, enumValue } from '@thuocdo/service';
import type { IndicatorInput, KpiSet } from '../domain/kpi-set';

// Protobuf ↔ domain for KpiService and the KpiSetChanged event. Enums travel by name in the
// domain ('FOUNDATIONAL'); unspecified or unknown values become '' so that the domain's
// validation names the field.

export const kpiSetKindName = (k: kpiV1.KpiSetKind) => enumName(k, kpiV1.kpiSetKindToJSON, 'KPI_SET_KIND_');

export const indicatorInput = (i: kpiV1.Indicator): IndicatorInput => ({
  ...i,
  group: enumName(i.group, kpiV1.indicatorGroupToJSON, 'INDICATOR_GROUP_'),
  type: enumName(i.type, kpiV1.indicatorTypeToJSON, 'INDICATOR_TYPE_'),
});

const toProtoIndicator = (i: KpiIndicator): kpiV1.Indicator => ({
  code: i.code,
  name: i.name,
  group: enumValue(i.group, kpiV1.indicatorGroupFromJSON, 'INDICATOR_GROUP_'),
  type: enumValue(i.type, kpiV1.indicatorTypeFromJSON, 'INDICATOR_TYPE_'),
  measureUnit: i.measureUnit,
  target: i.target,
  periodTargets: i.periodTargets.map((p) => ({ period: p.period, target: p.target })),
  cap: i.cap,
  tolerance: i.tolerance,
  weight: i.weight,
  steps: i.steps.map((s) => ({ atLeast: s.atLeast, score: s.score })),
});

export const toProtoKpiSet = (s: KpiSet): kpiV1.KpiSet => ({
  id: s.id,
  tenantId: s.tenantId,
  kind: enumValue(s.kind, kpiV1.kpiSetKindFromJSON, 'KPI_SET_KIND_'),
  agencyId: s.agencyId,
  unitId: s.unitId ?? '',
  jobPositionId: s.jobPositionId ?? '',
  year: s.year,
  name: s.name,
  indicators: s.indicators.map(toProtoIndicator),
  version: s.version,
  updatedBy: s.updatedBy,
  createTime: s.createdAt,
  updateTime: s.updatedAt,
});
