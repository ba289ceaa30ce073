import { directoryWith, grantRecord, postRecords, principal, TENANT, unitRecord } from '@thuocdo/testing/src/domain-fixtures';
import type { Role } from './auth';
import { type DirectoryRecord, type DirectoryUnit, OrgDirectory } from './directory';
import { PermissionDeniedError } from './errors';
import {
  type Action,
  agencyFilter,
  coversAgency,
  coversOfficial,
  coversUnit,
  datedReach,
  identify,
  isEmptyScope,
  PERMISSIONS,
  reachOn,
  requireScope,
  scopeFor,
  unitIntervals,
} from './policy';

const TODAY = '2026-11-20';
const A1 = 'a1';
const A2 = 'a2';
// Agency a1: top ─ mid ─ leaf, and other beside top.
const tree = (): DirectoryRecord[] => [
  unitRecord('top', A1),
  unitRecord('mid', A1, 'top'),
  unitRecord('leaf', A1, 'mid'),
  unitRecord('other', A1),
  unitRecord('far', A2),
];
const grant = (
  grantee: { officialId?: string; clientId?: string },
  role: Role,
  node: { agency?: string; unit?: string } = {},
  range: { validFrom?: string; validTo?: string | null } = {},
): DirectoryRecord =>
  grantRecord(
    { officialId: grantee.officialId ?? null, clientId: grantee.clientId ?? null },
    { role, agencyId: node.agency, unitId: node.unit },
    range,
  );
const person = (officialId: string) => principal({ officialId });

describe('scopes come from org role grants', () => {
  it('gives nothing to a caller the directory does not know, whatever roles the token carries', () => {
    const dir = directoryWith(tree());
    const stranger = principal({ roles: ['province_leader', 'hr_admin', 'official'] });
    for (const action of Object.keys(PERMISSIONS) as Action[]) {
      const s = scopeFor(stranger, action, dir, TODAY);
      expect([action, isEmptyScope(s) || PERMISSIONS[action] === PERMISSIONS['org.self.read']]).toEqual([action, true]);
    }
  });

  it('reaches over the node of each grant: the tenant, an agency, a unit with its subtree', () => {
    const dir = directoryWith([
      ...tree(),
      grant({ officialId: 'p' }, 'province_leader'),
      grant({ officialId: 'l' }, 'agency_leader', { agency: A1 }),
      grant({ officialId: 'h' }, 'unit_head', { unit: 'mid' }),
    ]);
    expect(scopeFor(person('p'), 'analytics.read', dir, TODAY).tenant).toBe(true);
    const leader = scopeFor(person('l'), 'worklog.read', dir, TODAY);
    expect([leader.tenant, [...leader.agencies]]).toEqual([false, [A1]]);
    const head = scopeFor(person('h'), 'worklog.read', dir, TODAY);
    expect(coversUnit(head, dir, 'leaf', TODAY)).toBe(true);
    expect(coversUnit(head, dir, 'mid', TODAY)).toBe(true);
    expect(coversUnit(head, dir, 'top', TODAY)).toBe(false);
    expect(coversUnit(head, dir, 'other', TODAY)).toBe(false);
    expect(coversAgency(head, A1)).toBe(false);
  });

  it('counts only grants whose role the action lists, and only while they are in force', () => {
    const dir = directoryWith([
      ...tree(),
      grant({ officialId: 'h' }, 'unit_head', { unit: 'mid' }),
      grant({ officialId: 'x' }, 'agency_leader', { agency: A1 }, { validTo: '2026-01-01' }),
      grant({ officialId: 'y' }, 'agency_leader', { agency: A1 }, { validFrom: '2027-01-01' }),
    ]);
    expect(isEmptyScope(scopeFor(person('h'), 'org.grant.manage', dir, TODAY))).toBe(true);
    expect(isEmptyScope(scopeFor(person('x'), 'analytics.read', dir, TODAY))).toBe(true);
    expect(isEmptyScope(scopeFor(person('y'), 'analytics.read', dir, TODAY))).toBe(true);
    expect(isEmptyScope(scopeFor(person('y'), 'analytics.read', dir, '2027-01-01'))).toBe(false);
  });

  it('gives an official their own records, and members of the tenant its structure and catalog', () => {
    const dir = directoryWith([...tree(), ...postRecords('o1', A1, 'leaf')]);
    const s = scopeFor(person('o1'), 'worklog.write', dir, TODAY);
    expect([s.tenant, s.officialId]).toEqual([false, 'o1']);
    expect(scopeFor(person('o1'), 'org.structure.read', dir, TODAY).tenant).toBe(true);
    expect(scopeFor(person('o1'), 'catalog.read', dir, TODAY).tenant).toBe(true);
    expect(isEmptyScope(scopeFor(person('o1'), 'analytics.read', dir, TODAY))).toBe(true);
  });

  it('applies client grants to that client’s service account only, never to people signing in through it', () => {
    const dir = directoryWith([...tree(), grant({ clientId: 'eoffice' }, 'integrator', { agency: A1 })]);
    const account = principal({ clientId: 'eoffice', serviceAccount: true });
    expect([...scopeFor(account, 'worklog.write', dir, TODAY).agencies]).toEqual([A1]);
    const person = principal({ clientId: 'eoffice', serviceAccount: false, officialId: 'someone' });
    expect(isEmptyScope(scopeFor(person, 'worklog.write', dir, TODAY))).toBe(true);
  });

  it('lets sys_admin in the token act tenant-wide before any grant exists', () => {
    const admin = principal({ roles: ['sys_admin'] });
    const dir = new OrgDirectory();
    expect(scopeFor(admin, 'org.agency.manage', dir, TODAY).tenant).toBe(true);
    expect(() => requireScope(principal({ roles: ['hr_admin'] }), 'org.agency.manage', dir, TODAY)).toThrow(PermissionDeniedError);
  });

  it('finds the official by the identity-provider subject when the token carries no official id', () => {
    const dir = directoryWith([
      { kind: 'official', id: 'o9', version: 1, removed: false, value: { id: 'o9', tenantId: TENANT, idpSubject: 'kc-123', active: true } },
    ]);
    expect(identify(principal({ subject: 'kc-123' }), dir).officialId).toBe('o9');
    expect(identify(principal({ subject: 'kc-123', tenantId: 'other' }), dir).officialId).toBe('');
  });

  it('follows a new version of a grant and its removal', () => {
    const dir = directoryWith(tree());
    const g = grant({ officialId: 'l' }, 'agency_leader', { agency: A1 });
    dir.apply(g);
    expect(isEmptyScope(scopeFor(person('l'), 'analytics.read', dir, TODAY))).toBe(false);
    dir.apply({ ...g, version: 2, removed: true });
    expect(isEmptyScope(scopeFor(person('l'), 'analytics.read', dir, TODAY))).toBe(true);
    // An older version arriving late changes nothing.
    expect(dir.apply(g)).toBe(false);
  });
});

