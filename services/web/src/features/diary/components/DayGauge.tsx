import { Alert, Card, Progress, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDuration } from '../../../lib/format';
import type { DiaryDay } from '../api/diary';

/** The standard working day when the server has not said otherwise (8 hours). */
const STANDARD = 480;
const COLORS = { under: '#0b4f8a', full: '#237804', over: '#b42318' };

/**
 * The day's total against the standard working day, as a gauge with the time in words beside it;
 * past the standard it turns red and says by how much. Minutes still waiting in the outbox are
 * named apart: the server has not counted them yet.
 */
export function DayGauge({ day, pendingMinutes }: { day: DiaryDay | undefined; pendingMinutes: number }) {
  const { t } = useTranslation();
  const total = day?.total_minutes ?? 0;
  const standard = day?.standard_minutes || STANDARD;
  const over = total > standard;
  const percent = Math.min(100, Math.round((total / standard) * 100));
  const color = over ? COLORS.over : total >= standard ? COLORS.full : COLORS.under;
  return (
    <Card size="small">
      <div className="day-gauge">
        <Progress
          type="dashboard"
          size={120}
          percent={percent}
          status="normal"
          strokeColor={color}
          format={() => `${Math.round((total / standard) * 100)}%`}
          aria-label={t('diary.gauge.label', { total: formatDuration(total), standard: formatDuration(standard) })}
          data-testid="day-gauge"
        />
        <div className="day-gauge-text">
          <Typography.Text strong className="day-gauge-total" data-testid="day-total">
            {formatDuration(total)}
          </Typography.Text>
          <Typography.Text>{t('diary.gauge.ofStandard', { standard: formatDuration(standard) })}</Typography.Text>
          <Typography.Text type="secondary">{t('diary.gauge.entries', { count: day?.entry_count ?? 0 })}</Typography.Text>
          {pendingMinutes > 0 && <Typography.Text>{t('diary.gauge.pending', { time: formatDuration(pendingMinutes) })}</Typography.Text>}
          {day && !day.working_day && (
            <span>
              <Tag>{day.day_name || t('diary.gauge.dayOff')}</Tag>
            </span>
          )}
        </div>
      </div>
      {over && (
        <Alert
          type="warning"
          showIcon
          role="alert"
          style={{ marginTop: 12 }}
          title={t('diary.gauge.over', { over: formatDuration(total - standard), standard: formatDuration(standard) })}
          data-testid="over-standard"
        />
      )}
      {day?.closed && <Alert type="error" showIcon style={{ marginTop: 12 }} title={t('diary.gauge.closed')} />}
      {day && !day.closed && day.late && <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('diary.gauge.late')} />}
    </Card>
  );
}
