import { actorFor, failureOf, fieldOf } from '@thuocdo/testing/src/domain-fixtures';
import { parsePeriod } from './period';
import {
  checkOpen,
  closePeriod,
  deadlineOf,
  neverClosed,
  parsePeriodChange,
  periodsPastDeadline,
  reopenPeriod,
  statusOn,
} from './period-state';

const NOW = new Date('2026-11-20T03:00:00Z');
const hr = () => actorFor('scoring.period.manage', ['hr_admin'], {}, NOW);
const change = (period = '2026-10', version = 0, reason = '') => parsePeriodChange({ period, version, reason });

describe('periods: open, closed, reopened', () => {
  it('closes an open period as the next version, by whom and when, with its number of results', () => {
    const actor = hr();
    const closed = closePeriod(change(), neverClosed('t', '2026-10'), actor, 7000);
    expect(closed).toEqual({
      tenantId: 't',
      period: '2026-10',
      status: 'CLOSED',
      closedAt: NOW,
      closedBy: actor.principal.subject,
      reason: '',
      results: 7000,
      version: 1,
    });
    // A period still running may close (by the tenant's deadline); one not started may not.
    expect(closePeriod(change('2026-11'), neverClosed('t', '2026-11'), actor, 1).status).toBe('CLOSED');
    expect(fieldOf(() => closePeriod(change('2026-12'), neverClosed('t', '2026-12'), actor, 1))).toBe('period');
  });

  it('refuses closing a closed period, reopening an open one, reopening without a reason, and a stale version', () => {
    const closed = closePeriod(change(), neverClosed('t', '2026-10'), hr(), 3);
    expect(failureOf(() => closePeriod(change('2026-10', 1), closed, hr(), 3))).toEqual({ reason: 'FAILED_PRECONDITION', field: 'period' });
    expect(failureOf(() => reopenPeriod(change('2026-10', 0, 'x'), neverClosed('t', '2026-10'), hr()))).toEqual({
      reason: 'FAILED_PRECONDITION',
      field: 'period',
    });
    expect(fieldOf(() => reopenPeriod(change('2026-10', 1), closed, hr()))).toBe('reason');
    expect(failureOf(() => reopenPeriod(change('2026-10', 0, 'Sai sót số liệu'), closed, hr()))).toEqual({
      reason: 'VERSION_CONFLICT',
      field: 'version',
    });
    const reopened = reopenPeriod(change('2026-10', 1, 'Sai sót số liệu của Sở Tư pháp'), closed, hr());
    expect(reopened).toMatchObject({ status: 'OPEN', reason: 'Sai sót số liệu của Sở Tư pháp', results: 0, version: 2 });
    expect(() => checkOpen(reopened)).not.toThrow();
    expect(failureOf(() => checkOpen(closed))).toEqual({ reason: 'FAILED_PRECONDITION', field: 'period' });
  });

  it('is for HR over the whole tenant only: an agency HR administrator may not close the province’s period', () => {
    const agencyHr = actorFor(
      'scoring.period.manage',
      [],
      { grants: [{ role: 'hr_admin', agencyId: '0190f3a2-2222-7aaa-8bbb-000000000001' }] },
      NOW,
    );
    expect(failureOf(() => closePeriod(change(), neverClosed('t', '2026-10'), agencyHr, 0))?.reason).toBe('PERMISSION_DENIED');
  });

  it('names the field of a bad request', () => {
    expect(fieldOf(() => parsePeriodChange({ period: '2026-13', version: 0 }))).toBe('period');
    expect(fieldOf(() => parsePeriodChange({ period: '2026-10', version: -1 }))).toBe('version');
    expect(fieldOf(() => parsePeriodChange({ period: '2026-10', version: 0, reason: 'x'.repeat(2001) }))).toBe('reason');
  });
});

describe('deadlines', () => {
  it('fall on the closing day of the month after the period, or on its last day with 0', () => {
    expect(deadlineOf(parsePeriod('2026-11'), 25)).toBe('2026-12-25');
    expect(deadlineOf(parsePeriod('2026-12'), 25)).toBe('2027-01-25');
    expect(deadlineOf(parsePeriod('2026-Q4'), 5)).toBe('2027-01-05');
    expect(deadlineOf(parsePeriod('2026-02'), 0)).toBe('2026-02-28');
  });

  it('make a period open while it runs, closing until its deadline, then due to close', () => {
    const nov = parsePeriod('2026-11');
    const open = neverClosed('t', '2026-11');
    expect(statusOn(open, nov, '2026-11-30', 25)).toBe('OPEN');
    expect(statusOn(open, nov, '2026-12-01', 25)).toBe('CLOSING');
    expect(statusOn(open, nov, '2026-12-25', 25)).toBe('CLOSING');
    expect(statusOn({ ...open, status: 'CLOSED' }, nov, '2026-12-10', 25)).toBe('CLOSED');
    expect(periodsPastDeadline('2026-12-25', 25, ['MONTH']).map((p) => p.key)).toEqual(['2026-10', '2026-09']);
    expect(periodsPastDeadline('2026-12-26', 25, ['MONTH']).map((p) => p.key)).toEqual(['2026-11', '2026-10', '2026-09']);
    expect(periodsPastDeadline('2027-01-26', 25, ['QUARTER']).map((p) => p.key)).toEqual(['2026-Q4', '2026-Q3']);
    expect(periodsPastDeadline('2026-12-03', 0, ['MONTH', 'QUARTER']).map((p) => p.key)).toEqual([
      '2026-11',
      '2026-10',
      '2026-09',
      '2026-Q3',
    ]);
    expect(periodsPastDeadline('2026-12-03', 25, [])).toEqual([]);
  });
});
