/**
 * The local Kafka broker for development and tests: librdkafka's mock cluster hosted in this
 * process. Prints "KAFKA_BROKERS=<address>", writes the address to KAFKA_BROKER_FILE
 * (default .run/kafka-brokers) and runs until SIGTERM/SIGINT. The platform's topics
 * (packages/proto/src/events.ts) are declared at start; others are auto-created on first use.
 * Data lives in memory only. For a real cluster, set KAFKA_BROKERS on the services instead.
 */
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Events } from '@thuocdo/proto';
import { declareTopics, startLocalBroker } from '@thuocdo/testing';

async function main() {
  const broker = await startLocalBroker();
  await declareTopics(
    broker.brokers,
    Object.values(Events).map((e) => e.topic),
  );
  const file = process.env.KAFKA_BROKER_FILE ?? path.resolve(__dirname, '../.run/kafka-brokers');
  if (file) {
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, `${broker.brokers}\n`);
  }
  process.stdout.write(`KAFKA_BROKERS=${broker.brokers}\n`);
  const stop = async () => {
    if (file) rmSync(file, { force: true });
    await broker.stop().catch(() => {});
    process.exit(0);
  };
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
  setInterval(() => {}, 1 << 30); // keep the process alive
}

main().catch((err) => {
  process.stderr.write(`kafka-broker: ${err?.message ?? err}\n`);
  process.exit(1);
});
