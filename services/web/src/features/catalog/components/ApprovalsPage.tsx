import { useQueryClient } from '@tanstack/react-query';
import { App, Button, Empty, Form, Input, Modal, Popconfirm, Space, Tabs } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAgencies } from '../../../components/AgencyPicker';
import { CursorPager } from '../../../components/CursorPager';
import { ErrorState } from '../../../components/ErrorState';
import { ListTable } from '../../../components/ListTable';
import { PageHeader } from '../../../components/PageHeader';
import { ApiError } from '../../../lib/api';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { namesOf } from '../../../lib/names';
import { useCursorPages } from '../../../lib/use-cursor-pages';
import type { CatalogAccess } from '../api/access';
import { SHARED_GROUPS, useApproveWorkItem, useReturnWorkItem, useWorkItems, type WorkItem, type WorkItemFilter } from '../api/catalog';
import { useCatalogAccess } from '../hooks/use-catalog-access';
import { GroupLabel } from './parts';
import { useChangeFailed, WorkItemDrawer } from './WorkItemDrawer';

const PAGE_SIZE = 50;
/** An item's name as a link that wraps, so long names do not widen the table past the screen. */
const LINK_CELL = { whiteSpace: 'normal', textAlign: 'left', height: 'auto', padding: 0, maxWidth: 360 } as const;

/** One list of items waiting for the person's decision: the shared catalog's, or an agency's own (group C). */
interface Queue {
  key: string;
  label: string;
  filter: WorkItemFilter;
}

/** The queues the person decides: shared items for catalog administrators, group C of the agencies they lead. */
function queuesOf(access: CatalogAccess, agencyName: (id: string) => string, t: (k: string) => string): Queue[] {
  const submitted: WorkItemFilter = { view: 'WORK_ITEM_VIEW_WORKING', statuses: ['WORK_ITEM_STATUS_SUBMITTED'] };
  const queues: Queue[] = [];
  if (access.approveShared) queues.push({ key: 'shared', label: t('approvals.shared'), filter: { ...submitted, groups: SHARED_GROUPS } });
  if (access.allAgencies)
    queues.push({ key: 'agencies', label: t('approvals.allAgencies'), filter: { ...submitted, groups: ['WORK_ITEM_GROUP_C'] } });
  else
    for (const id of access.approveAgencies)
      queues.push({
        key: id,
        label: agencyName(id) || t('approvals.agency'),
        filter: { ...submitted, groups: ['WORK_ITEM_GROUP_C'], agency_id: id, only_agency: true },
      });
  return queues;
}

/**
 * The approval queue (duyệt danh mục): submitted work items the person may publish or send back
 * with a reason. Each decision carries the version the person saw, so two approvers cannot both
 * decide on one item; the list is read again after every decision.
 */
export default function ApprovalsPage() {
  const { t } = useTranslation();
  const access = useCatalogAccess();
  const agencies = useAgencies();
  const queues = queuesOf(access, namesOf(agencies.data?.agencies), t);
  const [openId, setOpenId] = useState<string>();

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader title={t('approvals.title')} />
      {queues.length === 0 ? (
        <Empty description={t('approvals.notApprover')} />
      ) : queues.length === 1 ? (
        <QueueTable queue={queues[0]!} onOpen={setOpenId} />
      ) : (
        <Tabs items={queues.map((q) => ({ key: q.key, label: q.label, children: <QueueTable queue={q} onOpen={setOpenId} /> }))} />
      )}
      <WorkItemDrawer id={openId} access={access} onClose={() => setOpenId(undefined)} />
    </Space>
  );
}

