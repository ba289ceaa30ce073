import { Alert, App, Button, Card, Checkbox, Col, DatePicker, Form, Input, Modal, Row, Skeleton, Space, Typography } from 'antd';
import dayjs from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CursorPager } from '../../../components/CursorPager';
import { ErrorState } from '../../../components/ErrorState';
import { PageHeader } from '../../../components/PageHeader';
import { type Scope, UnitScope } from '../../../components/UnitScope';
import { WorkLogStatusTag } from '../../../components/WorkLogStatusTag';
import { ApiError } from '../../../lib/api';
import { addDays, DATE_FORMAT, formatDate, formatDuration, formatQuantity, todayInVietnam } from '../../../lib/format';
import { useOfficialLookup, useWorkItemLookup } from '../../../lib/lookups';
import { useCursorPages } from '../../../lib/use-cursor-pages';
import { homeAgency, useSession, useWhoAmI } from '../../session/api/session';
import { type ReviewDecision, useReview, useReviewInbox, type WorkLogEntry } from '../api/reviews';

/** A per-entry failure of the last decision, in both languages. */
type Failure = { vi: string; en: string };

/**
 * The review inbox (duyệt nhật ký): entries logged, or declared late, in the units the manager
 * reaches (or one unit, with those under it) over a date range. Several are chosen and approved,
 * or returned with a comment, in one request; the server decides each, and those it refused stay
 * chosen, each with its reason.
 */
