import { type Pool, withTransaction } from '@thuocdo/db';
import { DIRECTORY_MIGRATIONS } from '@thuocdo/directory';
import { type Actor, assetPath, OrgDirectory, TENANT_SCOPE, WriteConflict } from '@thuocdo/kit';
import { EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import { migratedTestDatabase, until } from '@thuocdo/testing';
import { TENANT } from '@thuocdo/testing/src/domain-fixtures';
import type { Assessment } from '../src/domain/assessment';
import { parsePeriod } from '../src/domain/period';
import { resultEvents } from '../src/events/result-events';
import { saveClosed, scoreTenant } from '../src/grpc/scoring-service';
import { AssessmentStore } from '../src/store/assessment-store';
import { FactStore } from '../src/store/fact-store';
import { PackChoiceStore } from '../src/store/pack-choice-store';
import { PeriodStore } from '../src/store/period-store';
import { UnitKpiStore } from '../src/store/unit-kpi-store';

// Recording an assessment while the period closes (real PostgreSQL): either the closing sees it
// or the recording is refused; never a recording acknowledged and missing from the frozen results.

const OFFICIAL = '0190f3a2-6666-7aaa-8bbb-000000000001';
const now = new Date('2026-11-20T03:00:00Z');
const actor: Actor = {
  principal: { subject: 'hr', tenantId: TENANT, officialId: '', clientId: 'test', roles: ['hr_admin'], serviceAccount: false },
  action: 'scoring.period.manage',
  scope: TENANT_SCOPE,
  directory: new OrgDirectory(),
  now,
  today: '2026-11-20',
  newId: () => '0190f3a2-0000-7000-8000-000000000001',
};
const assessment = (version: number): Assessment => ({
  tenantId: TENANT,
  period: '2026-10',
  officialId: OFFICIAL,
  general: { INNOVATION: 800 + version },
  organisationReduced: false,
  unityReduced: false,
  disqualifiers: [],
  comment: '',
  by: 'head',
  at: now,
  version,
});

describe('closing and recording an assessment at once', () => {
  let pool: Pool;
  let close: () => Promise<void>;
  let stores: { facts: FactStore; assessments: AssessmentStore; periods: PeriodStore; choices: PackChoiceStore; unitKpis: UnitKpiStore };
  const event = resultEvents(new EventEncoder('scoring', [Events.PeriodResultsChanged]));
  const october = parsePeriod('2026-10');

  beforeAll(async () => {
    ({ pool, close } = await migratedTestDatabase('scoring_closing_race', assetPath('services/scoring/migrations'), [
      DIRECTORY_MIGRATIONS,
    ]));
    stores = {
      facts: new FactStore(pool),
      assessments: new AssessmentStore(pool),
      periods: new PeriodStore(pool),
      choices: new PackChoiceStore(pool),
      unitKpis: new UnitKpiStore(pool),
    };
  });
  afterAll(() => close());

  it('refuses to freeze results when an assessment was recorded after they were worked out, and writes nothing', async () => {
    const results = await scoreTenant(stores, actor.directory, now, TENANT, october);
    await stores.assessments.save({ entity: assessment(1), events: [] }, actor, undefined);
    const before = await stores.periods.period(TENANT, '2026-10');
    const next = { ...before, status: 'CLOSED' as const, closedAt: now, closedBy: 'hr', results: results.count, version: 1 };
    await expect(saveClosed(stores, event, next, before, actor, results)).rejects.toBeInstanceOf(WriteConflict);
    expect((await stores.periods.period(TENANT, '2026-10')).version).toBe(0);
    // Worked out again, it closes.
    const again = await scoreTenant(stores, actor.directory, now, TENANT, october);
    await saveClosed(stores, event, next, before, actor, again);
    expect((await stores.periods.period(TENANT, '2026-10')).status).toBe('CLOSED');
  });

  it('makes a recording wait for a closing under way, then refuses it once the period is closed', async () => {
    const period = '2026-09';
    let release!: () => void;
    const held = new Promise<void>((r) => {
      release = r;
    });
    // A closing transaction holding the period's lock, not yet committed.
    const closing = withTransaction(pool, async (c) => {
      await c.query("SELECT pg_advisory_xact_lock(hashtext('scoring.period:' || $1 || ':' || $2))", [TENANT, period]);
      await c.query("INSERT INTO period (tenant_id, period, status, results, version) VALUES ($1, $2, 'CLOSED', 0, 1)", [TENANT, period]);
      await held;
    });
    await until('the closing to hold the lock', async () => {
      const { rows } = await pool.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND granted");
      return rows[0].n > 0 ? true : undefined;
    });
    const recording = stores.assessments.save({ entity: { ...assessment(1), period }, events: [] }, actor, undefined);
    await until('the recording to wait for it', async () => {
      const { rows } = await pool.query("SELECT count(*)::int AS n FROM pg_locks WHERE locktype = 'advisory' AND NOT granted");
      return rows[0].n > 0 ? true : undefined;
    });
    release();
    await closing;
    await expect(recording).rejects.toBeInstanceOf(WriteConflict);
    const { rows } = await pool.query('SELECT count(*)::int AS n FROM assessment WHERE period = $1', [period]);
    expect(rows[0].n).toBe(0);
  });
});
