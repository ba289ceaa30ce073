import { CloudUploadOutlined, DeleteOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Popconfirm, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDate, formatDuration, formatNumber, formatQuantity } from '../../../lib/format';
import { useOnline } from '../../../lib/use-online';
import type { OutboxItem } from '../api/outbox';
import { outbox } from '../hooks/use-outbox';

/**
 * The entries waiting in this browser to be sent ("Đang chờ gửi"), oldest first: those refused by
 * the server say why and may be removed; nothing leaves the list unless sent or removed.
 */
export function OutboxList({ items, officialId }: { items: OutboxItem[]; officialId: string }) {
  const { t, i18n } = useTranslation();
  const online = useOnline();
  const [sending, setSending] = useState(false);
  if (items.length === 0) return null;
  const waiting = items.filter((i) => !i.refusal).length;
  const sendNow = async () => {
    setSending(true);
    try {
      await outbox().flush(officialId);
    } finally {
      setSending(false);
    }
  };
  return (
    <Card
      size="small"
      title={
        <span id="outbox-title">
          <CloudUploadOutlined /> {t('diary.outbox.title')} ({formatNumber(items.length)})
        </span>
      }
      extra={
        waiting > 0 && online ? (
          <Button size="small" onClick={sendNow} loading={sending}>
            {t('diary.outbox.sendNow')}
          </Button>
        ) : undefined
      }
      data-testid="outbox"
    >
      <Typography.Paragraph type="secondary">{t('diary.outbox.help')}</Typography.Paragraph>
      <ul className="entry-list" aria-labelledby="outbox-title">
        {items.map((item) => (
          <li key={item.request_id} className="entry-card">
            <div className="entry-card-head">
              <Typography.Text strong>{item.label}</Typography.Text>
              {item.refusal ? <Tag color="red">{t('diary.outbox.refusedTag')}</Tag> : <Tag>{t('diary.outbox.waitingTag')}</Tag>}
            </div>
            <Typography.Text>
              {t('diary.outbox.line', {
                date: formatDate(item.request.work_date),
                quantity: formatQuantity(item.request.quantity_decimal || '1'),
                time: formatDuration(item.estimated_minutes),
              })}
            </Typography.Text>
            {item.request.note && <Typography.Paragraph style={{ margin: 0 }}>{item.request.note}</Typography.Paragraph>}
            {item.refusal && (
              <Alert
                type="error"
                showIcon
                style={{ marginTop: 8 }}
                title={i18n.language === 'en' ? item.refusal.message.en : item.refusal.message.vi}
              />
            )}
            <div className="entry-card-actions">
              <Popconfirm
                title={t('diary.outbox.removeQuestion')}
                okText={t('diary.outbox.remove')}
                cancelText={t('common.cancel')}
                onConfirm={() => outbox().remove(item.request_id)}
              >
                <Button size="small" danger icon={<DeleteOutlined />} aria-label={t('diary.outbox.removeItem', { name: item.label })}>
                  {t('diary.outbox.remove')}
                </Button>
              </Popconfirm>
            </div>
          </li>
        ))}
      </ul>
    </Card>
  );
}
