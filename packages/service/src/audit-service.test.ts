import { auditV1 } from '@thuocdo/proto';
import { fieldOf } from '@thuocdo/testing/src/domain-fixtures';
import { planAuditQuery } from './audit-service';

describe('audit log queries', () => {
  const base = auditV1.ListAuditRecordsRequest.fromPartial({});

  it('takes optional filters and a time range, newest first in pages', () => {
    const q = planAuditQuery({ ...base, entityType: ' unit ', fromTime: new Date('2026-01-01T00:00:00Z') });
    expect(q.filters).toMatchObject({ entityType: 'unit', entityId: null, fromTime: '2026-01-01T00:00:00.000Z', toTime: null });
    expect(q.page).toEqual({ size: 50, after: null });
  });

  it('names the field at fault', () => {
    expect(fieldOf(() => planAuditQuery({ ...base, fromTime: new Date('0000-12-31T00:00:00Z') }))).toBe('from_time');
    expect(
      fieldOf(() => planAuditQuery({ ...base, fromTime: new Date('2026-02-01T00:00:00Z'), toTime: new Date('2026-01-01T00:00:00Z') })),
    ).toBe('to_time');
    expect(fieldOf(() => planAuditQuery({ ...base, actorOfficialId: 'x' }))).toBe('actor_official_id');
    expect(fieldOf(() => planAuditQuery({ ...base, pageSize: 1001 }))).toBe('page_size');
  });
});
