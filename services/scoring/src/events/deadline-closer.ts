import { type Actor, type DirectoryView, type Logger, TENANT_SCOPE, todayInVietnam, type Worker } from '@thuocdo/kit';
import type { Period } from '../domain/period';
import { periodsPastDeadline } from '../domain/period-state';
import { closeTenantPeriod, type ScoringDeps, tenantSettings } from '../grpc/scoring-service';

/** Who the schedule closes periods as, in the audit log and the period's closed_by. */
export const DEADLINE_CLOSER = 'scoring:deadline';

/**
 * Closes every tenant's periods once past their deadline (the tenant's closing day of the next
 * month, the 25th say), as
 * HR would by hand: the results stored and frozen, each agency's list published, audited as the
 * schedule. A period that cannot close yet (someone posted cannot be scored) is tried again at
 * the next check and logged; replicas racing on one period close it once (the version decides).
 */
export class DeadlineCloser implements Worker {
  readonly name = 'period deadlines';
  private timer?: NodeJS.Timeout;
  private running?: Promise<void>;

  constructor(
    private readonly deps: {
      scoring: ScoringDeps;
      directory: DirectoryView;
      log: Logger;
      kinds: readonly Period['kind'][];
      intervalMs: number;
      now?: () => Date;
    },
  ) {}

  async start(): Promise<void> {
    if (!this.deps.kinds.length) return;
    this.timer = setInterval(() => {
      this.running ??= this.runOnce()
        .then(() => undefined)
        .catch((err) => this.deps.log.warn({ err: (err as Error).message }, 'period deadlines: run failed'))
        .finally(() => {
          this.running = undefined;
        });
    }, this.deps.intervalMs);
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  /** Checks every tenant once; answers the periods it closed ("tenant/2026-11"). */
  async runOnce(): Promise<string[]> {
    const { scoring, directory, log, kinds } = this.deps;
    const now = this.deps.now?.() ?? new Date();
    const today = todayInVietnam(now);
    const closed: string[] = [];
    for (const tenantId of directory.tenants())
      for (const period of periodsPastDeadline(today, (await tenantSettings(scoring, tenantId)).closingDay, kinds)) {
        const current = await scoring.periods.period(tenantId, period.key);
        if (current.status === 'CLOSED') continue;
        try {
          const entity = await closeTenantPeriod(scoring, this.actor(tenantId, now, today), {
            period,
            version: current.version,
            reason: '',
          });
          closed.push(`${tenantId}/${period.key}`);
          log.info({ tenantId, period: period.key, results: entity.results }, 'period closed at its deadline');
        } catch (err) {
          log.warn({ tenantId, period: period.key, err: (err as Error).message }, 'period past its deadline could not close yet');
        }
      }
    return closed;
  }

  private actor(tenantId: string, now: Date, today: string): Actor {
    return {
      principal: { subject: DEADLINE_CLOSER, tenantId, officialId: '', clientId: DEADLINE_CLOSER, roles: [], serviceAccount: true },
      action: 'scoring.period.manage',
      scope: TENANT_SCOPE,
      directory: this.deps.directory,
      now,
      today,
      newId: () => {
        throw new Error('closing makes no new ids');
      },
    };
  }
}
