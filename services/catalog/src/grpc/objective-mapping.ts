import { objectivesV1 } from '@thuocdo/proto';
import { enumName, enumValue } from '@thuocdo/service';
import type {
  CheckIn,
  KeyResult,
  KeyResultFieldsRequest,
  Objective,
  ObjectiveFieldsRequest,
  ObjectivePeriod,
  SourceRequest,
} from '../domain/objective';

// Protobuf ↔ domain for ObjectiveService (grpc/) and its events (events/). Enums travel by name
// in the domain ('AGENCY'); unspecified or unknown values become '' so that the domain's
// validation names the field.

const levelName = (v: objectivesV1.ObjectiveLevel) => enumName(v, objectivesV1.objectiveLevelToJSON, 'OBJECTIVE_LEVEL_');
const commitmentName = (v: objectivesV1.Commitment) => enumName(v, objectivesV1.commitmentToJSON, 'COMMITMENT_');
const sourceKindName = (v: objectivesV1.SourceKind) => enumName(v, objectivesV1.sourceKindToJSON, 'SOURCE_KIND_');
const keyResultKindName = (v: objectivesV1.KeyResultKind) => enumName(v, objectivesV1.keyResultKindToJSON, 'KEY_RESULT_KIND_');
const directionName = (v: objectivesV1.Direction) => enumName(v, objectivesV1.directionToJSON, 'DIRECTION_');

const sourceOf = (s: objectivesV1.ObjectiveSource | undefined): SourceRequest | undefined =>
  s && { kind: sourceKindName(s.kind), number: s.number, date: s.date, title: s.title };

const periodOf = (p: objectivesV1.ObjectivePeriod | undefined): ObjectivePeriod | undefined => p && { year: p.year, quarter: p.quarter };

export const objectiveFieldsOf = (f: objectivesV1.ObjectiveFields | undefined): ObjectiveFieldsRequest | undefined =>
  f && {
    level: levelName(f.level),
    nodeId: f.nodeId,
    ownerOfficialId: f.ownerOfficialId,
    title: f.title,
    description: f.description,
    parentId: f.parentId,
    source: sourceOf(f.source),
    commitment: commitmentName(f.commitment),
    period: periodOf(f.period),
  };

export const keyResultFieldsOf = (f: objectivesV1.KeyResultFields | undefined): KeyResultFieldsRequest | undefined =>
  f && {
    title: f.title,
    kind: keyResultKindName(f.kind),
    measureUnit: f.measureUnit,
    start: f.start,
    target: f.target,
    direction: directionName(f.direction),
    weight: f.weight,
  };

export const listObjectivesOf = (r: objectivesV1.ListObjectivesRequest) => ({
  ...r,
  period: periodOf(r.period),
  level: levelName(r.level),
});

export const toProtoObjective = (o: Objective): objectivesV1.Objective => ({
  id: o.id,
  tenantId: o.tenantId,
  level: enumValue(o.level, objectivesV1.objectiveLevelFromJSON, 'OBJECTIVE_LEVEL_'),
  nodeId: o.nodeId ?? '',
  agencyId: o.agencyId ?? '',
  ownerOfficialId: o.ownerOfficialId,
  title: o.title,
  description: o.description,
  parentId: o.parentId ?? '',
  source: o.source
    ? {
        kind: enumValue(o.source.kind, objectivesV1.sourceKindFromJSON, 'SOURCE_KIND_'),
        number: o.source.number,
        date: o.source.date ?? '',
        title: o.source.title,
      }
    : undefined,
  commitment: enumValue(o.commitment, objectivesV1.commitmentFromJSON, 'COMMITMENT_'),
  period: { year: o.period.year, quarter: o.period.quarter },
  progress: o.progress ?? undefined,
  keyResultCount: o.keyResultCount,
  childCount: o.childCount,
  version: o.version,
  createdBy: o.createdBy,
  createTime: o.createdAt,
  updateTime: o.updatedAt,
});

export const toProtoKeyResult = (k: KeyResult): objectivesV1.KeyResult => ({
  id: k.id,
  objectiveId: k.objectiveId,
  title: k.title,
  kind: enumValue(k.kind, objectivesV1.keyResultKindFromJSON, 'KEY_RESULT_KIND_'),
  measureUnit: k.measureUnit,
  start: k.start,
  target: k.target,
  current: k.current,
  direction: enumValue(k.direction, objectivesV1.directionFromJSON, 'DIRECTION_'),
  weight: k.weight,
  confidence: k.confidence,
  progress: k.progress,
  version: k.version,
  updateTime: k.updatedAt,
  lastCheckInDate: k.lastCheckInDate ?? '',
});

export const toProtoCheckIn = (c: CheckIn): objectivesV1.CheckIn => ({
  id: c.id,
  keyResultId: c.keyResultId,
  value: c.value,
  confidence: c.confidence,
  comment: c.comment,
  checkInDate: c.checkInDate,
  createdBy: c.createdBy,
  createTime: c.createdAt,
});

export const toProtoCommitment = (c: Objective['commitment']) => enumValue(c, objectivesV1.commitmentFromJSON, 'COMMITMENT_');
