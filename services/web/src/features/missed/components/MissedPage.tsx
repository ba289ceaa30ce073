import { Alert, Card, Col, DatePicker, Row, Skeleton, Space, Tag, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CursorPager } from '../../../components/CursorPager';
import { ErrorState } from '../../../components/ErrorState';
import { PageHeader } from '../../../components/PageHeader';
import { type Scope, UnitScope } from '../../../components/UnitScope';
import { addDays, DATE_FORMAT, formatDate, formatNumber, todayInVietnam } from '../../../lib/format';
import { type OfficialRecord, useOfficialLookup } from '../../../lib/lookups';
import { useCursorPages } from '../../../lib/use-cursor-pages';
import { homeAgency, useWhoAmI } from '../../session/api/session';
import { MAX_RANGE_DAYS, type MissedDeclaration, useMissedDeclarations } from '../api/missed';

/** "dd/MM" of a "YYYY-MM-DD" date: the year is the range's. */
const dayMonth = (d: string) => formatDate(d).slice(0, 5);

/**
 * Missed declarations (kê khai sót): for a unit with the units under it (or the person's own
 * unit) and a date range (this month up to today unless chosen), the officials with working days
 * on which they logged nothing, each with those days; how many logged every day is said under.
 */
export default function MissedPage() {
  const { t } = useTranslation();
  const who = useWhoAmI();
  const today = todayInVietnam();
  const [scope, setScope] = useState<Scope>();
  const shownScope = scope ?? { agencyId: homeAgency(who.data), unitId: '' };
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const filter = { unitId: shownScope.unitId, from, to };
  const pages = useCursorPages(JSON.stringify(filter));
  const missed = useMissedDeclarations(filter, pages.token);
  const rows = missed.data?.officials;
  const official = useOfficialLookup((rows ?? []).map((r) => r.official_id));

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader title={t('missed.title')} />
      <Card size="small">
        <Row gutter={[16, 12]}>
          <UnitScope idPrefix="missed" value={shownScope} onChange={setScope} emptyUnit={t('missed.ownUnit')} />
          <Col xs={12} md={4}>
            <label htmlFor="missed-from" className="field-label">
              {t('common.from')}
            </label>
            <DatePicker
              id="missed-from"
              value={dayjs(from)}
              format={DATE_FORMAT}
              allowClear={false}
              inputReadOnly
              style={{ width: '100%' }}
              disabledDate={(d) => {
                const day = d.format('YYYY-MM-DD');
                return day > to || day < addDays(to, -MAX_RANGE_DAYS);
              }}
              onChange={(d) => d && setFrom(d.format('YYYY-MM-DD'))}
            />
          </Col>
          <Col xs={12} md={4}>
            <label htmlFor="missed-to" className="field-label">
              {t('common.to')}
            </label>
            <DatePicker
              id="missed-to"
              value={dayjs(to)}
              format={DATE_FORMAT}
              allowClear={false}
              inputReadOnly
              style={{ width: '100%' }}
              disabledDate={(d) => {
                const day = d.format('YYYY-MM-DD');
                return day < from || day > today || day > addDays(from, MAX_RANGE_DAYS);
              }}
              onChange={(d) => d && setTo(d.format('YYYY-MM-DD'))}
            />
          </Col>
        </Row>
      </Card>
      {missed.error ? (
        <ErrorState error={missed.error} onRetry={() => missed.refetch()} />
      ) : !rows ? (
        <Skeleton active />
      ) : (
        <>
          {rows.length === 0 ? (
            <Card size="small">
              <Typography.Text>{t('missed.none')}</Typography.Text>
            </Card>
          ) : (
            <ul className="entry-list" aria-label={t('missed.title')} data-testid="missed">
              {rows.map((r) => (
                <MissedCard key={r.official_id} row={r} official={official(r.official_id)} />
              ))}
            </ul>
          )}
          <Alert
            type="info"
            showIcon
            title={t('missed.complete', { count: missed.data?.complete_count ?? 0 })}
            data-testid="missed-complete"
          />
        </>
      )}
      <CursorPager
        page={pages.page}
        nextToken={missed.data?.next_page_token}
        onNext={pages.next}
        onPrevious={pages.previous}
        loading={missed.isFetching}
      />
    </Space>
  );
}

/** An official with the working days they logged nothing on: how many of how many, and which. */
function MissedCard({ row, official }: { row: MissedDeclaration; official: OfficialRecord | undefined }) {
  const { t } = useTranslation();
  return (
    <li className="entry-card">
      <div className="entry-card-head">
        <Typography.Text strong>
          {official?.full_name ?? '…'}
          {official?.staff_code ? ` (${official.staff_code})` : ''}
        </Typography.Text>
        <Tag color="red">
          {t('missed.countOf', { missed: formatNumber(row.missed_dates.length), days: formatNumber(row.working_days) })}
        </Tag>
      </div>
      <Typography.Text>{t('missed.datesLine', { dates: row.missed_dates.map(dayMonth).join(', ') })}</Typography.Text>
    </li>
  );
}
