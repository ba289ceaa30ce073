import { Alert, App, Button, Card, Col, Descriptions, Drawer, InputNumber, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AgencyPicker } from '../../../components/AgencyPicker';
import { CursorPager } from '../../../components/CursorPager';
import { ErrorState } from '../../../components/ErrorState';
import { ListTable } from '../../../components/ListTable';
import { PageHeader } from '../../../components/PageHeader';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useCursorPages } from '../../../lib/use-cursor-pages';
import { canRecordUnitKpis, homeAgency, useSession, useWhoAmI } from '../../session/api/session';
import { type UnitKpiIndicator, type UnitKpiResult, useRecordUnitKpiActuals, useUnitKpiResults } from '../api/unit-kpis';
import { PeriodPicker, periodKey, thisMonth } from './PeriodPicker';

const points = (p: string) => formatNumber(Number(p), 2);
/** A target or an actual value: whole numbers as they are, others to two places. */
const amount = (n: number) => formatNumber(n, Number.isInteger(n) ? 0 : 2);

/**
 * "Kết quả KPI đơn vị": what each unit of an agency reached on its KPI set (foundational,
 * functional and specific groups, defined in the catalog) in a month or quarter, its score by
 * group and indicator. HR and the agency's leaders record the actual values while the period is
 * open; the unit's leaders' unit result takes the score where the rule pack says so.
 */
export default function UnitKpiPage() {
  const { t } = useTranslation();
  const session = useSession();
  const who = useWhoAmI();
  const [choice, setChoice] = useState(thisMonth);
  const [picked, setAgency] = useState<string>();
  const agencyId = picked ?? homeAgency(who.data);
  const period = periodKey(choice);
  const pages = useCursorPages(`${period}/${agencyId}`);
  const results = useUnitKpiResults(period, agencyId, pages.token);
  const recorder = canRecordUnitKpis(session.data?.roles ?? [], who.data?.role_grants ?? []);
  const [openId, setOpenId] = useState<string>();
  const open = results.data?.results.find((r) => r.kpi_set_id === openId);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader title={t('unitKpi.title')} />
      <Card size="small">
        <Row gutter={[16, 12]}>
          <Col xs={24} md={12}>
            <label htmlFor="unit-kpi-agency" className="field-label">
              {t('consolidation.agency')}
            </label>
            <AgencyPicker id="unit-kpi-agency" value={agencyId || undefined} onChange={setAgency} />
          </Col>
          <Col xs={24} md={12}>
            <span className="field-label">{t('scores.period')}</span>
            <PeriodPicker value={choice} onChange={setChoice} />
          </Col>
        </Row>
      </Card>
      {results.error ? (
        <ErrorState error={results.error} onRetry={() => results.refetch()} />
      ) : (
        <Card size="small">
          <ListTable<UnitKpiResult>
            rowKey="kpi_set_id"
            loading={results.isLoading}
            rows={results.data?.results}
            emptyText={t('unitKpi.none')}
            columns={[
              {
                title: t('unitKpi.set'),
                key: 'name',
                render: (_, r) => (
                  <Button type="link" style={{ padding: 0 }} onClick={() => setOpenId(r.kpi_set_id)}>
                    {r.set_name}
                  </Button>
                ),
              },
              { title: t('unitKpi.score'), key: 'score', align: 'right', render: (_, r) => <strong>{points(r.score)}</strong> },
              {
                title: t('unitKpi.groups'),
                key: 'groups',
                render: (_, r) => (
                  <Space wrap size={4}>
                    {r.groups.map((g) => (
                      <Tag key={g.group}>{t('unitKpi.groupScore', { group: t(`unitKpi.group.${g.group}`), score: points(g.score) })}</Tag>
                    ))}
                  </Space>
                ),
              },
              {
                title: t('unitKpi.recorded'),
                key: 'recorded',
                render: (_, r) => t('unitKpi.recordedOf', { recorded: r.recorded, total: r.indicators.length }),
              },
            ]}
          />
          <CursorPager
            page={pages.page}
            nextToken={results.data?.next_page_token}
            onNext={pages.next}
            onPrevious={pages.previous}
            loading={results.isFetching}
          />
        </Card>
      )}
      <Drawer open={Boolean(open)} onClose={() => setOpenId(undefined)} title={open?.set_name} size="large" destroyOnHidden>
        {open && <UnitKpiDetail result={open} period={period} editable={recorder && !open.closed} />}
      </Drawer>
    </Space>
  );
}

