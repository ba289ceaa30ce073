import type { Pool } from '@thuocdo/db';
import type { Logger } from '@thuocdo/kit';
import { type ConsumerConfig, ConsumerRunner, type Kafka, on, type Producer, withInbox } from '@thuocdo/messaging';
import { Events, tasksV1, worklogV1 } from '@thuocdo/proto';
import { consumerTopics } from '@thuocdo/registry';
import { enumName } from '@thuocdo/service';
import type { DiaryRecord, FactStore, TaskRecord } from '../store/fact-store';

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

/**
 * Keeps the work scoring counts from worklog's events: diary entries as logged and as they change
 * (edits, reviews, deletions), tasks at every step. Each record keeps its newest version, so a
 * replayed or late event changes nothing (inbox-deduplicated besides).
 */
export function factConsumer(deps: {
  kafka: Kafka;
  producer: Producer;
  pool: Pool;
  log: Logger;
  facts: FactStore;
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
    ]),
  });
}
