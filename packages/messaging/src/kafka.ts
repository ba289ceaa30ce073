import { KafkaJS } from '@confluentinc/kafka-javascript';

export type Kafka = KafkaJS.Kafka;
export type Producer = KafkaJS.Producer;
export type Consumer = KafkaJS.Consumer;

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

/**
 * Idempotent producer (acks=all, ordered per partition, no duplicates on internal retries).
 * Sends fail after `timeoutMs` instead of librdkafka's 5-minute default so that callers such as
 * the outbox relay notice an unreachable broker and retry later.
 */
export function createProducer(kafka: Kafka, timeoutMs = 10_000): Producer {
  return kafka.producer({
    kafkaJS: { idempotent: true, acks: -1 },
    'linger.ms': 5,
    'message.timeout.ms': timeoutMs,
    'compression.type': 'lz4',
  });
}

/**
 * Health probe: resolves when the cluster answers a metadata request. Uses an admin client
 * that shares the producer's connections, and never creates a topic.
 */
export function pingKafka(producer: Producer): () => Promise<unknown> {
  let admin: KafkaJS.Admin | undefined;
  return async () => {
    if (!admin) {
      const created = producer.dependentAdmin();
      await created.connect();
      admin = created;
    }
    return admin.listTopics({ timeout: 1000 });
  };
}
