import { App, Button, Card, Checkbox, Col, Drawer, Input, Row, Select, Skeleton, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CursorPager } from '../../../components/CursorPager';
import { ErrorState } from '../../../components/ErrorState';
import { ListTable } from '../../../components/ListTable';
import { PageHeader } from '../../../components/PageHeader';
import { type Scope, UnitScope } from '../../../components/UnitScope';
import { formatDateTime } from '../../../lib/format';
import { useCursorPages } from '../../../lib/use-cursor-pages';
import { homeAgency, useWhoAmI } from '../../session/api/session';
import { type Evaluation, type EvaluationStage, STAGES, useRecordAssessment, useUnitEvaluations } from '../api/evaluations';
import { type OfficialScore, type RulePack, useOfficialScore, useRulePack } from '../api/scores';
import { CriteriaFields, EvaluationCard } from './EvaluationCard';
import { PeriodPicker, periodKey, thisMonth } from './PeriodPicker';
import { ScoreView } from './ScoreBreakdown';

const STAGE_COLOR: Record<EvaluationStage, string> = {
  EVALUATION_STAGE_UNSPECIFIED: 'default',
  EVALUATION_STAGE_SELF_ASSESSED: 'blue',
  EVALUATION_STAGE_MANAGER_REVIEWED: 'blue',
  EVALUATION_STAGE_COMMITTEE_REVIEWED: 'blue',
  EVALUATION_STAGE_HR_CONSOLIDATED: 'purple',
  EVALUATION_STAGE_APPROVED: 'green',
};

/**
 * "Đánh giá cán bộ": the manager's evaluation screen. The officials of a unit (and the units
 * below it) in a month or a quarter, each with where their evaluation stands; opening one shows
 * their score with its breakdown, the general criteria to record, and the next step to take
 * (the manager's review, the collective's, HR's consolidation, the approval).
 */
