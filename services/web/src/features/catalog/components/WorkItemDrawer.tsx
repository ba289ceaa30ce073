import {
  Alert,
  App,
  Button,
  Collapse,
  DatePicker,
  Descriptions,
  Drawer,
  Form,
  Grid,
  Modal,
  Popconfirm,
  Space,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAgencies } from '../../../components/AgencyPicker';
import { CursorPager } from '../../../components/CursorPager';
import { ErrorState } from '../../../components/ErrorState';
import { ApiError } from '../../../lib/api';
import { addDays, DATE_FORMAT, formatDate, formatDateTime, formatNumber, todayInVietnam } from '../../../lib/format';
import { namesOf } from '../../../lib/names';
import { useCursorPages } from '../../../lib/use-cursor-pages';
import { type CatalogAccess, mayEdit } from '../api/access';
import { POSITION_CATEGORIES, useRetireWorkItem, useRevisions, useSubmitWorkItem, useWorkItem, type WorkItem } from '../api/catalog';
import { formatRange, GroupLabel, StatusBadge } from './parts';
import { WorkItemForm } from './WorkItemForm';

/** A lifecycle step as "20/11/2026 09:30 · who"; empty before it happened. */
const step = (s: { by: string; time: string } | null | undefined) => (s?.time ? `${formatDateTime(s.time)} · ${s.by}` : '');

/** The message for a refused change: someone changed the item meanwhile, or the server's own words. */
export function useChangeFailed() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  return (err: unknown) => {
    if (err instanceof ApiError && err.code === 'ABORTED') message.error(t('catalog.conflict'));
    else if (err instanceof ApiError && err.status === 403) message.error(t('catalog.forbidden'));
    else message.error(err instanceof ApiError ? err.text : t('common.error'));
  };
}

/**
 * Everything about one work item: every field, who did each step of its lifecycle, its published
 * revisions; and for those who keep it, the next step (edit, submit, retire).
 */
export function WorkItemDrawer({ id, access, onClose }: { id: string | undefined; access: CatalogAccess; onClose: () => void }) {
  const { t } = useTranslation();
  const found = useWorkItem(id);
  const item = found.data?.work_item;
  // On a phone the details take the whole screen.
  const wide = Grid.useBreakpoint().md !== false;
  return (
    <Drawer
      open={Boolean(id)}
      onClose={onClose}
      size={wide ? 'large' : '100%'}
      title={item ? `${item.code} · ${item.name}` : t('catalog.details')}
    >
      {found.error ? (
        <ErrorState error={found.error} onRetry={() => found.refetch()} />
      ) : item ? (
        <Details item={item} access={access} />
      ) : (
        <Typography.Text>{t('common.loading')}</Typography.Text>
      )}
    </Drawer>
  );
}

function Details({ item, access }: { item: WorkItem; access: CatalogAccess }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const agencies = useAgencies();
  const agencyName = namesOf(agencies.data?.agencies);
  const submit = useSubmitWorkItem();
  const failed = useChangeFailed();
  const [editing, setEditing] = useState(false);
  const [retiring, setRetiring] = useState(false);
  const editable = mayEdit(access, item);
  const draft = item.status === 'WORK_ITEM_STATUS_DRAFT';
  const published = item.status === 'WORK_ITEM_STATUS_PUBLISHED';

  const send = async () => {
    try {
      await submit.mutateAsync({ id: item.id, version: item.version });
      message.success(t('catalog.submitted'));
    } catch (err) {
      failed(err);
    }
  };

  const rows: [string, React.ReactNode][] = [
    ['code', item.code],
    ['name', item.name],
    [
      'group',
      <Space key="g">
        <GroupLabel group={item.group} />
        {item.group !== 'WORK_ITEM_GROUP_UNSPECIFIED' && t(`enums.workItemGroup.${item.group}`)}
      </Space>,
    ],
    ['agency', item.agency_id ? agencyName(item.agency_id) || item.agency_id : t('catalog.shared')],
    ['sector', item.sector],
    ['product', item.product],
    ['productUnit', item.product_unit],
    ['standardMinutes', formatNumber(item.standard_minutes)],
    ['complexityGroup', item.complexity_group],
    ['difficulty', formatRange(item.difficulty)],
    ['urgency', formatRange(item.urgency)],
    [
      'positionCategories',
      item.position_categories.length
        ? POSITION_CATEGORIES.filter((c) => item.position_categories.includes(c))
            .map((c) => t(`enums.positionCategory.${c}`))
            .join('; ')
        : t('catalog.everyPosition'),
    ],
    ['status', <StatusBadge key="s" status={item.status} />],
    ['revision', formatNumber(item.revision)],
    ['publishedRevision', item.published_revision ? formatNumber(item.published_revision) : t('catalog.notPublished')],
    ['effectiveFrom', item.effective_from ? formatDate(item.effective_from) : t('catalog.form.effectiveOnApproval')],
    ['effectiveTo', item.effective_to ? formatDate(item.effective_to) : t('catalog.openEnded')],
    ['created', step(item.created)],
    ['submittedStep', step(item.submitted)],
    ['approved', step(item.approved)],
    ['retired', step(item.retired)],
    ['updated', formatDateTime(item.update_time)],
  ];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      {draft && item.return_reason && <Alert type="warning" showIcon title={t('catalog.returned')} description={item.return_reason} />}
      {editable && (draft || published) && (
        <Space wrap>
          <Button onClick={() => setEditing(true)}>{t(draft ? 'catalog.edit' : 'catalog.revise')}</Button>
          {draft && (
            <Popconfirm title={t('catalog.submitQuestion')} okText={t('catalog.submit')} cancelText={t('common.cancel')} onConfirm={send}>
              <Button type="primary" loading={submit.isPending}>
                {t('catalog.submit')}
              </Button>
            </Popconfirm>
          )}
          {published && (
            <Button danger onClick={() => setRetiring(true)}>
              {t('catalog.retire')}
            </Button>
          )}
        </Space>
      )}
      <Descriptions
        size="small"
        bordered
        column={1}
        items={rows.map(([k, v]) => ({ key: k, label: t(`catalog.field.${k}`), children: v }))}
      />
      <Revisions id={item.id} />
      <WorkItemForm open={editing} item={item} access={access} onClose={() => setEditing(false)} onSaved={() => setEditing(false)} />
      <RetireDialog item={item} open={retiring} onClose={() => setRetiring(false)} />
    </Space>
  );
}

