/**
 * What must hold when parts of the platform fail: the broker stops answering, an event is
 * delivered twice, a database becomes unreachable, a service is stopped mid-stream.
 */
import { randomUUID } from 'node:crypto';
import { todayInVietnam } from '@thuocdo/kit';
import { objectivesV1 } from '@thuocdo/proto';
import { callMetadata, healthStatus, unary } from '@thuocdo/service';
import { TcpProxy } from '@thuocdo/testing';
import {
  adminToken,
  createOrgFixture,
  dailyWork,
  logWorkFor,
  metricValue,
  type OrgFixture,
  person,
  sleep,
  startTestPlatform,
  type TestPlatform,
  until,
} from './support';

describe('resilience', () => {
  let tp: TestPlatform;
  let leaderToken: string;
  const today = todayInVietnam();

  beforeAll(async () => {
    tp = await startTestPlatform();
    leaderToken = (await person(tp, [{ role: 'province_leader' }])).token;
  });
  afterAll(() => tp?.stop());

  // Each entry says something of its own: the diary refuses a second identical entry of the same day.
  const logFor = (fx: OrgFixture, minutes: number, requestId = '') =>
    logWorkFor(tp, fx, { minutes, requestId, note: `entry ${requestId || randomUUID()}` });

  const agencyTotals = async (agencyId: string) => {
    const rows = await dailyWork(tp, leaderToken, today, today, agencyId);
    return rows[0] ? { minutes: rows[0].minutes, entries: rows[0].entries } : { minutes: 0, entries: 0 };
  };

  it('delivers a log written while the broker does not answer once it is back', async () => {
    const fx = await createOrgFixture(tp, 'OUTBOX');
    const failuresBefore = await metricValue(tp, 'worklog', 'outbox_publish_failures_total');
    tp.platform.broker.pause();
    let entryId: string;
    try {
      entryId = (await logFor(fx, 75)).entry!.id; // acknowledged: it is in PostgreSQL with its event
      // The relay tries, its send times out (KAFKA_SEND_TIMEOUT_MS), and the row stays unpublished.
      await until(
        'a failed publish attempt',
        async () => (await metricValue(tp, 'worklog', 'outbox_publish_failures_total')) > failuresBefore,
        60_000,
      );
      const [row] = await tp.sql('worklog', 'SELECT published_at FROM outbox WHERE message_key = $1', [entryId]);
      expect(row.published_at).toBeNull();
    } finally {
      tp.platform.broker.resume();
    }
    expect(
      await until('the entry in analytics', async () => ((await agencyTotals(fx.agency.id)).entries === 1 ? true : undefined), 60_000),
    ).toBe(true);
    expect(await agencyTotals(fx.agency.id)).toEqual({ minutes: 75, entries: 1 });
  });

  /** Events analytics' fact consumer has applied from worklog's topic, from its /metrics. */
  const appliedByAnalytics = () =>
    metricValue(tp, 'analytics', 'consumer_events_total{group="analytics.facts",topic="worklog.work-logged.v1",outcome="applied"}');

  it('counts a redelivered event once in ClickHouse', async () => {
    const fx = await createOrgFixture(tp, 'REDELIVER');
    const { entry } = await logFor(fx, 40);
    await until('first delivery', async () => ((await agencyTotals(fx.agency.id)).entries === 1 ? true : undefined));
    const before = await appliedByAnalytics();
    // Make the relay publish the same event again, as after a crash between send and commit.
    await tp.sql('worklog', 'UPDATE outbox SET published_at = NULL WHERE message_key = $1', [entry!.id]);
    await until('republished', async () => {
      const [r] = await tp.sql('worklog', 'SELECT published_at, attempts FROM outbox WHERE message_key = $1', [entry!.id]);
      return r.published_at && r.attempts === 2 ? true : undefined;
    });
    // The consumer has handled the duplicate once its applied count has moved past it.
    await until('the duplicate handled', async () => ((await appliedByAnalytics()) >= before + 1 ? true : undefined));
    expect(await agencyTotals(fx.agency.id)).toEqual({ minutes: 40, entries: 1 });
    await logFor(fx, 20);
    await until('the next entry handled', async () => ((await appliedByAnalytics()) >= before + 2 ? true : undefined));
    expect(await agencyTotals(fx.agency.id)).toEqual({ minutes: 60, entries: 2 });
  });

  it('reports NOT_SERVING while the broker does not answer, on every service that uses it, and SERVING after', async () => {
    const users = ['org', 'catalog', 'worklog', 'analytics'] as const;
    const statuses = () => Promise.all(users.map((s) => healthStatus(tp.platform.address(s)).catch(() => 'UNKNOWN')));
    // Another test may have just cut the broker: start from a platform that has recovered.
    await until('every service SERVING', async () => ((await statuses()).every((x) => x === 'SERVING') ? true : undefined), 30_000);
    tp.platform.broker.pause();
    try {
      await until(
        'every service NOT_SERVING',
        async () => ((await statuses()).every((x) => x === 'NOT_SERVING') ? true : undefined),
        20_000,
      );
    } finally {
      tp.platform.broker.resume();
    }
    await until('every service SERVING again', async () => ((await statuses()).every((x) => x === 'SERVING') ? true : undefined), 30_000);
    expect(
      await until('the gateway ready again', async () => ((await fetch(`${tp.platform.gatewayUrl}/healthz`)).ok ? true : undefined)),
    ).toBe(true);
  });

  it('reports NOT_SERVING while its database is unreachable and SERVING after', async () => {
    const proxy = await TcpProxy.start('127.0.0.1', 5432);
    try {
      await tp.platform.stopService('worklog');
      const url = new URL(tp.platform.databaseUrl('worklog'));
      url.port = String(proxy.port);
      await tp.platform.startService('worklog', { DATABASE_URL: url.toString() });
      const address = tp.platform.address('worklog');
      expect(await healthStatus(address)).toBe('SERVING');
      proxy.block();
      expect(await until('NOT_SERVING', async () => ((await healthStatus(address)) === 'NOT_SERVING' ? true : undefined), 15_000)).toBe(
        true,
      );
      expect(await healthStatus(address, 'thuocdo.worklog.v1.WorklogService')).toBe('NOT_SERVING');
      proxy.unblock();
      expect(await until('SERVING again', async () => ((await healthStatus(address)) === 'SERVING' ? true : undefined), 15_000)).toBe(true);
      // Packets dropped rather than connections refused: calls hang, and the probe's deadline says so.
      proxy.blackhole();
      expect(
        await until(
          'NOT_SERVING in the black hole',
          async () => ((await healthStatus(address)) === 'NOT_SERVING' ? true : undefined),
          15_000,
        ),
      ).toBe(true);
      const gateway = await until('the gateway not ready', async () => {
        const r = await fetch(`${tp.platform.gatewayUrl}/healthz`);
        return r.status === 503 ? r : undefined;
      });
      expect(((await gateway.json()) as any).failures.join(' ')).toMatch(/worklog/);
      proxy.unblock();
      expect(await until('SERVING again', async () => ((await healthStatus(address)) === 'SERVING' ? true : undefined), 20_000)).toBe(true);
    } finally {
      await proxy.stop();
      await tp.platform.stopService('worklog');
      await tp.platform.startService('worklog');
      tp.reconnect();
    }
  });

  it('loses no acknowledged write when SIGTERM arrives during a stream of writes', async () => {
    const fx = await createOrgFixture(tp, 'SIGTERM');
    const acknowledged: string[] = [];
    let failures = 0;
    let stop = false;
    const writer = async () => {
      while (!stop) {
        try {
          const { entry } = await logFor(fx, 1, randomUUID());
          acknowledged.push(entry!.id);
        } catch {
          failures++; // refused or cut: not acknowledged, the caller would retry
          await sleep(20);
        }
      }
    };
    const writers = Array.from({ length: 8 }, writer);
    await until('writes flowing', async () => (acknowledged.length > 50 ? true : undefined));
    const exitCode = await tp.platform.stopService('worklog', 'SIGTERM');
    stop = true;
    await Promise.all(writers);
    expect(exitCode).toBe(0);
    expect(acknowledged.length).toBeGreaterThan(50);
    // The relay flushed before the process exited: nothing is left waiting in the outbox.
    const [{ n: pending }] = await tp.sql<{ n: number }>('worklog', 'SELECT count(*)::int AS n FROM outbox WHERE published_at IS NULL');
    expect(pending).toBe(0);

    const rows = await tp.sql<{ id: string }>('worklog', 'SELECT id FROM work_log_entry WHERE official_id = $1', [fx.official.id]);
    const stored = new Set(rows.map((r) => r.id));
    expect(acknowledged.filter((id) => !stored.has(id))).toEqual([]);

    // Every stored entry's event leaves through the outbox once worklog is back, and is counted once.
    await tp.platform.startService('worklog');
    tp.reconnect();
    const totals = await until(
      'all entries in analytics',
      async () => {
        const t = await agencyTotals(fx.agency.id);
        return t.entries === stored.size ? t : undefined;
      },
      60_000,
    );
    expect(totals).toEqual({ minutes: stored.size, entries: stored.size });
    process.stdout.write(
      `shutdown test: ${acknowledged.length} acknowledged, ${stored.size} stored, ${failures} refused during shutdown\n`,
    );
  });

  it('keeps every acknowledged check-in once, and progress right, when the catalog is killed (SIGKILL) under a stream of check-ins and callers retry', async () => {
    const fx = await createOrgFixture(tp, 'OKRKILL');
    const admin = callMetadata(await adminToken(tp));
    const { ObjectiveLevel, Commitment, KeyResultKind, Direction } = objectivesV1;
    const year = Number(today.slice(0, 4));
    const objective = async (level: objectivesV1.ObjectiveLevel, nodeId: string, parentId: string) =>
      (
        await unary<objectivesV1.CreateObjectiveResponse>((cb) =>
          tp.clients.objectives.createObjective(
            objectivesV1.CreateObjectiveRequest.fromPartial({
              fields: {
                level,
                nodeId,
                parentId,
                ownerOfficialId: fx.official.id,
                title: `Mục tiêu ${randomUUID().slice(0, 6)}`,
                commitment: Commitment.COMMITMENT_COMMITTED,
                period: { year, quarter: 0 },
              },
            }),
            admin,
            cb,
          ),
        )
      ).objective!;
    const root = await objective(ObjectiveLevel.OBJECTIVE_LEVEL_TENANT, '', '');
    const agency = await objective(ObjectiveLevel.OBJECTIVE_LEVEL_AGENCY, fx.agency.id, root.id);
    const { keyResult } = await unary<objectivesV1.CreateKeyResultResponse>((cb) =>
      tp.clients.objectives.createKeyResult(
        objectivesV1.CreateKeyResultRequest.fromPartial({
          objectiveId: agency.id,
          fields: {
            title: 'Hồ sơ số hoá',
            kind: KeyResultKind.KEY_RESULT_KIND_NUMBER,
            start: 0,
            target: 10_000,
            direction: Direction.DIRECTION_INCREASING,
            weight: 1,
          },
        }),
        admin,
        cb,
      ),
    );
    const checkIn = (requestId: string, value: number) =>
      unary<objectivesV1.CheckInKeyResultResponse>((cb) =>
        tp.clients.objectives.checkInKeyResult(
          { keyResultId: keyResult!.id, value, confidence: 0.5, comment: '', checkInDate: today, requestId },
          admin,
          cb,
        ),
      );
    /** Check-ins answered, by request id: the id answered and the value sent. */
    const acknowledged = new Map<string, { id: string; value: number }>();
    const unanswered = new Map<string, number>();
    let next = 0;
    let stop = false;
    const writer = async () => {
      while (!stop) {
        const requestId = randomUUID();
        const value = ++next;
        try {
          acknowledged.set(requestId, { id: (await checkIn(requestId, value)).checkIn!.id, value });
        } catch {
          unanswered.set(requestId, value); // cut or refused: the caller retries it with the same request id
          await sleep(20);
        }
      }
    };
    const writers = Array.from({ length: 6 }, writer);
    await until('check-ins flowing', async () => (acknowledged.size > 40 ? true : undefined));
    await tp.platform.stopService('catalog', 'SIGKILL');
    stop = true;
    await Promise.all(writers);

    await tp.platform.startService('catalog');
    tp.reconnect();
    for (const [requestId, value] of unanswered) acknowledged.set(requestId, { id: (await checkIn(requestId, value)).checkIn!.id, value });
    // A retry of one already answered answers the same check-in again: nothing twice.
    for (const [requestId, { id, value }] of [...acknowledged].slice(0, 5)) expect((await checkIn(requestId, value)).checkIn!.id).toBe(id);

    const rows = await tp.sql<{ id: string; request_id: string }>(
      'catalog',
      'SELECT id, request_id::text FROM key_result_check_in WHERE key_result_id = $1',
      [keyResult!.id],
    );
    expect(rows.length).toBe(acknowledged.size);
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(rows.length);
    const stored = new Map(rows.map((r) => [r.request_id, r.id]));
    expect([...acknowledged].filter(([requestId, { id }]) => stored.get(requestId) !== id)).toEqual([]);
    // Progress above the key result follows its current value, and every check-in left an event in the outbox.
    const { keyResults, objective: after } = await unary<objectivesV1.GetObjectiveResponse>((cb) =>
      tp.clients.objectives.getObjective({ id: agency.id }, admin, cb),
    );
    expect(after!.progress).toBeCloseTo(keyResults[0].current / 10_000, 12);
    const { objective: top } = await unary<objectivesV1.GetObjectiveResponse>((cb) =>
      tp.clients.objectives.getObjective({ id: root.id }, admin, cb),
    );
    expect(top!.progress).toBeCloseTo(after!.progress!, 12);
    const [{ n: events }] = await tp.sql<{ n: number }>(
      'catalog',
      "SELECT count(*)::int AS n FROM outbox WHERE topic = 'catalog.key-result-changed.v1' AND message_key = $1",
      [keyResult!.id],
    );
    expect(events).toBe(rows.length + 1);
    process.stdout.write(`catalog kill test: ${rows.length} check-ins stored once, ${unanswered.size} retried after the restart\n`);
  });
  it('keeps every acknowledged diary entry once, and each day total right, when worklog is killed (SIGKILL) under concurrent writes that retry', async () => {
    // Four officials written to at once: their entries share LogWork's statements (the coalesced
    // write), so the kill lands while statements carry several callers' entries.
    const fixtures = await Promise.all(['KILLW1', 'KILLW2', 'KILLW3', 'KILLW4'].map((code) => createOrgFixture(tp, code)));
    const acknowledged = new Map<string, { id: string; fx: OrgFixture; minutes: number }>();
    const unanswered = new Map<string, { fx: OrgFixture; minutes: number }>();
    let stop = false;
    let n = 0;
    const writer = async (w: number) => {
      while (!stop) {
        const fx = fixtures[w % fixtures.length];
        const requestId = randomUUID();
        const minutes = 1 + (++n % 5);
        try {
          const { entry } = await logFor(fx, minutes, requestId);
          acknowledged.set(requestId, { id: entry!.id, fx, minutes });
        } catch {
          unanswered.set(requestId, { fx, minutes }); // cut or refused: the caller sends it again, the same, with the same request id
          await sleep(20);
        }
      }
    };
    const writers = Array.from({ length: 12 }, (_, w) => writer(w));
    await until('writes flowing', async () => (acknowledged.size > 100 ? true : undefined));
    await tp.platform.stopService('worklog', 'SIGKILL');
    stop = true;
    await Promise.all(writers);

    await tp.platform.startService('worklog');
    tp.reconnect();
    // The retries: a request the killed process had written answers its stored entry, the others are written now.
    for (const [requestId, { fx, minutes }] of unanswered) {
      const { entry } = await logFor(fx, minutes, requestId);
      acknowledged.set(requestId, { id: entry!.id, fx, minutes });
    }
    // A retry of one already answered answers the same entry again: nothing twice.
    for (const [requestId, { id, fx, minutes }] of [...acknowledged].slice(0, 5))
      expect((await logFor(fx, minutes, requestId)).entry!.id).toBe(id);
    const ids = fixtures.map((f) => f.official.id);
    const rows = await tp.sql<{ id: string; request_id: string; official_id: string; minutes: number }>(
      'worklog',
      'SELECT id, request_id::text, official_id, minutes FROM work_log_entry WHERE official_id = ANY($1::uuid[])',
      [ids],
    );
    // Nothing acknowledged is lost, nothing is stored twice.
    const stored = new Map(rows.map((r) => [r.request_id, r.id]));
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(rows.length);
    expect([...acknowledged].filter(([requestId, { id }]) => stored.get(requestId) !== id)).toEqual([]);
    // Each official's day total is the sum of its stored entries, and its count their number.
    const days = await tp.sql<{ official_id: string; total_minutes: number; entry_count: number }>(
      'worklog',
      'SELECT official_id, total_minutes, entry_count FROM diary_day WHERE official_id = ANY($1::uuid[]) AND work_date = $2',
      [ids, today],
    );
    for (const official of ids) {
      const mine = rows.filter((r) => r.official_id === official);
      expect(days.find((d) => d.official_id === official)).toMatchObject({
        total_minutes: mine.reduce((a, r) => a + r.minutes, 0),
        entry_count: mine.length,
      });
    }
    // Every stored entry's event is in the outbox once.
    const [{ n: events }] = await tp.sql<{ n: number }>(
      'worklog',
      "SELECT count(*)::int AS n FROM outbox WHERE topic = 'worklog.work-logged.v1' AND message_key = ANY($1::text[])",
      [rows.map((r) => r.id)],
    );
    expect(events).toBe(rows.length);
    process.stdout.write(
      `worklog kill test: ${rows.length} entries stored once, ${acknowledged.size} acknowledged, ${unanswered.size} sent again after the restart\n`,
    );
  });
});
