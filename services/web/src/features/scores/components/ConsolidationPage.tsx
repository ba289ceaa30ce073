import { Alert, App, Button, Card, Col, Input, InputNumber, Modal, Row, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { AgencyPicker } from '../../../components/AgencyPicker';
import { CursorPager } from '../../../components/CursorPager';
import { ErrorState } from '../../../components/ErrorState';
import { ListTable } from '../../../components/ListTable';
import { PageHeader } from '../../../components/PageHeader';
import { api } from '../../../lib/api';
import { formatDate, formatDateTime, formatNumber } from '../../../lib/format';
import { useCursorPages } from '../../../lib/use-cursor-pages';
import { useFileDownload } from '../../../lib/use-file-download';
import { canManagePeriods, homeAgency, useSession, useWhoAmI } from '../../session/api/session';
import {
  type PeriodResult,
  useClosePeriod,
  usePeriod,
  usePeriodResults,
  useQuotaOverride,
  useScoringSettings,
  useUpdateScoringSettings,
} from '../api/scores';
import { GRADE_COLOR } from './gradeColors';
import { PeriodPicker, periodKey, thisMonth } from './PeriodPicker';

const points = (p: string) => formatNumber(Number(p), 2);

/**
 * "Tổng hợp kết quả": an agency's officials of a closed month or quarter, ranked, each grade by
 * score and after the EXCELLENT quota (20% of those graded GOOD, within the agency and each group
 * of similar duties), with the caps; the list as the spreadsheet HR offices submit. Tenant-wide HR
 * closes an open period from here, and keeps a candidate beyond the quota by an override, with the
 * reason, up to the rule pack's ceiling.
 */
export default function ConsolidationPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const who = useWhoAmI();
  const [choice, setChoice] = useState(thisMonth);
  const [picked, setAgency] = useState<string>();
  const agencyId = picked ?? homeAgency(who.data);
  const period = periodKey(choice);
  const state = usePeriod(period);
  const closed = state.data?.period.status === 'PERIOD_STATUS_CLOSED';
  const pages = useCursorPages(`${period}/${agencyId}`);
  const results = usePeriodResults(period, agencyId, pages.token, closed);
  const manager = canManagePeriods(session.data?.roles ?? [], who.data?.role_grants ?? []);
  const close = useClosePeriod();
  const override = useQuotaOverride();
  const [keeping, setKeeping] = useState<PeriodResult>();
  const [reason, setReason] = useState('');
  const files = useFileDownload();
  const failed = (err: unknown) => message.error(err instanceof Error ? err.message : String(err));

  const exportList = () =>
    files.download('export', async () => {
      const { file } = await api('GET /api/v1/scoring/periods/{period}/agencies/{agency_id}/results:export', {
        period,
        agency_id: agencyId,
      });
      return file;
    });

  const agencyQuota = results.data?.groups.filter((g) => g.agency_wide) ?? [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader
        title={t('consolidation.title')}
        extra={
          closed && agencyId ? (
            <Button onClick={exportList} loading={files.busy === 'export'}>
              {t('consolidation.export')}
            </Button>
          ) : undefined
        }
      />
      <Card size="small">
        <Row gutter={[16, 12]}>
          <Col xs={24} md={12}>
            <label htmlFor="consolidation-agency" className="field-label">
              {t('consolidation.agency')}
            </label>
            <AgencyPicker id="consolidation-agency" value={agencyId || undefined} onChange={setAgency} />
          </Col>
          <Col xs={24} md={12}>
            <span className="field-label">{t('scores.period')}</span>
            <PeriodPicker value={choice} onChange={setChoice} />
          </Col>
        </Row>
      </Card>
      {state.error ? (
        <ErrorState error={state.error} onRetry={() => state.refetch()} />
      ) : !state.data ? (
        <Skeleton active />
      ) : !closed ? (
        <Alert
          type="info"
          showIcon
          title={
            state.data.period.status === 'PERIOD_STATUS_CLOSING'
              ? t('consolidation.closing', { period, deadline: formatDate(state.data.period.deadline) })
              : t('consolidation.open', { period, deadline: formatDate(state.data.period.deadline) })
          }
          action={
            manager ? (
              <Button
                type="primary"
                loading={close.isPending}
                onClick={() =>
                  close.mutate(
                    { period, version: state.data.period.version },
                    { onSuccess: (r) => message.success(t('consolidation.closed', { count: r.period.results })), onError: failed },
                  )
                }
              >
                {t('consolidation.close')}
              </Button>
            ) : undefined
          }
        />
      ) : (
        <>
          <Typography.Text type="secondary" data-testid="period-closed">
            {t('consolidation.closedAt', { at: formatDateTime(state.data.period.close_time), count: state.data.period.results })}
          </Typography.Text>
          {agencyQuota.map((g) => (
            <Alert
              key={g.pack_code}
              type={g.candidates > g.kept ? 'warning' : 'success'}
              showIcon
              data-testid="quota-summary"
              title={t('consolidation.quota', { pack: g.pack_code, kept: g.kept, cap: g.cap, candidates: g.candidates, good: g.good })}
            />
          ))}
          {results.error ? (
            <ErrorState error={results.error} onRetry={() => results.refetch()} />
          ) : (
            <div data-testid="results">
              <ListTable<PeriodResult>
                rows={results.data?.results}
                loading={results.isFetching}
                emptyText={t('consolidation.none')}
                rowKey="official_id"
                columns={[
                  { title: t('consolidation.rank'), dataIndex: 'rank', width: 56 },
                  {
                    title: t('consolidation.name'),
                    render: (_, r) => (
                      <>
                        {/* The official's record; on a phone the table scrolls, and its box needs something to focus. */}
                        <Link to={`/officials/${r.official_id}`}>{r.full_name || r.official_id}</Link>
                        {r.staff_code ? <Typography.Text type="secondary"> ({r.staff_code})</Typography.Text> : null}
                      </>
                    ),
                  },
                  { title: t('consolidation.dutyGroup'), dataIndex: 'duty_group' },
                  { title: t('consolidation.total'), align: 'right', render: (_, r) => points(r.total) },
                  { title: t('consolidation.gradeByScore'), render: (_, r) => t(`scores.grade.${r.grade_by_score}`) },
                  {
                    title: t('consolidation.grade'),
                    render: (_, r) => <Tag color={GRADE_COLOR[r.grade]}>{t(`scores.grade.${r.grade}`)}</Tag>,
                  },
                  {
                    title: t('consolidation.note'),
                    render: (_, r) =>
                      r.quota_outcome === 'QUOTA_OUTCOME_MOVED_DOWN'
                        ? t('consolidation.movedDown')
                        : r.quota_outcome === 'QUOTA_OUTCOME_KEPT_BY_OVERRIDE'
                          ? t('consolidation.keptByOverride', { reason: r.override_reason })
                          : '',
                  },
                  ...(manager
                    ? [
                        {
                          title: t('consolidation.actions'),
                          render: (_: unknown, r: PeriodResult) =>
                            r.quota_outcome === 'QUOTA_OUTCOME_MOVED_DOWN' ? (
                              <Button
                                size="small"
                                onClick={() => {
                                  setKeeping(r);
                                  setReason('');
                                }}
                              >
                                {t('consolidation.keep')}
                              </Button>
                            ) : r.quota_outcome === 'QUOTA_OUTCOME_KEPT_BY_OVERRIDE' ? (
                              <Button
                                size="small"
                                onClick={() =>
                                  override.mutate({ period, official_id: r.official_id, keep: false, reason: '' }, { onError: failed })
                                }
                              >
                                {t('consolidation.withdraw')}
                              </Button>
                            ) : null,
                        },
                      ]
                    : []),
                ]}
              />
            </div>
          )}
          <CursorPager
            page={pages.page}
            nextToken={results.data?.next_page_token}
            onNext={pages.next}
            onPrevious={pages.previous}
            loading={results.isFetching}
          />
        </>
      )}
      <Modal
        open={Boolean(keeping)}
        title={t('consolidation.keepTitle', { name: keeping?.full_name ?? '' })}
        okText={t('consolidation.keep')}
        cancelText={t('common.cancel')}
        okButtonProps={{ disabled: !reason.trim(), loading: override.isPending }}
        onCancel={() => setKeeping(undefined)}
        onOk={() =>
          keeping &&
          override.mutate(
            { period, official_id: keeping.official_id, keep: true, reason },
            { onSuccess: () => setKeeping(undefined), onError: failed },
          )
        }
      >
        <label htmlFor="keep-reason" className="field-label">
          {t('consolidation.reason')}
        </label>
        <Input.TextArea id="keep-reason" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} maxLength={2000} />
      </Modal>
      {manager && <ClosingDaySetting />}
    </Space>
  );
}

