import { KafkaJS } from '@confluentinc/kafka-javascript';
import { type ConfigCheck, int, type Resource } from '@thuocdo/kit';
import { z } from 'zod';

export type Kafka = KafkaJS.Kafka;
export type Producer = KafkaJS.Producer;
export type Consumer = KafkaJS.Consumer;

export const kafkaConfigShape = {
  /** Comma-separated bootstrap servers. */
  KAFKA_BROKERS: z.string().min(1),
  /** A send fails after this long instead of librdkafka's five minutes, so the outbox relay retries it. */
  KAFKA_SEND_TIMEOUT_MS: int(10_000, 1000, 300_000),
};
export type KafkaConfig = z.infer<z.ZodObject<typeof kafkaConfigShape>> & { OTEL_SERVICE_NAME: string };

export interface KafkaOptions {
  /** Comma-separated bootstrap servers (KAFKA_BROKERS). */
  brokers: string;
  clientId: string;
}

/** A Kafka client through the Confluent client's KafkaJS-compatible API. Its own logs stay quiet. */
export function createKafka(opts: KafkaOptions): Kafka {
  return new KafkaJS.Kafka({
    kafkaJS: {
      brokers: opts.brokers
        .split(',')
        .map((b) => b.trim())
        .filter(Boolean),
      clientId: opts.clientId,
      logLevel: KafkaJS.logLevel.NOTHING,
    },
  });
}

/** Idempotent producer (acks=all, ordered per partition, no duplicates on internal retries). */
export function createProducer(kafka: Kafka, sendTimeoutMs: number): Producer {
  return kafka.producer({
    kafkaJS: { idempotent: true, acks: -1 },
    'linger.ms': 5,
    'message.timeout.ms': sendTimeoutMs,
    'compression.type': 'lz4',
  });
}

/**
 * Health probe: resolves when the cluster answers a metadata request. Uses an admin client
 * that shares the producer's connections, and never creates a topic.
 */
export function pingKafka(producer: Producer, timeoutMs = 1000): () => Promise<unknown> {
  let admin: KafkaJS.Admin | undefined;
  return async () => {
    if (!admin) {
      const created = producer.dependentAdmin();
      await created.connect();
      admin = created;
    }
    return admin.listTopics({ timeout: timeoutMs });
  };
}

export interface KafkaClients {
  kafka: Kafka;
  /** Connected; shared by the outbox relay and the consumers' dead letters. */
  producer: Producer;
}

/** Kafka as a start-up resource: a client and a connected idempotent producer. */
export function kafka(config: KafkaConfig): Resource<KafkaClients & { ping: () => Promise<unknown> }> {
  return {
    name: 'kafka',
    async open() {
      const client = createKafka({ brokers: config.KAFKA_BROKERS, clientId: config.OTEL_SERVICE_NAME });
      const producer = createProducer(client, config.KAFKA_SEND_TIMEOUT_MS);
      await producer.connect();
      return { kafka: client, producer, ping: pingKafka(producer) };
    },
    check: (k) => k.ping(),
    close: (k) => k.producer.disconnect(),
  };
}

export const outboxConfigShape = {
  /** Rows published per relay cycle. */
  OUTBOX_BATCH_SIZE: int(1000, 1, 10_000),
  /** Poll interval when no notification arrives (a missed NOTIFY costs at most this much). */
  OUTBOX_POLL_MS: int(1000, 10, 60_000),
  /** After a wake-up, wait this long so that one batch carries the rows of many commits. */
  OUTBOX_LINGER_MS: int(10, 0, 1000),
  /** Longest wait between retries while the broker does not take the batch. */
  OUTBOX_MAX_BACKOFF_MS: int(10_000, 100, 600_000),
  /** Published rows are kept this long for inspection, then deleted. */
  OUTBOX_RETAIN_HOURS: int(24, 0, 8760),
  /** Time the relay's final flush may take at shutdown; what is left goes out at the next start. */
  OUTBOX_FLUSH_TIMEOUT_MS: int(5000, 0, 600_000),
};
export type OutboxConfig = z.infer<z.ZodObject<typeof outboxConfigShape>>;
export const outboxConfigChecks: ConfigCheck<OutboxConfig>[] = [
  { variable: 'OUTBOX_LINGER_MS', ok: (c) => c.OUTBOX_LINGER_MS < c.OUTBOX_POLL_MS, message: 'must be less than OUTBOX_POLL_MS' },
];

export const consumerConfigShape = {
  /** Attempts before a failing event goes to `<group>.dlq`. */
  CONSUMER_MAX_ATTEMPTS: int(5, 1, 100),
  /** While a dependency is down, a batch is retried this long before it is fetched again. */
  CONSUMER_OUTAGE_RETRY_SECONDS: int(60, 1, 3600),
  /** A member that vanishes without leaving holds its partitions this long. */
  CONSUMER_SESSION_TIMEOUT_MS: int(10_000, 6000, 300_000),
  CONSUMER_HEARTBEAT_MS: int(2000, 100, 100_000),
};
export type ConsumerConfig = z.infer<z.ZodObject<typeof consumerConfigShape>>;
export const consumerConfigChecks: ConfigCheck<ConsumerConfig>[] = [
  {
    variable: 'CONSUMER_HEARTBEAT_MS',
    ok: (c) => c.CONSUMER_HEARTBEAT_MS * 3 <= c.CONSUMER_SESSION_TIMEOUT_MS,
    message: 'must be at most a third of CONSUMER_SESSION_TIMEOUT_MS',
  },
];
