/**
 * Periods close on schedule once past their deadline: here the tenant closes as soon as a month
 * ends (closing day 0), so last month is due at once and this month is not.
 */
import type { Metadata } from '@grpc/grpc-js';
import { todayInVietnam } from '@thuocdo/kit';
import { scoringV1 } from '@thuocdo/proto';
import { callMetadata, unary } from '@thuocdo/service';
import { adminToken, createOrgFixture, startTestPlatform, type TestPlatform, until } from './support';

describe('period deadlines', () => {
  let tp: TestPlatform;
  let admin: Metadata;
  const today = todayInVietnam();
  const [y, m] = today.split('-').map(Number);
  const lastMonth = m === 1 ? `${y - 1}-12` : `${y}-${String(m - 1).padStart(2, '0')}`;
  const thisMonth = today.slice(0, 7);

  beforeAll(async () => {
    tp = await startTestPlatform([], {
      env: { SCORING_AUTO_CLOSE: 'months', SCORING_CLOSING_DAY: '0', SCORING_DEADLINE_CHECK_INTERVAL_MS: '300' },
    });
    admin = callMetadata(await adminToken(tp));
    await createOrgFixture(tp, 'HANCHOT');
  });
  afterAll(() => tp?.stop());

  const period = (key: string) =>
    unary<scoringV1.GetPeriodResponse>((cb) => tp.clients.scoring.getPeriod({ period: key }, admin, cb)).then((r) => r.period!);

  it('closes last month on schedule, as the schedule and audited, and leaves this month open until its own deadline', async () => {
    const closed = await until('last month closed on schedule', async () => {
      const p = await period(lastMonth);
      return p.status === scoringV1.PeriodStatus.PERIOD_STATUS_CLOSED ? p : undefined;
    });
    expect(closed).toMatchObject({ closedBy: 'scoring:deadline', version: 1 });
    // Everyone scoring knew of when it closed (the schedule may run before the fixture is known).
    const [{ n }] = await tp.sql<{ n: number }>('scoring', 'SELECT count(*)::int AS n FROM period_result WHERE period = $1', [lastMonth]);
    expect(closed.results).toBe(n);
    const [audit] = await tp.sql<{ actor_subject: string }>(
      'scoring',
      "SELECT actor_subject FROM audit_log WHERE entity_type = 'period' AND entity_id = $1",
      [lastMonth],
    );
    expect(audit).toEqual({ actor_subject: 'scoring:deadline' });
    const lastDay = new Date(Date.UTC(y, m, 0)).getUTCDate();
    expect(await period(thisMonth)).toMatchObject({
      status: scoringV1.PeriodStatus.PERIOD_STATUS_OPEN,
      version: 0,
      deadline: `${thisMonth}-${lastDay}`,
    });
  });
});
