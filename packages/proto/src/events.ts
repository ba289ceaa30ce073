import * as catalogV1 from './gen/thuocdo/catalog/v1/catalog';
import * as orgV1 from './gen/thuocdo/org/v1/org';
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
  AgencyCreated: event('org.agency-created.v1', 'thuocdo.org.v1.AgencyCreated', orgV1.AgencyCreated),
  UnitCreated: event('org.unit-created.v1', 'thuocdo.org.v1.UnitCreated', orgV1.UnitCreated),
  OfficialCreated: event('org.official-created.v1', 'thuocdo.org.v1.OfficialCreated', orgV1.OfficialCreated),
  WorkItemCreated: event('catalog.work-item-created.v1', 'thuocdo.catalog.v1.WorkItemCreated', catalogV1.WorkItemCreated),
  WorkLogged: event('worklog.work-logged.v1', 'thuocdo.worklog.v1.WorkLogged', worklogV1.WorkLogged),
} as const;