/** Tenant-wide HR's closing day: the day of the month after a period by which it closes (0: when it ends). */
function ClosingDaySetting() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const settings = useScoringSettings();
  const update = useUpdateScoringSettings();
  const [day, setDay] = useState<number | null>(null);
  const current = settings.data?.settings;
  if (!current) return null;
  const chosen = day ?? current.closing_day;
  return (
    <Card size="small" title={t('consolidation.closingDay.title')}>
      <Space wrap align="center">
        <label htmlFor="closing-day">{t('consolidation.closingDay.label')}</label>
        <InputNumber
          id="closing-day"
          min={0}
          max={28}
          precision={0}
          value={chosen}
          onChange={(v) => setDay(v === null ? null : Number(v))}
        />
        <Button
          loading={update.isPending}
          disabled={chosen === current.closing_day}
          onClick={() =>
            update.mutate(
              { closing_day: chosen, version: current.version },
              {
                onSuccess: () => {
                  setDay(null);
                  message.success(t('consolidation.closingDay.saved'));
                },
                onError: (err) => message.error(err instanceof Error ? err.message : String(err)),
              },
            )
          }
        >
          {t('common.save')}
        </Button>
        <Typography.Text>
          {current.default ? t('consolidation.closingDay.default') : ''}
          {chosen === 0 ? t('consolidation.closingDay.zero') : t('consolidation.closingDay.explain', { day: chosen })}
        </Typography.Text>
      </Space>
    </Card>
  );
}
