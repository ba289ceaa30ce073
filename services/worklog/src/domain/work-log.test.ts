import { actorFor, directoryWith, failureOf, fieldOf, postRecords, unitRecord } from '@thuocdo/testing/src/domain-fixtures';
import { type LogWorkRequest, logWork, type NewWorkLog, parseLogWork, planListWorkLogs, type WorkLogEntry } from './work-log';

const NOW = new Date('2026-11-20T03:00:00Z'); // 10:00 in Hà Nội, Friday 20 November
const rules = { maxBackdateDays: 31 };
const OFFICIAL = '0190f3a2-1111-7aaa-8bbb-123456789abc';
const OTHER = '0190f3a2-1111-7aaa-8bbb-123456789abd';
const ITEM = '0190f3a2-2222-7aaa-8bbb-123456789abc';
const A1 = '0190f3a2-3333-7aaa-8bbb-123456789abc';
const valid: LogWorkRequest = {
  officialId: OFFICIAL,
  workDate: '2026-11-20',
  workItemId: ITEM,
  quantityDecimal: '2',
  legacyQuantity: 0,
  minutes: 90,
  note: ' Soạn công văn số 12 ',
  requestId: '',
};
const field = (req: Partial<LogWorkRequest>) => fieldOf(() => parseLogWork({ ...valid, ...req }, rules, NOW));

describe('parseLogWork', () => {
  it('accepts a valid entry, trims the note, holds the quantity in hundredths', () => {
    expect(parseLogWork(valid, rules, NOW)).toEqual({
      officialId: OFFICIAL,
      workDate: '2026-11-20',
      workItemId: ITEM,
      quantity: 200,
      minutes: 90,
      note: 'Soạn công văn số 12',
      requestId: null,
    });
  });

  it.each([
    [{ officialId: '' }, 'official_id'],
    [{ officialId: 'abc' }, 'official_id'],
    [{ workDate: '' }, 'work_date'],
    [{ workDate: '2026-02-30' }, 'work_date'],
    [{ workDate: '2026-11-21' }, 'work_date'], // tomorrow in Hà Nội
    [{ workDate: '2026-10-19' }, 'work_date'], // 32 days back, over the limit
    [{ workItemId: '' }, 'work_item_id'],
    [{ quantityDecimal: '' }, 'quantity_decimal'],
    [{ quantityDecimal: '0' }, 'quantity_decimal'],
    [{ quantityDecimal: '-1' }, 'quantity_decimal'],
    [{ quantityDecimal: '0.001' }, 'quantity_decimal'],
    [{ quantityDecimal: '100000.01' }, 'quantity_decimal'],
    [{ quantityDecimal: '1e3' }, 'quantity_decimal'],
    [{ quantityDecimal: '', legacyQuantity: 1e-9 }, 'quantity'],
    [{ quantityDecimal: '', legacyQuantity: 5e-324 }, 'quantity'],
    [{ quantityDecimal: '', legacyQuantity: -2 }, 'quantity'],
    [{ quantityDecimal: '', legacyQuantity: 1.005 }, 'quantity'],
    [{ minutes: 0 }, 'minutes'],
    [{ minutes: 1441 }, 'minutes'],
    [{ note: 'x'.repeat(2001) }, 'note'],
    [{ note: 'a\u0000b' }, 'note'],
    [{ requestId: 'not-a-uuid' }, 'request_id'],
  ])('names the field for %j', (req, name) => {
    expect(field(req)).toBe(name);
  });

  it('still takes the deprecated double when it is an exact two-place decimal', () => {
    expect(parseLogWork({ ...valid, quantityDecimal: '', legacyQuantity: 1.1 }, rules, NOW).quantity).toBe(110);
  });

  it('turns the day at midnight in Hà Nội, not UTC', () => {
    expect(field({ workDate: '2026-11-21' })).toBe('work_date');
    expect(parseLogWork({ ...valid, workDate: '2026-11-21' }, rules, new Date('2026-11-20T17:00:00Z')).workDate).toBe('2026-11-21');
  });
});

// OFFICIAL works in unit u1 of agency A1 (u1 under top); OTHER in u9 of agency A2.
const A2 = '0190f3a2-3333-7aaa-8bbb-123456789abd';
const directory = () =>
  directoryWith([
    unitRecord('top', A1),
    unitRecord('u1', A1, 'top'),
    unitRecord('u9', A2),
    ...postRecords(OFFICIAL, A1, 'u1'),
    ...postRecords(OTHER, A2, 'u9'),
  ]);

