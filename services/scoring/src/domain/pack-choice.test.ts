import { actorFor, failureOf, fieldOf } from '@thuocdo/testing/src/domain-fixtures';
import { packForOfficial } from './evaluate';
import { choosePack, chosenPacks, parsePackChoice } from './pack-choice';
import { SHIPPED_PACKS } from './packs';

const hr = () => actorFor('scoring.rules.manage', ['hr_admin']);
const choose = (year: number, category: string, packCode: string, actor = hr()) =>
  choosePack(parsePackChoice({ year, category, packCode }), SHIPPED_PACKS, actor);

describe("a tenant's choice of rule pack", () => {
  it('takes the newest version of a pack that applies to the category and is in force that year', () => {
    const actor = hr();
    expect(choose(2026, 'CIVIL_SERVANT', 'KH-1636-2025', actor)).toMatchObject({
      year: 2026,
      category: 'CIVIL_SERVANT',
      packCode: 'KH-1636-2025',
      packVersion: 1,
      by: actor.principal.subject,
    });
  });

  it('refuses a pack for another category or year, an unknown one, and anyone but tenant-wide HR, naming the field', () => {
    expect(failureOf(() => choose(2026, 'PUBLIC_EMPLOYEE', 'ND335-2025'))).toEqual({ reason: 'INVALID_FIELD', field: 'pack_code' });
    expect(failureOf(() => choose(2025, 'CIVIL_SERVANT', 'ND335-2025'))).toEqual({ reason: 'INVALID_FIELD', field: 'pack_code' });
    expect(failureOf(() => choose(2026, 'CIVIL_SERVANT', 'NO-SUCH'))).toEqual({ reason: 'NOT_FOUND', field: 'pack_code' });
    const agencyHr = actorFor('scoring.rules.manage', [], {
      grants: [{ role: 'hr_admin', agencyId: '0190f3a2-2222-7aaa-8bbb-000000000001' }],
    });
    expect(failureOf(() => choose(2026, 'CIVIL_SERVANT', 'KH-1636-2025', agencyHr))?.reason).toBe('PERMISSION_DENIED');
    expect(fieldOf(() => parsePackChoice({ year: 1999, category: 'CIVIL_SERVANT', packCode: 'x' }))).toBe('year');
    expect(fieldOf(() => parsePackChoice({ year: 2026, category: '', packCode: 'x' }))).toBe('category');
    expect(fieldOf(() => parsePackChoice({ year: 2026, category: 'CADRE', packCode: ' ' }))).toBe('pack_code');
  });

  it('decides the pack of the category, the others keeping the default', () => {
    const chosen = chosenPacks([choose(2026, 'CIVIL_SERVANT', 'KH-1636-2025')], SHIPPED_PACKS);
    expect(packForOfficial('CIVIL_SERVANT', 2026, SHIPPED_PACKS, chosen).code).toBe('KH-1636-2025');
    expect(packForOfficial('PUBLIC_EMPLOYEE', 2026, SHIPPED_PACKS, chosen).code).toBe('KH-1636-2025');
    expect(packForOfficial('CIVIL_SERVANT', 2026, SHIPPED_PACKS).code).toBe('ND335-2025');
  });
});
