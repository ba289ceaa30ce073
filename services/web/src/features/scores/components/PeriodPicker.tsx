import { DatePicker, Segmented, Space } from 'antd';
import dayjs from 'dayjs';
import { useTranslation } from 'react-i18next';
import { todayInVietnam } from '../../../lib/format';

export interface PeriodChoice {
  kind: 'month' | 'quarter';
  when: dayjs.Dayjs;
}

export const thisMonth = (): PeriodChoice => ({ kind: 'month', when: dayjs(todayInVietnam()) });

/** The period key of a month or a quarter: "2026-03", "2026-Q1". */
export const periodKey = ({ kind, when }: PeriodChoice) =>
  kind === 'month' ? when.format('YYYY-MM') : `${when.year()}-Q${Math.floor(when.month() / 3) + 1}`;

/** A month or a quarter, up to the current one. */
export function PeriodPicker({ value, onChange }: { value: PeriodChoice; onChange: (v: PeriodChoice) => void }) {
  const { t } = useTranslation();
  const today = dayjs(todayInVietnam());
  return (
    <Space wrap>
      <Segmented
        aria-label={t('scores.periodKind')}
        value={value.kind}
        onChange={(kind) => onChange({ ...value, kind: kind as PeriodChoice['kind'] })}
        options={[
          { value: 'month', label: t('scores.month') },
          { value: 'quarter', label: t('scores.quarter') },
        ]}
      />
      <DatePicker
        aria-label={t('scores.period')}
        picker={value.kind}
        value={value.when}
        format={value.kind === 'month' ? 'MM/YYYY' : 'YYYY-[Q]Q'}
        allowClear={false}
        inputReadOnly
        disabledDate={(d) => d.isAfter(today, 'month')}
        onChange={(d) => d && onChange({ ...value, when: d })}
      />
    </Space>
  );
}