describe('logWork', () => {
  const w: NewWorkLog = parseLogWork(valid, rules, NOW);
  const known = { workItemKnown: true };
  const self = actorFor('worklog.write', [], { officialId: OFFICIAL, directory: directory() });

  it("writes version 1 in the official's post of that day, with its event", () => {
    const d = logWork(w, known, self);
    expect(d.entity).toMatchObject({
      officialId: OFFICIAL,
      agencyId: A1,
      unitId: 'u1',
      quantity: 200,
      version: 1,
      createdBy: self.principal.subject,
    });
    expect(d.events).toEqual([{ kind: 'WorkLogged', entry: d.entity }]);
  });

  it('decides who may write before saying whether the official exists', () => {
    const other = actorFor('worklog.write', [], { officialId: OTHER, directory: directory() });
    expect(failureOf(() => logWork(w, known, other))?.reason).toBe('PERMISSION_DENIED');
    const unknown = { ...w, officialId: '0190f3a2-1111-7aaa-8bbb-00000000dead' };
    expect(failureOf(() => logWork(unknown, known, other))?.reason).toBe('PERMISSION_DENIED');
    const agencyIntegrator = actorFor('worklog.write', [], {
      clientId: 'eoffice',
      serviceAccount: true,
      grants: [{ role: 'integrator', agencyId: A1 }],
      directory: directory(),
    });
    expect(logWork(w, known, agencyIntegrator).entity.officialId).toBe(OFFICIAL);
    expect(failureOf(() => logWork(unknown, known, agencyIntegrator))?.reason).toBe('PERMISSION_DENIED');
    expect(failureOf(() => logWork({ ...w, officialId: OTHER }, known, agencyIntegrator))?.reason).toBe('PERMISSION_DENIED');
    const tenantIntegrator = actorFor('worklog.write', ['integrator'], { clientId: 'hr', serviceAccount: true, directory: directory() });
    expect(failureOf(() => logWork(unknown, known, tenantIntegrator))).toEqual({ reason: 'INVALID_FIELD', field: 'official_id' });
    expect(failureOf(() => logWork(w, { workItemKnown: false }, self))).toEqual({ reason: 'INVALID_FIELD', field: 'work_item_id' });
  });

  it('answers a repeated request id with the first entry, and refuses the id for other content', () => {
    const withId = { ...w, requestId: '0190f3a2-4444-7aaa-8bbb-123456789abc' };
    const first: WorkLogEntry = logWork(withId, known, self).entity;
    expect(logWork(withId, { ...known, sameRequest: first }, self)).toEqual({ entity: first, events: [], unchanged: true });
    expect(failureOf(() => logWork({ ...withId, minutes: 91 }, { ...known, sameRequest: first }, self))).toEqual({
      reason: 'ALREADY_EXISTS',
      field: 'request_id',
    });
  });
});

describe('listing a diary', () => {
  const list = (actor: ReturnType<typeof actorFor>, officialId = OFFICIAL, fromDate = '2026-11-01', toDate = '2026-11-30', pageSize = 0) =>
    planListWorkLogs({ officialId, fromDate, toDate, pageSize, pageToken: '' }, actor);
  const auditor = actorFor('worklog.read', ['auditor'], { directory: directory() });

  it('validates the range and the page', () => {
    expect(list(auditor).page).toEqual({ size: 50, after: null });
    expect(fieldOf(() => list(auditor, OFFICIAL, '2026-11-30', '2026-11-01'))).toBe('to_date');
    expect(fieldOf(() => list(auditor, OFFICIAL, '2026-11-01', '2026-11-30', 1001))).toBe('page_size');
  });

  it('lets in the owner, tenant-wide readers, and readers whose grants reach the official’s post; nobody else', () => {
    expect(list(actorFor('worklog.read', [], { officialId: OFFICIAL, directory: directory() })).reach.officialId).toBe(OFFICIAL);
    expect(list(auditor).reach.all).toBe(true);
    const leader = actorFor('worklog.read', [], { grants: [{ role: 'agency_leader', agencyId: A1 }], directory: directory() });
    expect(list(leader).reach.agencies).toEqual([A1]);
    const head = actorFor('worklog.read', [], { grants: [{ role: 'unit_head', unitId: 'top' }], directory: directory() });
    expect(
      list(head)
        .reach.intervals.map((i) => i.unitId)
        .sort(),
    ).toEqual(['top', 'u1']);
    expect(failureOf(() => list(leader, OTHER))?.reason).toBe('PERMISSION_DENIED');
    expect(failureOf(() => list(head, OTHER))?.reason).toBe('PERMISSION_DENIED');
    expect(failureOf(() => list(actorFor('worklog.read', [], { officialId: OTHER, directory: directory() })))?.reason).toBe(
      'PERMISSION_DENIED',
    );
  });
});
