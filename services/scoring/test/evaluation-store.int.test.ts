import { type Pool, withTransaction } from '@thuocdo/db';
import { DIRECTORY_MIGRATIONS } from '@thuocdo/directory';
import { type Actor, assetPath, OrgDirectory, TENANT_SCOPE } from '@thuocdo/kit';
import { EventEncoder } from '@thuocdo/messaging';
import { Events } from '@thuocdo/proto';
import { migratedTestDatabase } from '@thuocdo/testing';
import { TENANT } from '@thuocdo/testing/src/domain-fixtures';
import { type ChainEntry, verifyChain } from '../src/domain/chain';
import { type Evaluation, type EvaluationStep, noEvaluation } from '../src/domain/evaluation';
import { evaluationEvents } from '../src/events/evaluation-events';
import { EvaluationStore } from '../src/store/evaluation-store';

// Reopening a period withdraws every consolidation and approval in one transaction (real
// PostgreSQL): each approval withdrawn is chained after the tenant's newest entry, in order, and
// the chain still verifies; the evaluations move back to the collective's review, each audited
// and published once.

const PERIOD = '2026-10';
const now = new Date('2026-11-20T03:00:00Z');
const actor: Actor = {
  principal: { subject: 'hr', tenantId: TENANT, officialId: '', clientId: 'test', roles: ['hr_admin'], serviceAccount: false },
  action: 'evaluation.approve',
  scope: TENANT_SCOPE,
  directory: new OrgDirectory(),
  now,
  today: '2026-11-20',
  newId: () => '0190f3a2-0000-7000-8000-000000000001',
};
const official = (k: number) => `0190f3a2-6666-7aaa-8bbb-${String(k).padStart(12, '0')}`;
const step = (stage: EvaluationStep['stage'], total: number | null = null): EvaluationStep => ({
  stage,
  by: 'hr',
  byOfficialId: null,
  at: now,
  comment: '',
  criteria: [],
  total,
  grade: total === null ? null : 'GOOD',
  chainHash: null,
  withdrawn: false,
});
/** An evaluation taken up to consolidation, or to approval as well. */
const evaluationAt = (k: number, approved: boolean): Evaluation => ({
  ...noEvaluation(TENANT, PERIOD, official(k)),
  stage: approved ? 'APPROVED' : 'HR_CONSOLIDATED',
  steps: [
    step('SELF_ASSESSED'),
    step('MANAGER_REVIEWED'),
    step('COMMITTEE_REVIEWED'),
    step('HR_CONSOLIDATED', 8000 + k),
    ...(approved ? [step('APPROVED', 8000 + k)] : []),
  ],
  version: 1,
});

describe('withdrawing a reopened period’s evaluations', () => {
  let pool: Pool;
  let close: () => Promise<void>;
  let store: EvaluationStore;

  beforeAll(async () => {
    ({ pool, close } = await migratedTestDatabase('scoring_evaluation_store', assetPath('services/scoring/migrations'), [
      DIRECTORY_MIGRATIONS,
    ]));
    store = new EvaluationStore(pool, evaluationEvents(new EventEncoder('scoring', [Events.EvaluationChanged])));
  });
  afterAll(() => close?.());

  it('chains every approval withdrawn after the newest entry, in one go, and the chain still verifies', async () => {
    // Five approved (chained one by one, as approvals are) and two consolidated only.
    for (let k = 1; k <= 7; k++) {
      const next = evaluationAt(k, k <= 5);
      await store.save(next, noEvaluation(TENANT, PERIOD, official(k)), actor, {
        packCode: 'ND335-2025',
        packVersion: 1,
        breakdown: Buffer.from(`result ${k}`),
      });
    }
    const outboxBefore = (await pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n;

    const withdrawn = await withTransaction(pool, (c) => store.withdrawForReopen(c, TENANT, PERIOD, actor));
    expect(withdrawn).toBe(7);

    const entries: ChainEntry[] = [];
    for await (const page of store.chainEntries(TENANT)) entries.push(...page);
    expect(entries.map((e) => [e.seq, e.kind, e.officialId])).toEqual([
      ...[1, 2, 3, 4, 5].map((k) => [k, 'APPROVED', official(k)]),
      ...[1, 2, 3, 4, 5].map((k) => [5 + k, 'WITHDRAWN', official(k)]),
    ]);
    // A withdrawal repeats the approval it withdraws: its pack and the digest of the result.
    expect(entries[5]).toMatchObject({ packCode: 'ND335-2025', packVersion: 1, resultDigest: entries[0].resultDigest, total: 8001 });
    expect(verifyChain(entries, () => undefined)).toEqual([]);

    const after = await store.evaluations(TENANT, PERIOD, [1, 2, 3, 4, 5, 6, 7].map(official));
    expect([...after.values()].map((e) => [e.stage, e.version, e.steps.filter((s) => s.withdrawn).length]).sort()).toEqual(
      [...[6, 7].map(() => ['COMMITTEE_REVIEWED', 2, 1]), ...[1, 2, 3, 4, 5].map(() => ['COMMITTEE_REVIEWED', 2, 2])].sort(),
    );
    const audit = await pool.query("SELECT count(*)::int AS n FROM audit_log WHERE entity_type = 'evaluation' AND before IS NOT NULL");
    expect(audit.rows[0].n).toBe(7);
    expect((await pool.query('SELECT count(*)::int AS n FROM outbox')).rows[0].n - outboxBefore).toBe(7);

    // Nothing left to withdraw: a second reopening writes nothing.
    await expect(withTransaction(pool, (c) => store.withdrawForReopen(c, TENANT, PERIOD, actor))).resolves.toBe(0);
  });
});