export default function EvaluationsPage() {
  const { t } = useTranslation();
  const who = useWhoAmI();
  const [choice, setChoice] = useState(thisMonth);
  const period = periodKey(choice);
  const [scope, setScope] = useState<Scope>();
  const home = { agencyId: homeAgency(who.data), unitId: who.data?.official?.unit_id ?? '' };
  const shown = scope ?? home;
  const unitId = shown.unitId || (shown.agencyId === home.agencyId ? home.unitId : '');
  const [stage, setStage] = useState<EvaluationStage>('EVALUATION_STAGE_UNSPECIFIED');
  const pages = useCursorPages(`${unitId}/${period}/${stage}`);
  const list = useUnitEvaluations(unitId, period, stage, pages.token);
  const [open, setOpen] = useState<Evaluation>();

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader title={t('evaluations.title')} />
      <Card size="small">
        <Row gutter={[16, 12]}>
          <UnitScope idPrefix="evaluations" value={shown} onChange={setScope} emptyUnit={t('evaluations.pickUnit')} />
          <Col xs={24} md={8}>
            <span className="field-label">{t('scores.period')}</span>
            <PeriodPicker value={choice} onChange={setChoice} />
          </Col>
          <Col xs={24} md={8}>
            <label htmlFor="evaluations-stage" className="field-label">
              {t('evaluations.stage')}
            </label>
            <Select
              id="evaluations-stage"
              style={{ width: '100%' }}
              value={stage}
              onChange={setStage}
              options={STAGES.map((s) => ({
                value: s,
                label: s === 'EVALUATION_STAGE_UNSPECIFIED' ? t('evaluations.anyStage') : t(`evaluation.stage.${s}`),
              }))}
            />
          </Col>
        </Row>
      </Card>
      {!unitId ? (
        <Typography.Text>{t('evaluations.pickUnit')}</Typography.Text>
      ) : list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <div data-testid="evaluations">
          <ListTable<Evaluation>
            rows={list.data?.evaluations}
            loading={list.isFetching}
            emptyText={t('evaluations.none')}
            rowKey="official_id"
            columns={[
              {
                title: t('evaluations.name'),
                render: (_, e) => (
                  <>
                    <Button type="link" style={{ padding: 0 }} onClick={() => setOpen(e)}>
                      {e.full_name || e.official_id}
                    </Button>
                    {e.staff_code ? <Typography.Text type="secondary"> ({e.staff_code})</Typography.Text> : null}
                  </>
                ),
              },
              {
                title: t('evaluations.stage'),
                render: (_, e) => <Tag color={STAGE_COLOR[e.stage]}>{t(`evaluation.stage.${e.stage}`)}</Tag>,
              },
              {
                title: t('evaluations.lastStep'),
                render: (_, e) => (e.steps.length ? formatDateTime(e.steps[e.steps.length - 1].time) : '—'),
              },
              {
                title: t('evaluations.comments'),
                render: (_, e) =>
                  e.comments.some((c) => c.appeal) ? (
                    <Tag color="red">{t('evaluation.appealTag')}</Tag>
                  ) : e.comments.length ? (
                    String(e.comments.length)
                  ) : (
                    ''
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
        </div>
      )}
      <Drawer
        open={Boolean(open)}
        onClose={() => setOpen(undefined)}
        size="large"
        title={open ? `${open.full_name || open.official_id} — ${period}` : ''}
        destroyOnHidden
      >
        {open && <OfficialEvaluation officialId={open.official_id} period={period} />}
      </Drawer>
    </Space>
  );
}

/** One official in the drawer: the score, the general criteria to record, the evaluation. */
function OfficialEvaluation({ officialId, period }: { officialId: string; period: string }) {
  const score = useOfficialScore(officialId, period);
  const pack = useRulePack(score.data?.score.pack_code, score.data?.score.pack_version);
  if (score.error) return <ErrorState error={score.error} onRetry={() => score.refetch()} />;
  if (!score.data) return <Skeleton active />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <EvaluationCard officialId={officialId} period={period} mode="manager" score={score.data.score} pack={pack.data?.pack} />
      {score.data.score.provisional && <AssessmentForm score={score.data.score} pack={pack.data?.pack} />}
      <ScoreView score={score.data.score} pack={pack.data?.pack} />
    </Space>
  );
}

/** The general criteria (and a leader's đ and e) as the manager or the collective record them. */
function AssessmentForm({ score, pack }: { score: OfficialScore; pack: RulePack | undefined }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const record = useRecordAssessment();
  const manager = score.role === 'SCORING_ROLE_MANAGER';
  const variant = manager ? pack?.manager : pack?.non_manager;
  const [points, setPoints] = useState<Record<string, number | null>>(() =>
    Object.fromEntries(score.general.filter((g) => g.entered).map((g) => [g.code, Number(g.points)])),
  );
  // What was recorded before stays unless changed here: đ and e below 100%, the disqualifiers.
  const reduced = (m: string) => Number(score.measures.find((x) => x.measure === m)?.value ?? 1) < 1;
  const [organisationReduced, setOrganisationReduced] = useState(() => reduced('MEASURE_ORGANISATION'));
  const [unityReduced, setUnityReduced] = useState(() => reduced('MEASURE_UNITY'));
  const disqualifiers = score.reasons.filter((r) => r.kind === 'GRADE_REASON_KIND_DISQUALIFIED').map((r) => r.disqualifier_code);
  const [comment, setComment] = useState(score.assessment_comment);
  if (!variant) return <Skeleton active />;
  const measured = (m: string) => variant.measures.includes(m as never);
  return (
    <Card size="small" title={t('evaluations.assess')}>
      <form
        className="stack"
        aria-label={t('evaluations.assess')}
        onSubmit={(ev) => {
          ev.preventDefault();
          record.mutate(
            {
              official_id: score.official_id,
              period: score.period,
              criteria: Object.entries(points)
                .filter(([, v]) => v !== null && v !== undefined)
                .map(([code, v]) => ({ code, points: String(v) })),
              organisation_reduced: organisationReduced,
              unity_reduced: unityReduced,
              disqualifiers,
              comment,
              version: score.assessment_version,
            },
            {
              onSuccess: () => message.success(t('evaluations.assessed')),
              onError: (err) => message.error(err instanceof Error ? err.message : String(err)),
            },
          );
        }}
      >
        <CriteriaFields idPrefix="assess" variant={variant} value={points} onChange={setPoints} />
        {measured('MEASURE_ORGANISATION') && (
          <Checkbox checked={organisationReduced} onChange={(e) => setOrganisationReduced(e.target.checked)}>
            {t('evaluations.organisationReduced')}
          </Checkbox>
        )}
        {measured('MEASURE_UNITY') && (
          <Checkbox checked={unityReduced} onChange={(e) => setUnityReduced(e.target.checked)}>
            {t('evaluations.unityReduced')}
          </Checkbox>
        )}
        <Input.TextArea
          aria-label={t('evaluations.assessComment')}
          placeholder={t('evaluations.assessComment')}
          value={comment}
          maxLength={2000}
          rows={2}
          onChange={(e) => setComment(e.target.value)}
        />
        <Button type="primary" htmlType="submit" loading={record.isPending}>
          {t('evaluations.saveAssessment')}
        </Button>
      </form>
    </Card>
  );
}
