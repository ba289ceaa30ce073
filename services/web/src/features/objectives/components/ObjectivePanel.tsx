import {
  App,
  Button,
  Card,
  Collapse,
  DatePicker,
  Descriptions,
  Empty,
  Form,
  Input,
  InputNumber,
  Modal,
  Radio,
  Space,
  Tag,
  Timeline,
  Typography,
} from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CursorPager } from '../../../components/CursorPager';
import { ErrorState } from '../../../components/ErrorState';
import { ApiError } from '../../../lib/api';
import { DATE_FORMAT, formatDate, formatDateTime, formatNumber, todayInVietnam } from '../../../lib/format';
import { newRequestId } from '../../../lib/ids';
import { useCursorPages } from '../../../lib/use-cursor-pages';
import { useSession, useWhoAmI } from '../../session/api/session';
import { type KeyResult, mayCheckIn, type Objective, useCheckIn, useCheckIns, useObjective } from '../api/objectives';
import { OkrProgress } from './OkrProgress';

/** A key result's number with its unit: "12 hồ sơ", "85 %". */
function measure(kr: KeyResult, n: number, t: (k: string) => string): string {
  if (kr.kind === 'KEY_RESULT_KIND_MILESTONE') return n >= 1 ? t('objectives.milestoneDone') : t('objectives.milestoneOpen');
  const value = formatNumber(n, Number.isInteger(n) ? 0 : 2);
  return kr.measure_unit ? `${value} ${kr.measure_unit}` : value;
}

/** Confidence 0–1 as a percentage. */
const confidence = (c: number) => `${formatNumber(Math.round(c * 100))} %`;

/**
 * One objective: what it is, where it comes from, its key results with their numbers, and each
 * key result's check-ins; with a check-in for those who may make one. After a check-in the
 * tree is told the objective changed, so it reads it and those above it again.
 */
export function ObjectivePanel({
  objective,
  agency,
  onCheckedIn,
}: {
  objective: Objective;
  agency: string;
  onCheckedIn: (changed: Objective) => void;
}) {
  const { t } = useTranslation();
  const found = useObjective(objective.id);
  const session = useSession();
  const who = useWhoAmI();
  // The sign-in names the official when the identity provider knows them; org always does.
  const me = session.data?.official_id || who.data?.official?.id || '';
  const may = mayCheckIn(objective, {
    officialId: me,
    roles: session.data?.roles ?? [],
    grants: who.data?.role_grants ?? [],
  });
  const [checkingIn, setCheckingIn] = useState<KeyResult>();
  const mine = Boolean(me) && objective.owner_official_id === me;
  const o = found.data?.objective ?? objective;
  const source = o.source?.kind && o.source.kind !== 'SOURCE_KIND_UNSPECIFIED' ? o.source : undefined;

  return (
    <Card size="small" title={<span style={{ whiteSpace: 'normal' }}>{o.title}</span>}>
      <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
        <OkrProgress value={o.progress} label={o.title} />
        <Descriptions
          size="small"
          column={1}
          items={[
            {
              key: 'level',
              label: t('objectives.level'),
              children: (
                <Space wrap>
                  {t(`enums.objectiveLevel.${o.level}`)}
                  {o.commitment === 'COMMITMENT_ASPIRATIONAL' && <Tag color="purple">{t('enums.commitment.COMMITMENT_ASPIRATIONAL')}</Tag>}
                </Space>
              ),
            },
            {
              key: 'period',
              label: t('objectives.period'),
              children: o.period?.quarter
                ? t('objectives.quarterOf', { n: o.period.quarter, year: o.period.year })
                : String(o.period?.year ?? ''),
            },
            ...(agency ? [{ key: 'agency', label: t('objectives.agency'), children: agency }] : []),
            // Objectives carry the owner's id only, and another agency's officials are not everyone's to read: the
            // person is told when it is theirs.
            ...(mine ? [{ key: 'owner', label: t('objectives.owner'), children: t('objectives.you') }] : []),
            ...(source
              ? [
                  {
                    key: 'source',
                    label: t('objectives.source'),
                    children: [t(`enums.sourceKind.${source.kind}`), source.number, source.date && formatDate(source.date), source.title]
                      .filter(Boolean)
                      .join(' · '),
                  },
                ]
              : []),
            ...(o.description ? [{ key: 'description', label: t('objectives.description'), children: o.description }] : []),
          ]}
        />
        <Typography.Title level={2} style={{ fontSize: 16, margin: 0 }}>
          {t('objectives.keyResults')}
        </Typography.Title>
        {found.error ? (
          <ErrorState error={found.error} onRetry={() => found.refetch()} />
        ) : !found.data ? (
          <Typography.Text>{t('common.loading')}</Typography.Text>
        ) : found.data.key_results.length === 0 ? (
          <Empty description={t(o.child_count ? 'objectives.noKeyResultsAligned' : 'objectives.noKeyResults')} />
        ) : (
          found.data.key_results.map((kr) => (
            <KeyResultCard key={kr.id} keyResult={kr} canCheckIn={may} onCheckIn={() => setCheckingIn(kr)} />
          ))
        )}
      </Space>
      {/* Mounted for each check-in: a fresh form and request id every time. */}
      {checkingIn && (
        <CheckInDialog
          keyResult={checkingIn}
          onClose={() => setCheckingIn(undefined)}
          onDone={(changed) => {
            setCheckingIn(undefined);
            onCheckedIn(changed);
          }}
        />
      )}
    </Card>
  );
}

