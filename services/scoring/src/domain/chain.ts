import { createHash } from 'node:crypto';
import type { Grade } from './rule-pack';

// ---------------------------------------------------------------------------------------------
// Approved results are tamper-evident: each approval (and each withdrawal, when a period is
// reopened) is an entry of the tenant's chain whose hash covers its content and the previous
// entry's hash. Changing, removing or reordering an entry, or the stored result an approval is
// about, breaks the chain from there on, and `verifyChain` says where.

export interface ChainContent {
  tenantId: string;
  /** 1, 2, 3, … within the tenant. */
  seq: number;
  kind: 'APPROVED' | 'WITHDRAWN';
  period: string;
  officialId: string;
  /** Hundredths of a point, with the quota applied. */
  total: number;
  grade: Grade;
  packCode: string;
  packVersion: number;
  /** SHA-256 (hex) of the stored result's breakdown the approval is about. */
  resultDigest: string;
  by: string;
  at: Date;
  prevHash: string;
}

export interface ChainEntry extends ChainContent {
  hash: string;
}

/** The previous hash of a tenant's first entry. */
export const GENESIS = '0'.repeat(64);

export const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** The hash of an entry: every field, in a fixed order, after the previous entry's hash. */
export function entryHash(c: ChainContent): string {
  return sha256(
    JSON.stringify([
      c.prevHash,
      c.tenantId,
      c.seq,
      c.kind,
      c.period,
      c.officialId,
      c.total,
      c.grade,
      c.packCode,
      c.packVersion,
      c.resultDigest,
      c.by,
      c.at.toISOString(),
    ]),
  );
}

/** The next entry after `head` (none: the tenant's first). */
export function nextEntry(head: ChainEntry | undefined, c: Omit<ChainContent, 'seq' | 'prevHash'>): ChainEntry {
  const content: ChainContent = { ...c, seq: (head?.seq ?? 0) + 1, prevHash: head?.hash ?? GENESIS };
  return { ...content, hash: entryHash(content) };
}

export interface ChainProblem {
  seq: number;
  problem: string;
}

/**
 * Checks a tenant's chain, in order of seq: each entry follows the one before it and its hash is
 * that of its content; and each approval that still stands (not followed by a withdrawal of the
 * same official's period) is about the result stored now (`digestNow`: undefined when gone).
 */
export function verifyChain(entries: ChainEntry[], digestNow: (period: string, officialId: string) => string | undefined): ChainProblem[] {
  const problems: ChainProblem[] = [];
  let prev: ChainEntry | undefined;
  const standing = new Map<string, ChainEntry>();
  for (const e of entries) {
    if (e.seq !== (prev?.seq ?? 0) + 1) problems.push({ seq: e.seq, problem: `expected entry ${(prev?.seq ?? 0) + 1}: entries missing` });
    if (e.prevHash !== (prev?.hash ?? GENESIS)) problems.push({ seq: e.seq, problem: 'does not follow the entry before it' });
    if (entryHash(e) !== e.hash) problems.push({ seq: e.seq, problem: 'content does not match its hash' });
    const key = `${e.period}\u0000${e.officialId}`;
    if (e.kind === 'APPROVED') standing.set(key, e);
    else standing.delete(key);
    prev = e;
  }
  for (const e of standing.values()) {
    const now = digestNow(e.period, e.officialId);
    if (now !== e.resultDigest)
      problems.push({ seq: e.seq, problem: now ? 'the stored result differs from the one approved' : 'the approved result is gone' });
  }
  return problems.sort((a, b) => a.seq - b.seq);
}