describe('coverage at the date of the data', () => {
  // "moving" lay under top until 2026-06-01, then under other.
  const moving: DirectoryRecord = {
    kind: 'unit',
    id: 'moving',
    version: 1,
    removed: false,
    value: {
      id: 'moving',
      tenantId: TENANT,
      agencyId: A1,
      validFrom: '2025-01-01',
      validTo: null,
      periods: [
        { validFrom: '2025-01-01', validTo: '2026-06-01', parentUnitId: 'top' },
        { validFrom: '2026-06-01', validTo: null, parentUnitId: 'other' },
      ],
      predecessors: [],
    },
  };
  const dir = () => directoryWith([...tree(), moving, grant({ officialId: 'h' }, 'unit_head', { unit: 'top' })]);

  it('judges a unit by where it lay that day', () => {
    const d = dir();
    const head = scopeFor(person('h'), 'worklog.read', d, TODAY);
    expect(coversUnit(head, d, 'moving', '2026-05-31')).toBe(true);
    expect(coversUnit(head, d, 'moving', '2026-06-01')).toBe(false);
    expect(unitIntervals(head, d).filter((i) => i.unitId === 'moving')).toEqual([
      { unitId: 'moving', from: '2025-01-01', to: '2026-06-01' },
    ]);
    expect(unitIntervals(head, d).filter((i) => i.unitId === 'mid')).toEqual([{ unitId: 'mid', from: '2020-01-01', to: null }]);
    expect(reachOn(head, d, TODAY).units.sort()).toEqual(['leaf', 'mid', 'top']);
    expect(datedReach(head, d).intervals.length).toBe(4);
  });

  it('gives the head of a merged unit the history of the units it came from', () => {
    const merged: DirectoryRecord = {
      kind: 'unit',
      id: 'merged',
      version: 1,
      removed: false,
      value: { ...(unitRecord('merged', A1).value as DirectoryUnit), predecessors: ['other'], validFrom: '2026-07-01' },
    };
    const d = directoryWith([...tree(), merged, grant({ officialId: 'm' }, 'unit_head', { unit: 'merged' })]);
    const s = scopeFor(person('m'), 'worklog.read', d, TODAY);
    expect(coversUnit(s, d, 'other', '2025-03-01')).toBe(true);
    expect(coversUnit(s, d, 'top', '2025-03-01')).toBe(false);
  });

  it('judges an official by their posts that day, or their nearest main post when they held none', () => {
    const d = directoryWith([
      ...tree(),
      grant({ officialId: 'h' }, 'unit_head', { unit: 'mid' }),
      ...postRecords('o1', A1, 'leaf', '2026-01-01'),
    ]);
    const head = scopeFor(person('h'), 'worklog.read', d, TODAY);
    expect(coversOfficial(head, d, 'o1', '2026-03-01')).toBe(true);
    expect(coversOfficial(head, d, 'o1', '2025-12-01')).toBe(true);
    expect(coversOfficial(head, d, 'nobody', TODAY)).toBe(false);
    expect(coversOfficial(scopeFor(person('o1'), 'worklog.read', d, TODAY), d, 'o1', TODAY)).toBe(true);
  });

  it('pins list filters to what is covered', () => {
    const d = directoryWith([
      ...tree(),
      grant({ officialId: 'l' }, 'agency_leader', { agency: A1 }),
      grant({ officialId: 'p' }, 'province_leader'),
    ]);
    const leader = scopeFor(person('l'), 'analytics.read', d, TODAY);
    expect(agencyFilter(leader, A1)).toBe(A1);
    expect(() => agencyFilter(leader, A2)).toThrow();
    expect(agencyFilter(scopeFor(person('p'), 'analytics.read', d, TODAY), null)).toBeNull();
  });
});
