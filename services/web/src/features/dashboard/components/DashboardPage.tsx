import { Card, Col, DatePicker, Empty, Row, Space, Statistic, Table } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { EChart } from '../../../components/EChart';
import { ErrorState } from '../../../components/ErrorState';
import { PageHeader } from '../../../components/PageHeader';
import { addDays, DATE_FORMAT, formatDate, formatNumber, todayInVietnam } from '../../../lib/format';
import { minutesByDay, totalsByAgency, useAgencyDailyWork } from '../api/dashboard';

const hours = (minutes: number) => minutes / 60;

/** The work logged across the agencies the person may see: hours per agency and per day over a range. */
export default function DashboardPage() {
  const { t, i18n } = useTranslation();
  const today = todayInVietnam();
  const [range, setRange] = useState<[string, string]>([addDays(today, -13), today]);
  const work = useAgencyDailyWork(range[0], range[1]);
  const rows = work.data ?? [];
  const totals = useMemo(() => totalsByAgency(rows), [rows]);
  const days = useMemo(() => minutesByDay(rows, range[0], range[1]), [rows, range]);
  const allMinutes = totals.reduce((s, a) => s + a.minutes, 0);
  const allEntries = totals.reduce((s, a) => s + a.entries, 0);

  const byAgencyChart = useMemo(() => {
    const top = totals.slice(0, 15).reverse();
    return {
      grid: { left: 8, right: 24, top: 8, bottom: 8 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${formatNumber(v, 1)} ${t('dashboard.hoursUnit')}` },
      xAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatNumber(v) } },
      yAxis: { type: 'category', data: top.map((a) => a.agencyName), axisLabel: { width: 180, overflow: 'truncate' } },
      series: [
        {
          type: 'bar',
          name: t('dashboard.hours'),
          data: top.map((a) => Number(hours(a.minutes).toFixed(1))),
          itemStyle: { color: '#0b4f8a' },
        },
      ],
    };
  }, [totals, i18n.language]);
  const byDayChart = useMemo(
    () => ({
      grid: { left: 8, right: 16, top: 16, bottom: 8 },
      tooltip: { trigger: 'axis', valueFormatter: (v: number) => `${formatNumber(v, 1)} ${t('dashboard.hoursUnit')}` },
      xAxis: { type: 'category', data: days.map((d) => formatDate(d.date).slice(0, 5)) },
      yAxis: { type: 'value', axisLabel: { formatter: (v: number) => formatNumber(v) } },
      series: [
        {
          type: 'line',
          name: t('dashboard.hours'),
          data: days.map((d) => Number(hours(d.minutes).toFixed(1))),
          areaStyle: {},
          itemStyle: { color: '#0b4f8a' },
        },
      ],
    }),
    [days, i18n.language],
  );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader
        title={t('dashboard.title')}
        extra={
          <DatePicker.RangePicker
            aria-label={t('dashboard.range')}
            format={DATE_FORMAT}
            allowClear={false}
            value={[dayjs(range[0]), dayjs(range[1])]}
            disabledDate={(d) => d.isAfter(dayjs(today), 'day')}
            onChange={(v) => v?.[0] && v[1] && setRange([v[0].format('YYYY-MM-DD'), v[1].format('YYYY-MM-DD')])}
          />
        }
      />
      {work.error ? (
        <ErrorState error={work.error} onRetry={() => work.refetch()} />
      ) : (
        <>
          <Row gutter={[16, 16]}>
            <Col xs={24} sm={8}>
              <Card size="small" loading={work.isPending}>
                <Statistic title={t('dashboard.hours')} value={formatNumber(hours(allMinutes), 1)} />
              </Card>
            </Col>
            <Col xs={24} sm={8}>
              <Card size="small" loading={work.isPending}>
                <Statistic title={t('dashboard.entries')} value={formatNumber(allEntries)} />
              </Card>
            </Col>
            <Col xs={24} sm={8}>
              <Card size="small" loading={work.isPending}>
                <Statistic title={t('dashboard.agencies')} value={formatNumber(totals.length)} />
              </Card>
            </Col>
          </Row>
          {!work.isPending && rows.length === 0 ? (
            <Card>
              <Empty description={t('dashboard.empty')} />
            </Card>
          ) : (
            <Row gutter={[16, 16]}>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('dashboard.hoursByAgency')} loading={work.isPending}>
                  <EChart
                    option={byAgencyChart}
                    height={Math.max(200, Math.min(15, totals.length) * 28 + 40)}
                    label={t('dashboard.hoursByAgency')}
                  />
                </Card>
              </Col>
              <Col xs={24} lg={12}>
                <Card size="small" title={t('dashboard.hoursByDay')} loading={work.isPending}>
                  <EChart option={byDayChart} label={t('dashboard.hoursByDay')} />
                </Card>
              </Col>
              <Col xs={24}>
                <Card size="small" title={t('dashboard.byAgency')}>
                  <Table
                    rowKey="agencyId"
                    size="small"
                    loading={work.isFetching}
                    dataSource={totals}
                    pagination={{ pageSize: 20, hideOnSinglePage: true, showSizeChanger: false }}
                    scroll={{ x: 'max-content' }}
                    columns={[
                      { title: t('dashboard.agency'), dataIndex: 'agencyName' },
                      {
                        title: t('dashboard.hours'),
                        dataIndex: 'minutes',
                        align: 'right',
                        render: (m: number) => formatNumber(hours(m), 1),
                      },
                      {
                        title: t('dashboard.minutes'),
                        dataIndex: 'minutes',
                        key: 'm',
                        align: 'right',
                        render: (m: number) => formatNumber(m),
                        responsive: ['sm'],
                      },
                      { title: t('dashboard.entries'), dataIndex: 'entries', align: 'right', render: (n: number) => formatNumber(n) },
                    ]}
                  />
                </Card>
              </Col>
            </Row>
          )}
        </>
      )}
    </Space>
  );
}
