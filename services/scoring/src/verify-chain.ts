import { type ChainEntry, type ChainProblem, verifyChain } from './domain/chain';
import type { EvaluationStore } from './store/evaluation-store';

export interface ChainReport {
  tenantId: string;
  entries: number;
  /** Approvals that still stand (not withdrawn by a reopening). */
  standing: number;
  problems: ChainProblem[];
}

/**
 * Verifies the chains of approved results (one tenant's, or every tenant's): each entry's hash,
 * its link to the one before, and that every approval still standing is about the result stored
 * now. Read-only.
 */
export async function verifyChains(store: EvaluationStore, tenantId?: string): Promise<ChainReport[]> {
  const reports: ChainReport[] = [];
  for (const tenant of tenantId ? [tenantId] : await store.chainTenants()) {
    const entries: ChainEntry[] = [];
    for await (const page of store.chainEntries(tenant)) entries.push(...page);
    const standing = new Map<string, { period: string; officialId: string }>();
    for (const e of entries) {
      const key = `${e.period}\u0000${e.officialId}`;
      if (e.kind === 'APPROVED') standing.set(key, e);
      else standing.delete(key);
    }
    const digests = await store.resultDigests(tenant, [...standing.values()]);
    const problems = verifyChain(entries, (period, officialId) => digests.get(`${period}\u0000${officialId}`));
    reports.push({ tenantId: tenant, entries: entries.length, standing: standing.size, problems });
  }
  return reports;
}

/** What the command prints: one line per tenant, one per problem. */
export function formatReports(reports: ChainReport[]): string {
  if (!reports.length) return 'No approved results yet: nothing to verify.';
  return reports
    .flatMap((r) => [
      `${r.tenantId}: ${r.entries} entries, ${r.standing} approvals standing — ${r.problems.length ? `${r.problems.length} problem(s)` : 'chain intact'}`,
      ...r.problems.map((p) => `  entry ${p.seq}: ${p.problem}`),
    ])
    .join('\n');
}