/** Ending a published item from a date (tomorrow unless chosen); work already logged keeps it. */
function RetireDialog({ item, open, onClose }: { item: WorkItem; open: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const retire = useRetireWorkItem();
  const failed = useChangeFailed();
  const [form] = Form.useForm<{ effective_to: Dayjs }>();
  const done = async ({ effective_to }: { effective_to: Dayjs }) => {
    try {
      await retire.mutateAsync({ id: item.id, version: item.version, effective_to: effective_to.format('YYYY-MM-DD') });
      message.success(t('catalog.retired'));
      onClose();
    } catch (err) {
      failed(err);
    }
  };
  return (
    <Modal
      open={open}
      title={t('catalog.retireTitle', { code: item.code })}
      okText={t('catalog.retire')}
      okButtonProps={{ danger: true }}
      cancelText={t('common.cancel')}
      confirmLoading={retire.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={done} initialValues={{ effective_to: dayjs(addDays(todayInVietnam(), 1)) }}>
        <Form.Item
          name="effective_to"
          label={t('catalog.retireFrom')}
          htmlFor="retire-date"
          extra={t('catalog.retireHelp')}
          rules={[{ required: true }]}
        >
          <DatePicker
            id="retire-date"
            format={DATE_FORMAT}
            allowClear={false}
            // Tomorrow at the earliest, and not before the revision in force begins.
            disabledDate={(d) => d.format('YYYY-MM-DD') <= todayInVietnam() || d.format('YYYY-MM-DD') < item.effective_from}
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/**
 * The item's published revisions, newest first, each with the days it was in force and what it
 * said: a timeline reads on a phone as on a desktop. In a panel that folds, whose header is also
 * what lets the keyboard reach the scrolling drawer when nothing else in it can be focused.
 */
function Revisions({ id }: { id: string }) {
  const { t } = useTranslation();
  const pages = useCursorPages(id);
  const list = useRevisions(id, pages.token);
  const revisions = list.data?.revisions ?? [];
  const body = list.error ? (
    <ErrorState error={list.error} onRetry={() => list.refetch()} />
  ) : !list.data ? (
    <Typography.Text>{t('common.loading')}</Typography.Text>
  ) : revisions.length === 0 ? (
    <Typography.Text>{t('catalog.noRevisions')}</Typography.Text>
  ) : (
    <>
      <Timeline
        items={revisions.map((r) => ({
          key: r.revision,
          color: r.effective_to ? 'gray' : 'green',
          content: (
            <>
              <Typography.Text strong>
                {t('catalog.revisionN', { n: r.revision })} ·{' '}
                {`${formatDate(r.effective_from)} – ${r.effective_to ? formatDate(r.effective_to) : t('catalog.openEnded')}`}
              </Typography.Text>
              <div>{r.name}</div>
              <div>
                {[
                  t('catalog.minutesN', { n: formatNumber(r.standard_minutes) }),
                  r.complexity_group,
                  t('catalog.difficultyShort', { range: formatRange(r.difficulty) || '–' }),
                  t('catalog.urgencyShort', { range: formatRange(r.urgency) || '–' }),
                ]
                  .filter(Boolean)
                  .join(' · ')}
              </div>
              {r.approved?.time && (
                <Typography.Text type="secondary">{t('catalog.approvedStep', { step: step(r.approved) })}</Typography.Text>
              )}
            </>
          ),
        }))}
      />
      <CursorPager
        page={pages.page}
        nextToken={list.data.next_page_token}
        onNext={pages.next}
        onPrevious={pages.previous}
        loading={list.isFetching}
      />
    </>
  );
  return <Collapse defaultActiveKey={['revisions']} items={[{ key: 'revisions', label: t('catalog.revisions'), children: body }]} />;
}
