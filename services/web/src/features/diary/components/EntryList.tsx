import { DeleteOutlined, EditOutlined } from '@ant-design/icons';
import { Alert, App, Button, Popconfirm, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { WorkLogStatusTag } from '../../../components/WorkLogStatusTag';
import { ApiError } from '../../../lib/api';
import { formatDuration, formatQuantity } from '../../../lib/format';
import { useOnline } from '../../../lib/use-online';
import { CHANGEABLE, useDeleteEntry, type WorkLogEntry } from '../api/diary';

/**
 * The day's entries as cards: the item, how many products and how long, the note, where the
 * entry stands (a returned one with the manager's comment); those not yet approved may be changed
 * or withdrawn, online.
 */
export function EntryList({
  entries,
  itemName,
  onEdit,
}: {
  entries: WorkLogEntry[];
  itemName: (id: string) => { name: string; unit: string } | undefined;
  onEdit: (entry: WorkLogEntry) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const online = useOnline();
  const remove = useDeleteEntry();

  const withdraw = async (e: WorkLogEntry) => {
    try {
      await remove.mutateAsync({ id: e.id, version: e.version });
      void message.success(t('diary.entries.deleted'));
    } catch (err) {
      void message.error(err instanceof ApiError ? err.text : t('common.error'));
    }
  };

  return (
    <ul className="entry-list" aria-label={t('diary.entries.title')} data-testid="entries">
      {entries.map((e) => {
        const item = itemName(e.work_item_id);
        const name = item?.name ?? t('diary.entries.unknownItem');
        return (
          <li key={e.id} className="entry-card">
            <div className="entry-card-head">
              <Typography.Text strong>{name}</Typography.Text>
              <WorkLogStatusTag status={e.status} />
            </div>
            <Typography.Text>
              {t('diary.entries.line', {
                quantity: formatQuantity(e.quantity_decimal || '1'),
                unit: item?.unit ?? '',
                time: formatDuration(e.minutes),
              })}
            </Typography.Text>
            {e.note && <Typography.Paragraph style={{ margin: 0 }}>{e.note}</Typography.Paragraph>}
            {e.status === 'WORK_LOG_STATUS_RETURNED' && e.review?.comment && (
              <Alert
                type="error"
                showIcon
                style={{ marginTop: 8 }}
                title={t('diary.entries.returnedComment', { comment: e.review.comment })}
              />
            )}
            {CHANGEABLE.includes(e.status) && (
              <div className="entry-card-actions">
                <Button
                  size="small"
                  icon={<EditOutlined />}
                  disabled={!online}
                  onClick={() => onEdit(e)}
                  aria-label={t('diary.entries.editItem', { name })}
                >
                  {t('diary.entries.edit')}
                </Button>
                <Popconfirm
                  title={t('diary.entries.deleteQuestion')}
                  okText={t('diary.entries.delete')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => withdraw(e)}
                  disabled={!online}
                >
                  <Button
                    size="small"
                    danger
                    icon={<DeleteOutlined />}
                    disabled={!online}
                    aria-label={t('diary.entries.deleteItem', { name })}
                  >
                    {t('diary.entries.delete')}
                  </Button>
                </Popconfirm>
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