function QueueTable({ queue, onOpen }: { queue: Queue; onOpen: (id: string) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const pages = useCursorPages(queue.key);
  const list = useWorkItems({ ...queue.filter, page_size: PAGE_SIZE, page_token: pages.token });
  const approve = useApproveWorkItem();
  const [returning, setReturning] = useState<WorkItem>();
  const changeFailed = useChangeFailed();
  const agencies = useAgencies();
  const agencyName = namesOf(agencies.data?.agencies);

  /** A refused decision: the message, and the list read again (someone else may have decided meanwhile). */
  const failed = (err: unknown) => {
    changeFailed(err);
    if (err instanceof ApiError && (err.code === 'ABORTED' || err.code === 'FAILED_PRECONDITION'))
      void queryClient.invalidateQueries({ queryKey: ['work-items'] });
  };
  const publish = async (w: WorkItem) => {
    try {
      await approve.mutateAsync({ id: w.id, version: w.version });
      message.success(t('approvals.approved', { code: w.code }));
    } catch (err) {
      failed(err);
    }
  };

  if (list.error) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  return (
    <>
      <ListTable<WorkItem>
        rowKey="id"
        loading={list.isFetching}
        rows={list.data?.work_items}
        emptyText={t('approvals.none')}
        columns={[
          { title: t('catalog.field.code'), dataIndex: 'code' },
          {
            title: t('catalog.field.name'),
            key: 'name',
            render: (_, w) => (
              <Button type="link" size="small" style={LINK_CELL} onClick={() => onOpen(w.id)}>
                {w.name}
              </Button>
            ),
          },
          { title: t('catalog.field.group'), key: 'group', render: (_, w) => <GroupLabel group={w.group} /> },
          {
            title: t('catalog.field.agency'),
            key: 'agency',
            render: (_, w) => (w.agency_id ? agencyName(w.agency_id) : t('catalog.shared')),
          },
          {
            title: t('catalog.field.standardMinutes'),
            dataIndex: 'standard_minutes',
            align: 'right',
            render: (n: number) => formatNumber(n),
          },
          {
            title: t('approvals.submittedAt'),
            key: 'submitted',
            render: (_, w) => (w.submitted?.time ? `${formatDateTime(w.submitted.time)} · ${w.submitted.by}` : ''),
          },
          {
            title: t('approvals.decision'),
            key: 'actions',
            render: (_, w) => (
              <Space>
                <Popconfirm
                  title={t('approvals.approveQuestion', { code: w.code })}
                  okText={t('approvals.approve')}
                  cancelText={t('common.cancel')}
                  onConfirm={() => publish(w)}
                >
                  <Button size="small" type="primary" aria-label={t('approvals.approveItem', { code: w.code })}>
                    {t('approvals.approve')}
                  </Button>
                </Popconfirm>
                <Button size="small" onClick={() => setReturning(w)} aria-label={t('approvals.returnItem', { code: w.code })}>
                  {t('approvals.return')}
                </Button>
              </Space>
            ),
          },
        ]}
      />
      <CursorPager
        page={pages.page}
        nextToken={list.data?.next_page_token}
        onNext={pages.next}
        onPrevious={pages.previous}
        loading={list.isFetching}
      />
      <ReturnDialog item={returning} onClose={() => setReturning(undefined)} onFailed={failed} />
    </>
  );
}

/** Sending an item back to its author as a draft: the reason is required, it is what they read. */
function ReturnDialog({ item, onClose, onFailed }: { item: WorkItem | undefined; onClose: () => void; onFailed: (err: unknown) => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const send = useReturnWorkItem();
  const [form] = Form.useForm<{ reason: string }>();
  const done = async ({ reason }: { reason: string }) => {
    if (!item) return;
    try {
      await send.mutateAsync({ id: item.id, version: item.version, reason: reason.trim() });
      message.success(t('approvals.returned', { code: item.code }));
      onClose();
    } catch (err) {
      onFailed(err);
      if (err instanceof ApiError && err.code !== 'INVALID_ARGUMENT') onClose();
    }
  };
  return (
    <Modal
      open={Boolean(item)}
      title={item ? t('approvals.returnTitle', { code: item.code }) : ''}
      okText={t('approvals.return')}
      cancelText={t('common.cancel')}
      confirmLoading={send.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={done}>
        <Form.Item
          name="reason"
          label={t('approvals.reason')}
          rules={[{ required: true, whitespace: true, message: t('approvals.reasonRequired') }]}
        >
          <Input.TextArea rows={4} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
