import { Alert, App, Button, Card, DatePicker, Empty, Form, Input, Modal, Segmented, Skeleton, Space, Tag, Typography } from 'antd';
import type dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CursorPager } from '../../../components/CursorPager';
import { ErrorState } from '../../../components/ErrorState';
import { PageHeader } from '../../../components/PageHeader';
import { PageLoading } from '../../../components/PageLoading';
import { ApiError } from '../../../lib/api';
import { DATE_FORMAT, formatDate, formatQuantity, todayInVietnam } from '../../../lib/format';
import { useWorkItemLookup } from '../../../lib/lookups';
import { useCursorPages } from '../../../lib/use-cursor-pages';
import { useOnline } from '../../../lib/use-online';
import { useOfficialId } from '../../session/api/session';
import {
  daysBetween,
  isOverdue,
  type Task,
  type TaskStatus,
  useMyTasks,
  useRequestExtension,
  useStartTask,
  useSubmitTask,
  VIEWS,
  type View,
} from '../api/tasks';

const STATUS_COLOR: Partial<Record<TaskStatus, string>> = {
  TASK_STATUS_ASSIGNED: 'blue',
  TASK_STATUS_IN_PROGRESS: 'cyan',
  TASK_STATUS_SUBMITTED: 'purple',
  TASK_STATUS_APPROVED: 'green',
  TASK_STATUS_RETURNED: 'red',
};

/**
 * "Việc của tôi": the tasks assigned to the official, by due date, in three views (to do, handed
 * in, over). Overdue ones say by how many days. The lead assignee starts a task, hands in its
 * product (a document number, a link or a file reference), and may ask for a later due date.
 */
export default function MyTasksPage() {
  const { t } = useTranslation();
  const { officialId, pending } = useOfficialId();
  const [view, setView] = useState<View>('open');
  const pages = useCursorPages(view);
  const tasks = useMyTasks(officialId, view, pages.token);
  const list = tasks.data?.tasks ?? [];
  const item = useWorkItemLookup(list.map((x) => x.work_item_id));
  const [submitting, setSubmitting] = useState<Task>();
  const [extending, setExtending] = useState<Task>();

  if (pending) return <PageLoading />;
  if (!officialId)
    return (
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <PageHeader title={t('tasks.title')} />
        <Empty description={t('diary.noOfficial')} />
      </Space>
    );

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader title={t('tasks.title')} />
      <Segmented<View>
        block
        value={view}
        onChange={setView}
        aria-label={t('tasks.views')}
        options={(Object.keys(VIEWS) as View[]).map((v) => ({ value: v, label: t(`tasks.view.${v}`) }))}
      />
      {tasks.error ? (
        <ErrorState error={tasks.error} onRetry={() => tasks.refetch()} />
      ) : tasks.isPending ? (
        <Skeleton active />
      ) : list.length === 0 ? (
        <Card size="small">
          <Typography.Text>{t(`tasks.none.${view}`)}</Typography.Text>
        </Card>
      ) : (
        <ul className="entry-list" aria-label={t(`tasks.view.${view}`)} data-testid="tasks">
          {list.map((task) => (
            <TaskCard
              key={task.id}
              task={task}
              me={officialId}
              itemName={item(task.work_item_id)?.name}
              unit={item(task.work_item_id)?.product_unit}
              onSubmit={() => setSubmitting(task)}
              onExtend={() => setExtending(task)}
            />
          ))}
        </ul>
      )}
      <CursorPager
        page={pages.page}
        nextToken={tasks.data?.next_page_token}
        onNext={pages.next}
        onPrevious={pages.previous}
        loading={tasks.isFetching}
      />
      <SubmitDialog task={submitting} onClose={() => setSubmitting(undefined)} />
      <ExtensionDialog task={extending} onClose={() => setExtending(undefined)} />
    </Space>
  );
}

