import { Alert, App, Button, Card, Checkbox, Input, InputNumber, Skeleton, Space, Steps, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../components/ErrorState';
import { api } from '../../../lib/api';
import { formatDateTime, formatNumber } from '../../../lib/format';
import { useFileDownload } from '../../../lib/use-file-download';
import {
  type Evaluation,
  type EvaluationStage,
  nextStage,
  STAGES,
  useAdvanceEvaluation,
  useCommentOnEvaluation,
  useEvaluation,
  useSubmitSelfAssessment,
} from '../api/evaluations';
import type { OfficialScore, RulePack } from '../api/scores';
import { GRADE_COLOR } from './gradeColors';

const points = (p: string) => formatNumber(Number(p), 2);

/**
 * Where an official's evaluation of a period stands (quy trình đánh giá): the stages, each step
 * taken with who, when, the comment and what stood then, and the official's comments and appeals.
 * The official ("self") self-assesses, comments and appeals from here; a manager ("manager") takes
 * the next step. The server decides who may do what; refusals are shown as they come.
 */
export function EvaluationCard({
  officialId,
  period,
  mode,
  score,
  pack,
}: {
  officialId: string;
  period: string;
  mode: 'self' | 'manager';
  score: OfficialScore | undefined;
  pack: RulePack | undefined;
}) {
  const { t } = useTranslation();
  const evaluation = useEvaluation(officialId, period);
  if (evaluation.error) return <ErrorState error={evaluation.error} onRetry={() => evaluation.refetch()} />;
  const e = evaluation.data?.evaluation;
  return (
    <Card
      size="small"
      title={t('evaluation.title')}
      extra={<FormDownload officialId={officialId} period={period} />}
      data-testid="evaluation"
    >
      {!e ? (
        <Skeleton active />
      ) : (
        <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
          <Steps
            size="small"
            current={Math.max(0, STAGES.indexOf(e.stage) - 1)}
            status={e.stage === 'EVALUATION_STAGE_UNSPECIFIED' ? 'wait' : e.stage === 'EVALUATION_STAGE_APPROVED' ? 'finish' : 'process'}
            items={STAGES.slice(1).map((s) => ({ title: t(`evaluation.stage.${s}`) }))}
            data-testid="evaluation-stage"
            aria-label={t('evaluation.stageNow', { stage: t(`evaluation.stage.${e.stage}`) })}
          />
          <StepList evaluation={e} score={score} pack={pack} />
          {mode === 'self' ? <SelfActions evaluation={e} score={score} pack={pack} /> : <ManagerActions evaluation={e} />}
        </Space>
      )}
    </Card>
  );
}

function StepList({
  evaluation: e,
  score,
  pack,
}: {
  evaluation: Evaluation;
  score: OfficialScore | undefined;
  pack: RulePack | undefined;
}) {
  const { t } = useTranslation();
  const criterionName = useCriterionName(score, pack);
  if (!e.steps.length && !e.comments.length) return <Typography.Text type="secondary">{t('evaluation.noSteps')}</Typography.Text>;
  return (
    <ul className="entry-list" data-testid="evaluation-steps">
      {e.steps.map((s, i) => (
        <li key={`${s.stage}-${i}`} className="entry-card">
          <div className="entry-card-head">
            <Typography.Text strong delete={s.withdrawn}>
              {t(`evaluation.stage.${s.stage}`)}
            </Typography.Text>
            {s.withdrawn && <Tag color="orange">{t('evaluation.withdrawn')}</Tag>}
            {s.grade !== 'GRADE_UNSPECIFIED' && (
              <Tag color={GRADE_COLOR[s.grade]}>
                {points(s.total)} · {t(`scores.grade.${s.grade}`)}
              </Tag>
            )}
          </div>
          <Typography.Text type="secondary">{t('evaluation.byAt', { by: s.by_name || s.by, at: formatDateTime(s.time) })}</Typography.Text>
          {s.comment && <Typography.Paragraph style={{ margin: 0 }}>“{s.comment}”</Typography.Paragraph>}
          {s.criteria.length > 0 && (
            <Typography.Text type="secondary">
              {s.criteria.map((c) => `${criterionName(c.code)}: ${points(c.points)}`).join(' · ')}
            </Typography.Text>
          )}
          {s.chain_hash && (
            <Typography.Text type="secondary" code title={s.chain_hash}>
              {t('evaluation.chained', { hash: s.chain_hash.slice(0, 12) })}
            </Typography.Text>
          )}
        </li>
      ))}
      {e.comments.map((c, i) => (
        <li key={`comment-${i}`} className="entry-card">
          <div className="entry-card-head">
            <Typography.Text strong>{t(c.appeal ? 'evaluation.appeal' : 'evaluation.comment')}</Typography.Text>
            {c.appeal && <Tag color="red">{t('evaluation.appealTag')}</Tag>}
          </div>
          <Typography.Text type="secondary">{t('evaluation.byAt', { by: c.by_name || c.by, at: formatDateTime(c.time) })}</Typography.Text>
          <Typography.Paragraph style={{ margin: 0 }}>“{c.text}”</Typography.Paragraph>
        </li>
      ))}
    </ul>
  );
}

function useCriterionName(score: OfficialScore | undefined, pack: RulePack | undefined) {
  const { i18n } = useTranslation();
  const variant = score?.role === 'SCORING_ROLE_MANAGER' ? pack?.manager : pack?.non_manager;
  return (code: string) => {
    const c = variant?.general_criteria.find((x) => x.code === code);
    return c ? (i18n.language === 'vi' ? c.name_vi : c.name_en) : code;
  };
}

const failure = (err: unknown) => (err instanceof Error ? err.message : String(err));

/** The official: their self-assessment (until the manager's review), comments, and an appeal of the approved result. */
function SelfActions({
  evaluation: e,
  score,
  pack,
}: {
  evaluation: Evaluation;
  score: OfficialScore | undefined;
  pack: RulePack | undefined;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const submit = useSubmitSelfAssessment();
  const comment = useCommentOnEvaluation();
  const variant = score?.role === 'SCORING_ROLE_MANAGER' ? pack?.manager : pack?.non_manager;
  const lastSelf = e.steps.filter((s) => s.stage === 'EVALUATION_STAGE_SELF_ASSESSED').at(-1);
  const [criteria, setCriteria] = useState<Record<string, number | null>>(() =>
    Object.fromEntries((lastSelf?.criteria ?? []).map((c) => [c.code, Number(c.points)])),
  );
  const [note, setNote] = useState(lastSelf?.comment ?? '');
  const [text, setText] = useState('');
  const [appeal, setAppeal] = useState(false);
  const canSelfAssess = e.stage === 'EVALUATION_STAGE_UNSPECIFIED' || e.stage === 'EVALUATION_STAGE_SELF_ASSESSED';
  const appealOpen = e.stage === 'EVALUATION_STAGE_APPROVED' && e.appeal_until && new Date(e.appeal_until) > new Date();
  const target = { official_id: e.official_id, period: e.period, version: e.version };
  return (
    <>
      {canSelfAssess && variant && (
        <form
          className="stack"
          aria-label={t('evaluation.selfAssess')}
          onSubmit={(ev) => {
            ev.preventDefault();
            submit.mutate(
              {
                ...target,
                criteria: Object.entries(criteria)
                  .filter(([, v]) => v !== null && v !== undefined)
                  .map(([code, v]) => ({ code, points: String(v) })),
                comment: note,
              },
              { onSuccess: () => message.success(t('evaluation.selfAssessed')), onError: (err) => message.error(failure(err)) },
            );
          }}
        >
          <Typography.Text strong>{t('evaluation.selfAssess')}</Typography.Text>
          <CriteriaFields idPrefix="self" variant={variant} value={criteria} onChange={setCriteria} />
          <Input.TextArea
            aria-label={t('evaluation.selfComment')}
            placeholder={t('evaluation.selfComment')}
            value={note}
            maxLength={2000}
            rows={2}
            onChange={(ev) => setNote(ev.target.value)}
          />
          <Button type="primary" htmlType="submit" loading={submit.isPending}>
            {t(lastSelf ? 'evaluation.selfAssessAgain' : 'evaluation.selfAssessSubmit')}
          </Button>
        </form>
      )}
      {e.stage !== 'EVALUATION_STAGE_UNSPECIFIED' && (
        <form
          className="stack"
          aria-label={t('evaluation.commentForm')}
          onSubmit={(ev) => {
            ev.preventDefault();
            comment.mutate(
              { ...target, text, appeal: Boolean(appeal && appealOpen) },
              {
                onSuccess: () => {
                  setText('');
                  setAppeal(false);
                  message.success(t('evaluation.commented'));
                },
                onError: (err) => message.error(failure(err)),
              },
            );
          }}
        >
          <Input.TextArea
            aria-label={t('evaluation.commentForm')}
            placeholder={t('evaluation.commentPlaceholder')}
            value={text}
            maxLength={2000}
            rows={2}
            onChange={(ev) => setText(ev.target.value)}
          />
          {appealOpen && (
            <Checkbox checked={appeal} onChange={(ev) => setAppeal(ev.target.checked)}>
              {t('evaluation.appealUntil', { at: formatDateTime(e.appeal_until!) })}
            </Checkbox>
          )}
          <Button htmlType="submit" disabled={!text.trim()} loading={comment.isPending}>
            {t(appeal ? 'evaluation.sendAppeal' : 'evaluation.sendComment')}
          </Button>
        </form>
      )}
    </>
  );
}

/** A manager, the collective, HR or the approver: the next step, with a comment. */
function ManagerActions({ evaluation: e }: { evaluation: Evaluation }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const advance = useAdvanceEvaluation();
  const [note, setNote] = useState('');
  const next = nextStage(e.stage);
  if (e.stage === 'EVALUATION_STAGE_UNSPECIFIED') return <Alert type="info" showIcon title={t('evaluation.waitingSelf')} />;
  if (!next) return null;
  const take = (stage: EvaluationStage) =>
    advance.mutate(
      { official_id: e.official_id, period: e.period, stage, comment: note, version: e.version },
      {
        onSuccess: () => {
          setNote('');
          message.success(t('evaluation.taken', { stage: t(`evaluation.stage.${stage}`) }));
        },
        onError: (err) => message.error(failure(err)),
      },
    );
  // A review may be taken again (to add to it) until the next step is.
  const again = e.stage === 'EVALUATION_STAGE_MANAGER_REVIEWED' || e.stage === 'EVALUATION_STAGE_COMMITTEE_REVIEWED';
  return (
    <div className="stack">
      <Input.TextArea
        aria-label={t('evaluation.stepComment')}
        placeholder={t('evaluation.stepComment')}
        value={note}
        maxLength={2000}
        rows={2}
        onChange={(ev) => setNote(ev.target.value)}
      />
      <Space wrap>
        <Button type="primary" loading={advance.isPending} onClick={() => take(next)} data-testid="evaluation-next">
          {t(`evaluation.take.${next}`)}
        </Button>
        {again && (
          <Button loading={advance.isPending} onClick={() => take(e.stage)}>
            {t('evaluation.takeAgain')}
          </Button>
        )}
      </Space>
    </div>
  );
}

type Variant = NonNullable<RulePack['non_manager']>;

/** The pack's general criteria as number fields, each labelled with its name and maximum. */
export function CriteriaFields({
  idPrefix,
  variant,
  value,
  onChange,
}: {
  idPrefix: string;
  variant: Variant;
  value: Record<string, number | null>;
  onChange: (value: Record<string, number | null>) => void;
}) {
  const { t, i18n } = useTranslation();
  return variant.general_criteria.map((c) => {
    const id = `${idPrefix}-${c.code}`;
    return (
      <div key={c.code} className="criterion-row">
        <label htmlFor={id}>
          {i18n.language === 'vi' ? c.name_vi : c.name_en} ({t('evaluation.max', { max: points(c.max_points) })})
        </label>
        <InputNumber
          id={id}
          min={0}
          max={Number(c.max_points)}
          step={0.5}
          precision={2}
          value={value[c.code] ?? null}
          onChange={(v) => onChange({ ...value, [c.code]: v })}
        />
      </div>
    );
  });
}

/** The evaluation form as the PDF people sign and file (phiếu đánh giá). */
function FormDownload({ officialId, period }: { officialId: string; period: string }) {
  const { t } = useTranslation();
  const form = useFileDownload();
  return (
    <Button
      size="small"
      loading={form.busy === 'form'}
      onClick={() =>
        form.download('form', async () => {
          const { file } = await api('GET /api/v1/scoring/officials/{official_id}/evaluations/{period}/form', {
            official_id: officialId,
            period,
          });
          return file;
        })
      }
    >
      {t('evaluation.form')}
    </Button>
  );
}