/** One set's result: the score by group, each indicator against its target, and (for those who record) the actual values. */
function UnitKpiDetail({ result, period, editable }: { result: UnitKpiResult; period: string; editable: boolean }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const record = useRecordUnitKpiActuals();
  const [values, setValues] = useState<Record<string, number | null>>({});
  const changed = Object.entries(values).filter(
    (e): e is [string, number] => e[1] !== null && e[1] !== result.indicators.find((i) => i.code === e[0])?.actual,
  );
  const save = () =>
    record.mutate(
      { kpi_set_id: result.kpi_set_id, period, actuals: changed.map(([code, actual]) => ({ code, actual })) },
      {
        onSuccess: (r) => {
          setValues({});
          message.success(t('unitKpi.saved', { score: points(r.result.score) }));
        },
        onError: (err) => message.error(err instanceof Error ? err.message : String(err)),
      },
    );
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {result.closed && <Alert type="info" showIcon title={t('unitKpi.closed', { period })} />}
      <Descriptions
        size="small"
        column={1}
        bordered
        items={[
          { key: 'score', label: t('unitKpi.score'), children: <strong>{points(result.score)}</strong> },
          ...result.groups.map((g) => ({
            key: g.group,
            label: t('unitKpi.groupWeight', { group: t(`unitKpi.group.${g.group}`), weight: g.weight }),
            children: points(g.score),
          })),
          {
            key: 'by',
            label: t('unitKpi.lastRecorded'),
            children: result.recorded_at ? formatDateTime(result.recorded_at) : t('unitKpi.nothingRecorded'),
          },
        ]}
      />
      <ListTable<UnitKpiIndicator>
        rowKey="code"
        rows={result.indicators}
        emptyText={t('unitKpi.none')}
        columns={[
          {
            title: t('unitKpi.indicator'),
            key: 'name',
            render: (_, i) => (
              <Space orientation="vertical" size={0}>
                <Typography.Text>{`${i.code} — ${i.name}`}</Typography.Text>
                <Typography.Text type="secondary" style={{ color: '#595959' }}>
                  {t(`unitKpi.group.${i.group}`)} · {t('unitKpi.weight', { weight: i.weight })}
                </Typography.Text>
              </Space>
            ),
          },
          { title: t('unitKpi.target'), key: 'target', align: 'right', render: (_, i) => `${amount(i.target)} ${i.measure_unit}` },
          {
            title: t('unitKpi.actual'),
            key: 'actual',
            render: (_, i) =>
              editable ? (
                <InputNumber
                  aria-label={t('unitKpi.actualOf', { code: i.code })}
                  value={values[i.code] !== undefined ? values[i.code] : (i.actual ?? null)}
                  onChange={(v) => setValues((s) => ({ ...s, [i.code]: v === null ? null : Number(v) }))}
                  style={{ width: 120 }}
                />
              ) : i.actual === undefined ? (
                '—'
              ) : (
                amount(i.actual)
              ),
          },
          { title: t('unitKpi.indicatorScore'), key: 'score', align: 'right', render: (_, i) => points(i.score) },
        ]}
      />
      {editable && (
        <Button type="primary" disabled={!changed.length} loading={record.isPending} onClick={save}>
          {t('unitKpi.save')}
        </Button>
      )}
    </Space>
  );
}
