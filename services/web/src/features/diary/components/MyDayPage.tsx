import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Alert, Button, Card, DatePicker, Empty, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorState } from '../../../components/ErrorState';
import { PageHeader } from '../../../components/PageHeader';
import { PageLoading } from '../../../components/PageLoading';
import { ApiError } from '../../../lib/api';
import { addDays, DATE_FORMAT, formatDate, todayInVietnam } from '../../../lib/format';
import { useWorkItemLookup } from '../../../lib/lookups';
import { useOnline } from '../../../lib/use-online';
import { useOfficialId } from '../../session/api/session';
import { type DiaryWarning, fromCatalog, type Pickable, useDayEntries, useDiaryDay, useSuggestions, type WorkLogEntry } from '../api/diary';
import { useOutboxItems } from '../hooks/use-outbox';
import { DayGauge } from './DayGauge';
import { EntryList } from './EntryList';
import { ItemPicker } from './ItemPicker';
import { LogWorkDrawer } from './LogWorkDrawer';
import { OutboxList } from './OutboxList';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * "Nhật ký của tôi": the official's day — its total against the standard working day, logging
 * work in a few taps (a suggested item, or one found in the catalog), the day's entries with where
 * each stands, and the entries still waiting in this browser to be sent. Works offline: new
 * entries wait in the outbox, and the rest shows what was last read.
 */
export default function MyDayPage() {
  const { t, i18n } = useTranslation();
  const { officialId, pending } = useOfficialId();
  const online = useOnline();
  const today = todayInVietnam();
  const [params, setParams] = useSearchParams();
  const asked = params.get('date') ?? '';
  const date = ISO_DATE.test(asked) && asked <= today ? asked : today;
  const go = (d: string) => setParams(d === today ? {} : { date: d }, { replace: true });

  const day = useDiaryDay(officialId, date);
  const entries = useDayEntries(officialId, date);
  const suggestions = useSuggestions(officialId);
  const waiting = useOutboxItems(officialId);
  const [picked, setPicked] = useState<Pickable>();
  const [editing, setEditing] = useState<WorkLogEntry>();
  const [warnings, setWarnings] = useState<{ date: string; list: DiaryWarning[] }>();

  const list = entries.data?.entries ?? [];
  const lookup = useWorkItemLookup(list.map((e) => e.work_item_id));
  const suggested = useMemo(() => new Map((suggestions.data?.items ?? []).map((s) => [s.work_item_id, s])), [suggestions.data]);
  const itemName = (id: string) => {
    const w = lookup(id) ?? suggested.get(id);
    return w ? { name: `${w.code} ${w.name}`, unit: w.product_unit } : undefined;
  };
  const pendingToday = (waiting ?? []).filter((i) => i.request.work_date === date && !i.refusal);

  if (pending) return <PageLoading />;
  if (!officialId)
    return (
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <PageHeader title={t('diary.title')} />
        <Empty description={t('diary.noOfficial')} />
      </Space>
    );

  const edit = (e: WorkLogEntry) => {
    const w = lookup(e.work_item_id);
    if (!w) return;
    setEditing(e);
    setPicked({ ...fromCatalog(w), task_id: e.task_id });
  };
  const close = () => {
    setPicked(undefined);
    setEditing(undefined);
  };
  const offlineNoData = (err: unknown) => !online || (err instanceof ApiError && err.status === 0);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader
        title={t('diary.title')}
        extra={
          <div className="day-picker">
            <label htmlFor="diary-date" className="visually-hidden">
              {t('diary.date')}
            </label>
            <Button icon={<LeftOutlined />} aria-label={t('diary.previousDay')} onClick={() => go(addDays(date, -1))} />
            <DatePicker
              id="diary-date"
              value={dayjs(date)}
              format={DATE_FORMAT}
              allowClear={false}
              inputReadOnly
              disabledDate={(d) => d.format('YYYY-MM-DD') > today}
              onChange={(d) => d && go(d.format('YYYY-MM-DD'))}
              style={{ width: 140 }}
            />
            <Button
              icon={<RightOutlined />}
              aria-label={t('diary.nextDay')}
              disabled={date >= today}
              onClick={() => go(addDays(date, 1))}
            />
          </div>
        }
      />
      {day.error && !offlineNoData(day.error) ? (
        <ErrorState error={day.error} onRetry={() => day.refetch()} />
      ) : day.isPending && !day.error ? (
        <Card size="small">
          <Skeleton active paragraph={{ rows: 2 }} />
        </Card>
      ) : (
        <DayGauge day={day.data} pendingMinutes={pendingToday.reduce((sum, i) => sum + i.estimated_minutes, 0)} />
      )}
      {warnings && warnings.date === date && warnings.list.length > 0 && (
        <Alert
          type="warning"
          showIcon
          closable={{ onClose: () => setWarnings(undefined), 'aria-label': t('common.close') }}
          title={t('diary.warningsTitle')}
          description={
            <ul className="plain-list" data-testid="server-warnings">
              {warnings.list.map((w) => (
                <li key={w.code}>{i18n.language === 'en' ? w.message_en : w.message_vi}</li>
              ))}
            </ul>
          }
        />
      )}
      <Card size="small" title={<h2 className="card-title">{t('diary.logTitle')}</h2>}>
        {day.data?.closed ? (
          <Typography.Paragraph>{t('diary.gauge.closed')}</Typography.Paragraph>
        ) : (
          <ItemPicker
            suggestions={suggestions.data?.items}
            loading={suggestions.isPending && !suggestions.error}
            error={suggestions.error && !offlineNoData(suggestions.error) ? suggestions.error : undefined}
            onRetry={() => suggestions.refetch()}
            onPick={setPicked}
          />
        )}
      </Card>
      {waiting && <OutboxList items={waiting} officialId={officialId} />}
      <Card size="small" title={<h2 className="card-title">{t('diary.entries.titleOn', { date: formatDate(date) })}</h2>}>
        {entries.error && !offlineNoData(entries.error) ? (
          <ErrorState error={entries.error} onRetry={() => entries.refetch()} />
        ) : entries.isPending && !entries.error ? (
          <Skeleton active paragraph={{ rows: 2 }} />
        ) : entries.error ? (
          <Typography.Paragraph>{t('diary.entries.offline')}</Typography.Paragraph>
        ) : list.length === 0 ? (
          <Typography.Paragraph>{t('diary.entries.none')}</Typography.Paragraph>
        ) : (
          <EntryList entries={list} itemName={itemName} onEdit={edit} />
        )}
      </Card>
      <LogWorkDrawer
        item={picked}
        entry={editing}
        officialId={officialId}
        date={date}
        onClose={close}
        onLogged={(result) => {
          if (result.kind !== 'queued') setWarnings({ date: editing?.work_date ?? date, list: result.answer.outcome?.warnings ?? [] });
        }}
      />
    </Space>
  );
}
