/**
 * Helpers for unit tests of domain code (no I/O): a caller as a decision sees it, and the field
 * a validation error names. Imported by path (`@thuocdo/testing/src/domain-fixtures`) so that
 * unit tests do not load the database, broker and process fixtures of this package.
 */
import { type Action, type Actor, DomainError, type Principal, type Role, type Scope, scopeOf, ValidationError } from '@thuocdo/kit';

export const TENANT = 'test-province';

export function principal(roles: Role[], extra: Partial<Principal> = {}): Principal {
  return { subject: 'subject-1', tenantId: TENANT, officialId: '', agencyId: '', roles, clientId: 'thuocdo-web', ...extra };
}

let ids = 0;

/** The actor of a call to `action`, with the scope the policy grants these roles; throws when it grants none. */
export function actorFor(action: Action, roles: Role[], extra: Partial<Principal> = {}, now = new Date('2026-11-20T03:00:00Z')): Actor {
  const p = principal(roles, extra);
  const scope: Scope | undefined = scopeOf(p, action);
  if (!scope) throw new Error(`${roles.join(', ')} have no scope for ${action}`);
  return { principal: p, action, scope, now, newId: () => `0190f3a2-0000-7000-8000-${String(++ids).padStart(12, '0')}` };
}

/** The field named by the ValidationError fn throws; undefined when it throws none. Other errors are rethrown. */
export function fieldOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof ValidationError) return err.field;
    throw err;
  }
  return undefined;
}

/** The reason and field of the DomainError fn throws. */
export function failureOf(fn: () => unknown): { reason: string; field: string } | undefined {
  try {
    fn();
  } catch (err) {
    if (err instanceof DomainError) return { reason: err.reason, field: err.field };
    throw err;
  }
  return undefined;
}