export default function ReviewsPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const who = useWhoAmI();
  const today = todayInVietnam();
  const [scope, setScope] = useState<Scope>();
  const shownScope = scope ?? { agencyId: homeAgency(who.data), unitId: '' };
  const [from, setFrom] = useState(addDays(today, -30));
  const [to, setTo] = useState(today);
  const filter = { unitId: shownScope.unitId, from, to };
  const pages = useCursorPages(JSON.stringify(filter));
  const inbox = useReviewInbox(filter, pages.token);
  const me = session.data?.official_id ?? '';
  // One's own entries are reviewed by one's manager, never by oneself.
  const entries = (inbox.data?.entries ?? []).filter((e) => e.official_id !== me);
  const official = useOfficialLookup(entries.map((e) => e.official_id));
  const item = useWorkItemLookup(entries.map((e) => e.work_item_id));
  const [chosen, setChosen] = useState<Set<string>>(new Set());
  const [failures, setFailures] = useState<Map<string, Failure>>(new Map());
  const [returning, setReturning] = useState(false);
  const review = useReview();

  const shown = entries.filter((e) => chosen.has(e.id));
  const allChosen = entries.length > 0 && shown.length === entries.length;
  const toggle = (id: string, on: boolean) =>
    setChosen((c) => {
      const next = new Set(c);
      if (on) next.add(id);
      else next.delete(id);
      return next;
    });
  /** An entry in words, for its checkbox and its failure: whose, which day, what (and its note, which tells two alike apart). */
  const label = (e: WorkLogEntry) =>
    t('reviews.entryLabel', {
      official: official(e.official_id)?.full_name ?? '…',
      date: formatDate(e.work_date),
      item: item(e.work_item_id)?.name ?? '…',
      detail: e.note || formatDuration(e.minutes),
    });

  const decide = async (decision: ReviewDecision, comment = '') => {
    const picked = shown;
    try {
      const answer = await review.mutateAsync({ entries: picked.map((e) => ({ id: e.id, version: e.version })), decision, comment });
      const failed = new Map<string, Failure>();
      for (const r of answer.results) if (r.error?.reason) failed.set(r.id, { vi: r.error.message_vi, en: r.error.message_en });
      setFailures(failed);
      setChosen(new Set(failed.keys()));
      const done = picked.length - failed.size;
      if (done > 0)
        void message.success(
          t(decision === 'REVIEW_DECISION_APPROVE' ? 'reviews.approvedCount' : 'reviews.returnedCount', { count: done }),
        );
      return true;
    } catch (err) {
      void message.error(err instanceof ApiError ? err.text : t('common.error'));
      return false;
    }
  };

  const failureText = (f: Failure) => (i18n.language === 'en' ? f.en : f.vi);
  const failedShown = [...failures.entries()];

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader title={t('reviews.title')} />
      <Card size="small">
        <Row gutter={[16, 12]}>
          <UnitScope
            idPrefix="reviews"
            value={shownScope}
            onChange={(s) => {
              setScope(s);
              setChosen(new Set());
            }}
            emptyUnit={t('reviews.allUnits')}
          />
          <Col xs={12} md={4}>
            <label htmlFor="reviews-from" className="field-label">
              {t('common.from')}
            </label>
            <DatePicker
              id="reviews-from"
              value={dayjs(from)}
              format={DATE_FORMAT}
              allowClear={false}
              inputReadOnly
              style={{ width: '100%' }}
              disabledDate={(d) => d.format('YYYY-MM-DD') > to}
              onChange={(d) => d && setFrom(d.format('YYYY-MM-DD'))}
            />
          </Col>
          <Col xs={12} md={4}>
            <label htmlFor="reviews-to" className="field-label">
              {t('common.to')}
            </label>
            <DatePicker
              id="reviews-to"
              value={dayjs(to)}
              format={DATE_FORMAT}
              allowClear={false}
              inputReadOnly
              style={{ width: '100%' }}
              disabledDate={(d) => d.format('YYYY-MM-DD') < from || d.format('YYYY-MM-DD') > today}
              onChange={(d) => d && setTo(d.format('YYYY-MM-DD'))}
            />
          </Col>
        </Row>
      </Card>
      {failedShown.length > 0 && (
        <Alert
          type="error"
          showIcon
          role="alert"
          title={t('reviews.failedCount', { count: failedShown.length })}
          description={
            <ul className="plain-list" data-testid="review-failures">
              {failedShown.map(([id, f]) => {
                const e = entries.find((x) => x.id === id);
                return <li key={id}>{e ? `${label(e)}: ${failureText(f)}` : failureText(f)}</li>;
              })}
            </ul>
          }
        />
      )}
      {inbox.error ? (
        <ErrorState error={inbox.error} onRetry={() => inbox.refetch()} />
      ) : inbox.isPending ? (
        <Skeleton active />
      ) : entries.length === 0 ? (
        <Card size="small">
          <Typography.Text>{t('reviews.none')}</Typography.Text>
        </Card>
      ) : (
        <>
          <div className="review-bar">
            <Checkbox
              checked={allChosen}
              indeterminate={shown.length > 0 && !allChosen}
              onChange={(e) => setChosen(e.target.checked ? new Set(entries.map((x) => x.id)) : new Set())}
            >
              {t('reviews.chooseAll', { count: entries.length })}
            </Checkbox>
            <Space wrap>
              <Button
                type="primary"
                disabled={shown.length === 0}
                loading={review.isPending && !returning}
                onClick={() => void decide('REVIEW_DECISION_APPROVE')}
              >
                {t('reviews.approveN', { count: shown.length })}
              </Button>
              <Button disabled={shown.length === 0} onClick={() => setReturning(true)}>
                {t('reviews.returnN', { count: shown.length })}
              </Button>
            </Space>
          </div>
          <ul className="entry-list" aria-label={t('reviews.title')} data-testid="review-entries">
            {entries.map((e) => {
              const w = item(e.work_item_id);
              const failure = failures.get(e.id);
              return (
                <li key={e.id} className="entry-card">
                  <div className="entry-card-head">
                    <Checkbox
                      checked={chosen.has(e.id)}
                      onChange={(c) => toggle(e.id, c.target.checked)}
                      aria-label={t('reviews.choose', { entry: label(e) })}
                    >
                      <Typography.Text strong>{official(e.official_id)?.full_name ?? '…'}</Typography.Text>
                    </Checkbox>
                    <WorkLogStatusTag status={e.status} />
                  </div>
                  <Typography.Text>{w ? `${w.code} ${w.name}` : '…'}</Typography.Text>
                  <Typography.Text type="secondary">
                    {t('reviews.line', {
                      date: formatDate(e.work_date),
                      quantity: formatQuantity(e.quantity_decimal || '1'),
                      unit: w?.product_unit ?? '',
                      time: formatDuration(e.minutes),
                    })}
                  </Typography.Text>
                  {e.note && <Typography.Paragraph style={{ margin: 0 }}>{e.note}</Typography.Paragraph>}
                  {failure && <Alert type="error" showIcon style={{ marginTop: 8 }} title={failureText(failure)} />}
                </li>
              );
            })}
          </ul>
        </>
      )}
      <CursorPager
        page={pages.page}
        nextToken={inbox.data?.next_page_token}
        onNext={pages.next}
        onPrevious={pages.previous}
        loading={inbox.isFetching}
      />
      <ReturnDialog
        open={returning}
        count={shown.length}
        busy={review.isPending}
        onClose={() => setReturning(false)}
        onReturn={async (comment) => {
          if (await decide('REVIEW_DECISION_RETURN', comment)) setReturning(false);
        }}
      />
    </Space>
  );
}

/** Returning the chosen entries: the comment is required, it is what the officials read. */
function ReturnDialog({
  open,
  count,
  busy,
  onClose,
  onReturn,
}: {
  open: boolean;
  count: number;
  busy: boolean;
  onClose: () => void;
  onReturn: (comment: string) => Promise<void>;
}) {
  const { t } = useTranslation();
  const [form] = Form.useForm<{ comment: string }>();
  return (
    <Modal
      open={open}
      title={t('reviews.returnTitle', { count })}
      okText={t('reviews.return')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={({ comment }) => onReturn(comment.trim())}>
        <Form.Item
          name="comment"
          label={t('reviews.comment')}
          rules={[{ required: true, whitespace: true, message: t('reviews.commentRequired') }]}
        >
          <Input.TextArea rows={4} maxLength={1000} showCount />
        </Form.Item>
      </Form>
    </Modal>
  );
}
