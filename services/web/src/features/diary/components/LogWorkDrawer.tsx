import { Alert, App, Button, Drawer, Form, Grid, Input, InputNumber, Tag, Typography } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api';
import { formatDate, formatDuration, formatNumber } from '../../../lib/format';
import { minutesRange } from '../../../lib/lookups';
import { type Pickable, quantityDecimal, useUpdateEntry, type WorkLogEntry } from '../api/diary';
import type { LogWorkAnswer } from '../api/outbox';
import { type LogResult, useLogWork } from '../hooks/use-outbox';

interface Values {
  quantity: number;
  minutes: number | null;
  note: string;
}

/** Request fields the form shows, for a refusal naming one of them. */
const FORM_FIELD: Record<string, keyof Values> = { quantity_decimal: 'quantity', quantity: 'quantity', minutes: 'minutes', note: 'note' };

/**
 * Logging one entry of an item (or changing an entry not yet approved): how many products, the
 * minutes (the item's standard time for that many unless the person says otherwise, within the
 * range its coefficients allow), a note. From the bottom of a phone's screen, the side of a wide one.
 */
export function LogWorkDrawer({
  item,
  entry,
  officialId,
  date,
  onClose,
  onLogged,
}: {
  /** The item to log; with `entry`, the entry's item. Closed when undefined. */
  item: Pickable | undefined;
  entry?: WorkLogEntry;
  officialId: string;
  date: string;
  onClose: () => void;
  onLogged: (result: LogResult | { kind: 'updated'; answer: Pick<LogWorkAnswer, 'outcome'> }) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const screens = Grid.useBreakpoint();
  const [form] = Form.useForm<Values>();
  const logWork = useLogWork();
  const update = useUpdateEntry();
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<string>();
  // Minutes the person typed themselves; untouched, they follow the quantity and the server takes its default.
  const [ownMinutes, setOwnMinutes] = useState(false);
  const quantity = Form.useWatch('quantity', form) ?? 1;
  const range = item ? minutesRange(item, quantity) : undefined;

  useEffect(() => {
    if (!item) return;
    const q = entry ? Number(entry.quantity_decimal) || 1 : 1;
    const standard = minutesRange(item, q).standard;
    form.setFieldsValue({ quantity: q, minutes: entry ? entry.minutes : standard, note: entry?.note ?? '' });
    setOwnMinutes(Boolean(entry && entry.minutes !== standard));
    setProblem(undefined);
  }, [item, entry, form]);

  const refused = (err: unknown) => {
    if (!(err instanceof ApiError)) return setProblem(t('common.error'));
    const field = err.field ? FORM_FIELD[err.field] : undefined;
    if (field) form.setFields([{ name: field, errors: [err.text] }]);
    else setProblem(err.text);
  };

  const submit = async (v: Values) => {
    if (!item) return;
    setBusy(true);
    setProblem(undefined);
    const fields = {
      work_item_id: item.work_item_id,
      quantity_decimal: quantityDecimal(v.quantity),
      // Zero: the server's default, the standard time of the quantity by the revision in force that day.
      minutes: ownMinutes && v.minutes ? v.minutes : 0,
      note: (v.note ?? '').trim(),
    };
    try {
      if (entry) {
        const answer = await update.mutateAsync({
          ...fields,
          id: entry.id,
          version: entry.version,
          work_date: entry.work_date,
          task_id: entry.task_id,
          evidence: entry.evidence,
          start_time: entry.start_time,
          end_time: entry.end_time,
        });
        void message.success(t('diary.updated'));
        onLogged({ kind: 'updated', answer });
      } else {
        const result = await logWork(
          { ...fields, official_id: officialId, work_date: date, task_id: item.task_id },
          `${item.code} ${item.name}`,
          fields.minutes || minutesRange(item, v.quantity).standard,
        );
        if (result.kind === 'logged') void message.success(t('diary.logged'));
        else void message.info(t('diary.queued'));
        onLogged(result);
      }
      onClose();
    } catch (err) {
      refused(err);
    } finally {
      setBusy(false);
    }
  };

  const wide = screens.md !== false;
  return (
    <Drawer
      open={Boolean(item)}
      onClose={onClose}
      placement={wide ? 'right' : 'bottom'}
      size={wide ? 440 : '88%'}
      title={entry ? t('diary.form.editTitle') : t('diary.form.title')}
      destroyOnHidden
    >
      {item && (
        <Form form={form} layout="vertical" onFinish={submit} requiredMark={false}>
          <div style={{ marginBottom: 16 }}>
            <Typography.Text strong style={{ display: 'block' }}>
              {item.name}
            </Typography.Text>
            <Typography.Text type="secondary">
              {t('diary.itemLine', { code: item.code, unit: item.product_unit, minutes: formatNumber(item.standard_minutes) })}
            </Typography.Text>
            <div>
              <Typography.Text>{t('diary.form.forDate', { date: formatDate(entry?.work_date ?? date) })}</Typography.Text>
              {item.task_id && (
                <Tag color="blue" style={{ marginLeft: 8 }}>
                  {t('diary.forTask')}
                </Tag>
              )}
            </div>
          </div>
          <Form.Item
            name="quantity"
            label={t('diary.form.quantity', { unit: item.product_unit })}
            rules={[{ required: true, message: t('diary.form.quantityRequired') }]}
          >
            <InputNumber
              min={0.01}
              max={9999}
              step={1}
              precision={2}
              inputMode="decimal"
              size="large"
              style={{ width: '100%' }}
              onChange={(q) => {
                if (!ownMinutes && typeof q === 'number') form.setFieldValue('minutes', minutesRange(item, q).standard);
              }}
            />
          </Form.Item>
          <Form.Item
            name="minutes"
            label={t('diary.form.minutes')}
            extra={range ? t('diary.form.minutesHelp', { min: formatNumber(range.min), max: formatNumber(range.max) }) : undefined}
            rules={[
              {
                validator: async (_, value: number | null) => {
                  if (!ownMinutes || value === null || value === undefined || !range) return;
                  if (value < range.min || value > range.max)
                    throw new Error(t('diary.form.minutesRange', { min: formatNumber(range.min), max: formatNumber(range.max) }));
                },
              },
            ]}
          >
            <InputNumber
              min={1}
              max={1440}
              precision={0}
              inputMode="numeric"
              size="large"
              style={{ width: '100%' }}
              onChange={() => setOwnMinutes(true)}
            />
          </Form.Item>
          {range && !ownMinutes && (
            <Typography.Paragraph type="secondary" style={{ marginTop: -12 }}>
              {t('diary.form.standardTime', { time: formatDuration(range.standard) })}
            </Typography.Paragraph>
          )}
          <Form.Item name="note" label={t('diary.form.note')}>
            <Input.TextArea rows={2} maxLength={1000} showCount />
          </Form.Item>
          {problem && <Alert type="error" showIcon title={problem} style={{ marginBottom: 16 }} />}
          <Button type="primary" htmlType="submit" size="large" block loading={busy}>
            {entry ? t('common.save') : t('diary.form.submit')}
          </Button>
        </Form>
      )}
    </Drawer>
  );
}
