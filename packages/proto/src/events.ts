import * as catalogV1 from './gen/thuocdo/catalog/v1/catalog';
import * as kpiV1 from './gen/thuocdo/catalog/v1/kpi';
import * as objectivesV1 from './gen/thuocdo/catalog/v1/objectives';
import * as orgV1 from './gen/thuocdo/org/v1/org';
import * as scoringV1 from './gen/thuocdo/scoring/v1/scoring';
import * as tasksV1 from './gen/thuocdo/worklog/v1/tasks';
import * as worklogV1 from './gen/thuocdo/worklog/v1/worklog';

/** The encode/decode pair ts-proto generates for every message. */
export interface MessageCodec<T> {
  encode(message: T): { finish(): Uint8Array };
  decode(input: Uint8Array): T;
}

/** A fact: its Kafka topic (`<domain>.<event>.v<N>`), payload type name and codec. */
export interface EventType<T> {
  topic: string;
  /** Fully qualified payload name, stored in the envelope's event_type. */
  typeName: string;
  codec: MessageCodec<T>;
}

const event = <T>(topic: string, typeName: string, codec: MessageCodec<T>): EventType<T> => ({ topic, typeName, codec });

/**
 * Every topic of the platform, in one place: producers and consumers share these, and the
 * Kafka topic resources in infra/kafka/ are checked against them by a test.
 */
export const Events = {
  // org: every record as it is after each change (upserts and tombstones), keyed by its id.
  AgencyChanged: event('org.agency-changed.v1', 'thuocdo.org.v1.AgencyChanged', orgV1.AgencyChanged),
  UnitChanged: event('org.unit-changed.v1', 'thuocdo.org.v1.UnitChanged', orgV1.UnitChanged),
  JobPositionChanged: event('org.job-position-changed.v1', 'thuocdo.org.v1.JobPositionChanged', orgV1.JobPositionChanged),
  OfficialChanged: event('org.official-changed.v1', 'thuocdo.org.v1.OfficialChanged', orgV1.OfficialChanged),
  MembershipChanged: event('org.membership-changed.v1', 'thuocdo.org.v1.MembershipChanged', orgV1.MembershipChanged),
  RoleGrantChanged: event('org.role-grant-changed.v1', 'thuocdo.org.v1.RoleGrantChanged', orgV1.RoleGrantChanged),
  // catalog: every record as it is after each change, keyed by its id.
  WorkItemChanged: event('catalog.work-item-changed.v1', 'thuocdo.catalog.v1.WorkItemChanged', catalogV1.WorkItemChanged),
  ConversionScaleChanged: event(
    'catalog.conversion-scale-changed.v1',
    'thuocdo.catalog.v1.ConversionScaleChanged',
    catalogV1.ConversionScaleChanged,
  ),
  ObjectiveChanged: event('catalog.objective-changed.v1', 'thuocdo.catalog.v1.ObjectiveChanged', objectivesV1.ObjectiveChanged),
  KeyResultChanged: event('catalog.key-result-changed.v1', 'thuocdo.catalog.v1.KeyResultChanged', objectivesV1.KeyResultChanged),
  KpiSetChanged: event('catalog.kpi-set-changed.v1', 'thuocdo.catalog.v1.KpiSetChanged', kpiV1.KpiSetChanged),
  // worklog: a new diary entry; every later change with the values before it; tasks after each step.
  WorkLogged: event('worklog.work-logged.v1', 'thuocdo.worklog.v1.WorkLogged', worklogV1.WorkLogged),
  WorkLogChanged: event('worklog.work-log-changed.v1', 'thuocdo.worklog.v1.WorkLogChanged', worklogV1.WorkLogChanged),
  DiaryReminderDue: event('worklog.diary-reminder-due.v1', 'thuocdo.worklog.v1.DiaryReminderDue', worklogV1.DiaryReminderDue),
  TaskChanged: event('worklog.task-changed.v1', 'thuocdo.worklog.v1.TaskChanged', tasksV1.TaskChanged),
  // scoring: an official's evaluation after each step or comment, keyed by the official.
  EvaluationChanged: event('scoring.evaluation-changed.v1', 'thuocdo.scoring.v1.EvaluationChanged', scoringV1.EvaluationChanged),
  // scoring: an agency's results of a period after closing, a quota exception or reopening, keyed by the agency.
  PeriodResultsChanged: event(
    'scoring.period-results-changed.v1',
    'thuocdo.scoring.v1.PeriodResultsChanged',
    scoringV1.PeriodResultsChanged,
  ),
  // scoring: a unit's KPI result of a period after values were recorded, keyed by the set.
  UnitKpiResultChanged: event(
    'scoring.unit-kpi-result-changed.v1',
    'thuocdo.scoring.v1.UnitKpiResultChanged',
    scoringV1.UnitKpiResultChanged,
  ),
} as const;