function KeyResultCard({ keyResult: kr, canCheckIn, onCheckIn }: { keyResult: KeyResult; canCheckIn: boolean; onCheckIn: () => void }) {
  const { t } = useTranslation();
  return (
    <Card
      size="small"
      type="inner"
      title={<span style={{ whiteSpace: 'normal' }}>{kr.title}</span>}
      extra={
        canCheckIn && (
          <Button size="small" type="primary" onClick={onCheckIn} aria-label={t('objectives.checkInOf', { title: kr.title })}>
            {t('objectives.checkIn')}
          </Button>
        )
      }
    >
      <OkrProgress value={kr.progress} label={kr.title} />
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'start', label: t('objectives.start'), children: measure(kr, kr.start, t) },
          { key: 'target', label: t('objectives.target'), children: measure(kr, kr.target, t) },
          { key: 'current', label: t('objectives.current'), children: measure(kr, kr.current, t) },
          { key: 'confidence', label: t('objectives.confidence'), children: confidence(kr.confidence) },
          {
            key: 'last',
            label: t('objectives.lastCheckIn'),
            children: kr.last_check_in_date ? formatDate(kr.last_check_in_date) : t('objectives.never'),
          },
          ...(kr.direction === 'DIRECTION_DECREASING'
            ? [{ key: 'dir', label: t('objectives.direction'), children: t('objectives.lessIsBetter') }]
            : []),
        ]}
      />
      <Collapse size="small" ghost items={[{ key: 'history', label: t('objectives.history'), children: <CheckIns keyResult={kr} /> }]} />
    </Card>
  );
}

/** A key result's check-ins, newest first, as a timeline: it reads on a phone as on a desktop. */
function CheckIns({ keyResult: kr }: { keyResult: KeyResult }) {
  const { t } = useTranslation();
  const pages = useCursorPages(kr.id);
  const list = useCheckIns(kr.id, pages.token);
  if (list.error) return <ErrorState error={list.error} onRetry={() => list.refetch()} />;
  if (!list.data) return <Typography.Text>{t('common.loading')}</Typography.Text>;
  if (list.data.check_ins.length === 0) return <Typography.Text>{t('objectives.noCheckIns')}</Typography.Text>;
  return (
    <>
      <Timeline
        items={list.data.check_ins.map((c) => ({
          key: c.id,
          content: (
            <>
              <Typography.Text strong>
                {formatDate(c.check_in_date)}: {measure(kr, c.value, t)}
              </Typography.Text>{' '}
              · {t('objectives.confidenceN', { value: confidence(c.confidence) })}
              {c.comment && <div>{c.comment}</div>}
              <Typography.Text type="secondary">
                {c.created_by} · {formatDateTime(c.create_time)}
              </Typography.Text>
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
}

interface CheckInValues {
  value: number;
  confidence: number;
  comment?: string;
  date: Dayjs;
}

/**
 * A check-in: the value measured on a day, how confident the person is, and a comment. The
 * request id is made once per dialog, so sending again after a failure cannot record it twice.
 */
function CheckInDialog({
  keyResult: kr,
  onClose,
  onDone,
}: {
  keyResult: KeyResult;
  onClose: () => void;
  onDone: (changed: Objective) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const checkIn = useCheckIn();
  const [form] = Form.useForm<CheckInValues>();
  const [requestId] = useState(newRequestId);
  const today = todayInVietnam();
  const milestone = kr.kind === 'KEY_RESULT_KIND_MILESTONE';

  const send = async (v: CheckInValues) => {
    try {
      const answer = await checkIn.mutateAsync({
        key_result_id: kr.id,
        value: v.value,
        confidence: v.confidence / 100,
        comment: v.comment?.trim() ?? '',
        check_in_date: v.date.format('YYYY-MM-DD'),
        request_id: requestId,
      });
      message.success(t('objectives.checkedIn'));
      onDone(answer.objective);
    } catch (err) {
      const refused = err instanceof ApiError && err.status === 403;
      message.error(refused ? t('objectives.checkInForbidden') : err instanceof ApiError ? err.text : t('common.error'));
    }
  };

  return (
    <Modal
      open
      title={t('objectives.checkInTitle', { title: kr.title })}
      okText={t('objectives.send')}
      cancelText={t('common.cancel')}
      confirmLoading={checkIn.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
    >
      <Form
        form={form}
        layout="vertical"
        onFinish={send}
        // The last numbers reported as the starting point.
        initialValues={{ value: kr.current, confidence: Math.round(kr.confidence * 100), date: dayjs(today) }}
      >
        <Form.Item
          name="value"
          label={kr.measure_unit ? t('objectives.valueIn', { unit: kr.measure_unit }) : t('objectives.value')}
          rules={[{ required: true, message: t('common.required', { field: t('objectives.value') }) }]}
          extra={milestone ? undefined : t('objectives.valueHelp', { start: measure(kr, kr.start, t), target: measure(kr, kr.target, t) })}
        >
          {milestone ? (
            <Radio.Group
              options={[
                { value: 1, label: t('objectives.milestoneDone') },
                { value: 0, label: t('objectives.milestoneOpen') },
              ]}
            />
          ) : (
            <InputNumber style={{ width: '100%' }} decimalSeparator="," />
          )}
        </Form.Item>
        <Form.Item
          name="confidence"
          label={t('objectives.confidencePercent')}
          extra={t('objectives.confidenceHelp')}
          rules={[{ required: true, message: t('common.required', { field: t('objectives.confidence') }) }]}
        >
          <InputNumber min={0} max={100} precision={0} suffix="%" style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="comment" label={t('objectives.comment')}>
          <Input.TextArea rows={3} maxLength={1000} showCount />
        </Form.Item>
        <Form.Item name="date" label={t('objectives.date')} htmlFor="check-in-date" rules={[{ required: true }]}>
          <DatePicker id="check-in-date" format={DATE_FORMAT} allowClear={false} disabledDate={(d) => d.format('YYYY-MM-DD') > today} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
