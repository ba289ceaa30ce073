import { type ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { KafkaJS, Producer as RdProducer } from '@confluentinc/kafka-javascript';

export interface LocalBroker {
  /** Bootstrap address, for KAFKA_BROKERS. */
  brokers: string;
  stop(): Promise<void>;
}

/**
 * Hosts librdkafka's mock cluster in this process: a real Kafka-protocol listener on
 * 127.0.0.1 with consumer groups and idempotent producers; topics are auto-created.
 * The address is read from the client's "mock" debug log.
 */
export async function startLocalBroker(): Promise<LocalBroker> {
  let resolveAddress: (a: string) => void = () => {};
  const address = new Promise<string>((r) => {
    resolveAddress = r;
  });
  const quiet = () => {};
  // test.mock.num.brokers is a hidden librdkafka property, absent from the client's types.
  const kafka = new KafkaJS.Kafka({
    ...({ 'test.mock.num.brokers': 1 } as object),
    debug: 'mock',
    kafkaJS: {
      // Ignored: the mock cluster replaces the bootstrap servers with its own listener.
      brokers: ['127.0.0.1:9'],
      logger: {
        info: quiet,
        warn: quiet,
        error: quiet,
        debug(message: string) {
          const m = /Mock cluster \S+ bootstrap\.servers=(\S+)/.exec(message);
          if (m) resolveAddress(m[1]);
        },
        namespace() {
          return this;
        },
        setLogLevel: quiet,
      } as unknown as KafkaJS.Logger,
    },
  });
  const host = kafka.producer();
  await host.connect();
  const brokers = await Promise.race([
    address,
    new Promise<string>((_, reject) => setTimeout(() => reject(new Error('mock cluster address not logged')), 10_000)),
  ]);
  return { brokers, stop: () => host.disconnect() };
}

/**
 * Creates topics on the local broker before anyone subscribes, as Kafka topic resources do in
 * production (infra/kafka/topics.yaml). The mock cluster has no CreateTopics; a metadata
 * request for a topic auto-creates it. Consumers only notice a topic created after they
 * subscribed at their next metadata refresh, so declaring topics first keeps start-up quick.
 */
export async function declareTopics(brokers: string, topics: string[]): Promise<void> {
  const client = new RdProducer({ 'bootstrap.servers': brokers, 'allow.auto.create.topics': true });
  await new Promise<void>((resolve, reject) => client.connect({ timeout: 10_000 }, (err) => (err ? reject(err) : resolve())));
  try {
    for (const topic of topics)
      await new Promise<void>((resolve, reject) => client.getMetadata({ topic, timeout: 5000 }, (err) => (err ? reject(err) : resolve())));
  } finally {
    await new Promise<void>((resolve) => client.disconnect(() => resolve()));
  }
}

export interface BrokerProcess extends LocalBroker {
  child: ChildProcess;
  /** Freezes the broker process: it stops answering, as a broker behind a broken network. */
  pause(): void;
  resume(): void;
}

const REPO_ROOT = path.resolve(__dirname, '../../..');

/** Runs scripts/kafka-broker.ts in its own process (as `npm run up` does). */
export async function spawnLocalBroker(): Promise<BrokerProcess> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(REPO_ROOT, 'scripts/kafka-broker.ts')], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, KAFKA_BROKER_FILE: '' },
  });
  const brokers = await new Promise<string>((resolve, reject) => {
    let out = '';
    const t = setTimeout(() => reject(new Error('local broker did not start')), 20_000);
    child.stdout!.on('data', (d) => {
      out += d;
      const m = /KAFKA_BROKERS=(\S+)/.exec(out);
      if (m) {
        clearTimeout(t);
        resolve(m[1]);
      }
    });
    child.once('exit', (code) => reject(new Error(`local broker exited with ${code}`)));
  });
  return {
    brokers,
    child,
    pause: () => child.kill('SIGSTOP'),
    resume: () => child.kill('SIGCONT'),
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.kill('SIGCONT');
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
