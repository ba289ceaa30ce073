import type { Pool } from '@thuocdo/db';
import type { Logger } from '@thuocdo/kit';
import type { KpiIndicator } from '@thuocdo/kpi';
import { type ConsumerConfig, ConsumerRunner, type Kafka, on, type Producer, withInbox } from '@thuocdo/messaging';
import { Events, kpiV1, tasksV1, worklogV1 } from '@thuocdo/proto';
import { consumerTopics } from '@thuocdo/registry';
import { enumName } from '@thuocdo/service';
import type { UnitKpiSet } from '../domain/unit-kpi';
import type { DiaryRecord, FactStore, TaskRecord } from '../store/fact-store';
import type { UnitKpiStore } from '../store/unit-kpi-store';

export const FACT_GROUP = 'scoring.facts';

/** A diary entry as scoring keeps it. */
export function diaryRecord(e: worklogV1.WorkLogEntry): DiaryRecord {
  return {
    id: e.id,
    tenantId: e.tenantId,
    officialId: e.officialId,
    workDate: e.workDate,
    workItemId: e.workItemId,
    minutes: e.minutes,
    status: (enumName(e.status, worklogV1.workLogStatusToJSON, 'WORK_LOG_STATUS_') || 'LOGGED') as DiaryRecord['status'],
    taskId: e.taskId || null,
  };
}

/** A task as scoring keeps it. */
export function taskRecord(t: tasksV1.Task): TaskRecord {
  const name = <T extends string>(value: number, toJSON: (v: number) => string, prefix: string) =>
    (enumName(value, toJSON, prefix) || null) as T | null;
  return {
    id: t.id,
    tenantId: t.tenantId,
    leadAssigneeId: t.leadAssigneeId,
    status: name<TaskRecord['status']>(t.status, tasksV1.taskStatusToJSON, 'TASK_STATUS_') ?? 'ASSIGNED',
    dueDate: t.dueDate,
    assignedMinutes: t.expectedMinutes,
    quality: name<NonNullable<TaskRecord['quality']>>(t.quality, tasksV1.taskQualityToJSON, 'TASK_QUALITY_'),
    failedAssessments: t.failedAssessments,
    timeliness: name<NonNullable<TaskRecord['timeliness']>>(t.timeliness, tasksV1.taskTimelinessToJSON, 'TASK_TIMELINESS_'),
    daysLate: t.daysLate,
    objectiveCause: Boolean(t.objectiveCause?.confirmedBy),
  };
}

/** A unit's KPI set as scoring keeps it; null for a job position's template (individual KPIs, not scored here). */
export function unitKpiSet(s: kpiV1.KpiSet): UnitKpiSet | null {
  if (s.kind !== kpiV1.KpiSetKind.KPI_SET_KIND_UNIT) return null;
  return {
    id: s.id,
    tenantId: s.tenantId,
    agencyId: s.agencyId,
    unitId: s.unitId || null,
    year: s.year,
    name: s.name,
    indicators: s.indicators.map(
      (i): KpiIndicator => ({
        code: i.code,
        name: i.name,
        group: enumName(i.group, kpiV1.indicatorGroupToJSON, 'INDICATOR_GROUP_') as KpiIndicator['group'],
        type: enumName(i.type, kpiV1.indicatorTypeToJSON, 'INDICATOR_TYPE_') as KpiIndicator['type'],
        measureUnit: i.measureUnit,
        target: i.target,
        periodTargets: i.periodTargets.map((p) => ({ period: p.period, target: p.target })),
        // The proto's unset cap (0) means 100%, as catalog reads it.
        cap: i.cap || 1,
        tolerance: i.tolerance,
        weight: i.weight,
        steps: i.steps.map((x) => ({ atLeast: x.atLeast, score: x.score })),
      }),
    ),
    version: Number(s.version),
  };
}

/**
 * Keeps the work scoring counts from worklog's events: diary entries as logged and as they change
 * (edits, reviews, deletions), tasks at every step; and units' KPI sets as catalog changes them. Each record keeps its newest version, so a
 * replayed or late event changes nothing (inbox-deduplicated besides).
 */
export function factConsumer(deps: {
  kafka: Kafka;
  producer: Producer;
  pool: Pool;
  log: Logger;
  facts: FactStore;
  unitKpis: UnitKpiStore;
  settings: ConsumerConfig;
}) {
  return new ConsumerRunner({
    kafka: deps.kafka,
    producer: deps.producer,
    log: deps.log,
    settings: deps.settings,
    groupId: FACT_GROUP,
    topics: consumerTopics(FACT_GROUP),
    handleBatch: withInbox(deps.pool, FACT_GROUP, [
      on(Events.WorkLogged, async (client, { entry }, env) => {
        if (entry) await deps.facts.applyEntry(client, diaryRecord(entry), env.aggregateVersion);
      }),
      on(Events.WorkLogChanged, async (client, { entry }, env) => {
        if (entry) await deps.facts.applyEntry(client, diaryRecord(entry), env.aggregateVersion);
      }),
      on(Events.TaskChanged, async (client, { task }, env) => {
        if (task) await deps.facts.applyTask(client, taskRecord(task), env.aggregateVersion);
      }),
      on(Events.KpiSetChanged, async (client, { kpiSet }, env) => {
        const set = kpiSet && unitKpiSet(kpiSet);
        if (set) await deps.unitKpis.applySet(client, set, env.aggregateVersion);
      }),
    ]),
  });
}
