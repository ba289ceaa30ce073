import { actorFor, failureOf, fieldOf } from '@thuocdo/testing/src/domain-fixtures';
import { parseSettingsUpdate, settingsOrDefault, updateSettings } from './settings';

const hr = () => actorFor('scoring.period.manage', ['hr_admin']);
const agencyHr = () =>
  actorFor('scoring.period.manage', [], { grants: [{ role: 'hr_admin', agencyId: '0190f3a2-2222-7aaa-8bbb-000000000001' }] });
const unset = settingsOrDefault(undefined, 't1', 25);

describe('scoring settings', () => {
  it("answers the deployment's default until the tenant sets its own", () => {
    expect(unset).toEqual({ tenantId: 't1', closingDay: 25, version: 0, by: '', at: null });
    const own = { tenantId: 't1', closingDay: 10, version: 3, by: 'hr', at: new Date() };
    expect(settingsOrDefault(own, 't1', 25)).toBe(own);
  });

  it('takes a closing day from 0 (as soon as the period ends) to 28, naming the field otherwise', () => {
    expect(parseSettingsUpdate({ closingDay: 0, version: 0 }).closingDay).toBe(0);
    expect(parseSettingsUpdate({ closingDay: 28, version: 0 }).closingDay).toBe(28);
    for (const closingDay of [-1, 29, 10.5, Number.NaN])
      expect(fieldOf(() => parseSettingsUpdate({ closingDay, version: 0 }))).toBe('closing_day');
  });

  it('is changed by tenant-wide HR over the version read: a new version, unchanged on a repeat, refused when stale', () => {
    const who = hr();
    const first = updateSettings({ closingDay: 10, version: 0 }, unset, who);
    expect(first.entity).toMatchObject({ closingDay: 10, version: 1, by: who.principal.subject, at: who.now });
    // Setting the default explicitly is a change: the tenant no longer follows the deployment.
    expect(updateSettings({ closingDay: 25, version: 0 }, unset, hr()).unchanged).toBe(false);
    expect(updateSettings({ closingDay: 10, version: 1 }, first.entity, hr()).unchanged).toBe(true);
    expect(failureOf(() => updateSettings({ closingDay: 5, version: 0 }, first.entity, hr()))).toEqual({
      reason: 'VERSION_CONFLICT',
      field: 'version',
    });
    expect(failureOf(() => updateSettings({ closingDay: 5, version: 0 }, unset, agencyHr()))?.reason).toBe('PERMISSION_DENIED');
  });
});