function TaskCard({
  task,
  me,
  itemName,
  unit,
  onSubmit,
  onExtend,
}: {
  task: Task;
  me: string;
  itemName: string | undefined;
  unit: string | undefined;
  onSubmit: () => void;
  onExtend: () => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const online = useOnline();
  const start = useStartTask();
  const today = todayInVietnam();
  const overdue = isOverdue(task, today);
  const lead = task.lead_assignee_id === me;
  const open = (VIEWS.open as readonly TaskStatus[]).includes(task.status);
  const pendingExtension = task.extension?.status === 'EXTENSION_STATUS_PENDING';

  const begin = async () => {
    try {
      await start.mutateAsync({ id: task.id, version: task.version });
      void message.success(t('tasks.started'));
    } catch (err) {
      void message.error(err instanceof ApiError ? err.text : t('common.error'));
    }
  };

  return (
    <li className={`entry-card${overdue ? ' entry-card-overdue' : ''}`}>
      <div className="entry-card-head">
        <Typography.Text strong>{task.title}</Typography.Text>
        <Tag color={STATUS_COLOR[task.status]}>{t(`enums.taskStatus.${task.status}`)}</Tag>
      </div>
      <div>
        <Typography.Text className={overdue ? 'text-danger' : undefined}>
          {t('tasks.due', { date: formatDate(task.due_date) })}
          {overdue && ` · ${t('tasks.overdue', { count: daysBetween(task.due_date, today) })}`}
        </Typography.Text>
        {(task.priority === 'TASK_PRIORITY_HIGH' || task.priority === 'TASK_PRIORITY_URGENT') && (
          <Tag color="red" style={{ marginLeft: 8 }}>
            {t(`enums.taskPriority.${task.priority}`)}
          </Tag>
        )}
        {pendingExtension && (
          <Tag style={{ marginLeft: 8 }}>{t('tasks.extensionPending', { date: formatDate(task.extension.requested_due_date) })}</Tag>
        )}
      </div>
      {itemName && (
        <Typography.Text type="secondary">
          {t('tasks.item', { name: itemName, quantity: formatQuantity(task.expected_quantity || '1'), unit: unit ?? '' })}
        </Typography.Text>
      )}
      {task.description && <Typography.Paragraph style={{ margin: 0 }}>{task.description}</Typography.Paragraph>}
      {task.status === 'TASK_STATUS_RETURNED' && task.reason && (
        <Alert type="error" showIcon style={{ marginTop: 8 }} title={t('tasks.returnedReason', { reason: task.reason })} />
      )}
      {task.status === 'TASK_STATUS_SUBMITTED' && task.product && (
        <Typography.Text type="secondary">
          {t('tasks.handedIn', {
            date: formatDate(task.submitted_date),
            product: [task.product.document_number, task.product.link, task.product.file_ref].filter(Boolean).join(' · '),
          })}
        </Typography.Text>
      )}
      {lead && open && (
        <div className="entry-card-actions">
          {(task.status === 'TASK_STATUS_ASSIGNED' || task.status === 'TASK_STATUS_RETURNED') && (
            <Button size="small" type="primary" disabled={!online} loading={start.isPending} onClick={begin}>
              {t('tasks.start')}
            </Button>
          )}
          {task.status === 'TASK_STATUS_IN_PROGRESS' && (
            <Button size="small" type="primary" disabled={!online} onClick={onSubmit}>
              {t('tasks.submit')}
            </Button>
          )}
          {!pendingExtension && (
            <Button size="small" disabled={!online} onClick={onExtend}>
              {t('tasks.extend')}
            </Button>
          )}
        </div>
      )}
    </li>
  );
}

/** What a refused step says, shown in its dialog. */
const refusal = (err: unknown, fallback: string) => (err instanceof ApiError ? err.text : fallback);

/** Handing in the product: at least one of a document number, a link or a file reference. */
function SubmitDialog({ task, onClose }: { task: Task | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const submit = useSubmitTask();
  const [form] = Form.useForm<{ document_number?: string; link?: string; file_ref?: string; note?: string }>();
  const [problem, setProblem] = useState<string>();
  const done = async (v: { document_number?: string; link?: string; file_ref?: string; note?: string }) => {
    if (!task) return;
    const product = {
      document_number: v.document_number?.trim() ?? '',
      link: v.link?.trim() ?? '',
      file_ref: v.file_ref?.trim() ?? '',
      note: v.note?.trim() ?? '',
    };
    if (!product.document_number && !product.link && !product.file_ref) return setProblem(t('tasks.productRequired'));
    try {
      await submit.mutateAsync({ id: task.id, version: task.version, product });
      void message.success(t('tasks.submitted'));
      onClose();
    } catch (err) {
      setProblem(refusal(err, t('common.error')));
    }
  };
  return (
    <Modal
      open={Boolean(task)}
      title={task ? t('tasks.submitTitle', { title: task.title }) : ''}
      okText={t('tasks.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={submit.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => setProblem(undefined)}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={done} onValuesChange={() => setProblem(undefined)}>
        <Typography.Paragraph type="secondary">{t('tasks.productHelp')}</Typography.Paragraph>
        <Form.Item name="document_number" label={t('tasks.documentNumber')}>
          <Input placeholder="125/BC-STC" maxLength={200} />
        </Form.Item>
        <Form.Item name="link" label={t('tasks.link')} rules={[{ type: 'url', message: t('tasks.linkInvalid') }]}>
          <Input inputMode="url" maxLength={2000} />
        </Form.Item>
        <Form.Item name="file_ref" label={t('tasks.fileRef')}>
          <Input maxLength={500} />
        </Form.Item>
        <Form.Item name="note" label={t('diary.form.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
        {problem && <Alert type="error" showIcon title={problem} />}
      </Form>
    </Modal>
  );
}

/** Asking for a later due date, with the reason the manager reads. */
function ExtensionDialog({ task, onClose }: { task: Task | undefined; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const ask = useRequestExtension();
  const [form] = Form.useForm<{ date: dayjs.Dayjs; reason: string }>();
  const [problem, setProblem] = useState<string>();
  const done = async (v: { date: dayjs.Dayjs; reason: string }) => {
    if (!task) return;
    try {
      await ask.mutateAsync({
        id: task.id,
        version: task.version,
        requested_due_date: v.date.format('YYYY-MM-DD'),
        reason: v.reason.trim(),
      });
      void message.success(t('tasks.extensionRequested'));
      onClose();
    } catch (err) {
      setProblem(refusal(err, t('common.error')));
    }
  };
  const floor = task ? [task.due_date, todayInVietnam()].sort()[1]! : '';
  return (
    <Modal
      open={Boolean(task)}
      title={task ? t('tasks.extendTitle', { title: task.title }) : ''}
      okText={t('tasks.extendSend')}
      cancelText={t('common.cancel')}
      confirmLoading={ask.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      afterClose={() => setProblem(undefined)}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={done} onValuesChange={() => setProblem(undefined)}>
        {task && <Typography.Paragraph>{t('tasks.due', { date: formatDate(task.due_date) })}</Typography.Paragraph>}
        <Form.Item name="date" label={t('tasks.newDueDate')} rules={[{ required: true, message: t('tasks.newDueDateRequired') }]}>
          <DatePicker format={DATE_FORMAT} inputReadOnly style={{ width: '100%' }} disabledDate={(d) => d.format('YYYY-MM-DD') <= floor} />
        </Form.Item>
        <Form.Item
          name="reason"
          label={t('tasks.reason')}
          rules={[{ required: true, whitespace: true, message: t('tasks.reasonRequired') }]}
        >
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
        {problem && <Alert type="error" showIcon title={problem} />}
      </Form>
    </Modal>
  );
}
