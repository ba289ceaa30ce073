import { Alert, Card, Empty, Progress, Space, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatDateTime, formatDuration, formatNumber, formatQuantity } from '../../../lib/format';
import i18n from '../../../lib/i18n';
import { useWorkItemLookup } from '../../../lib/lookups';
import { type OfficialScore, type RulePack, type ScoreProduct, useTaskTitles } from '../api/scores';
import { GRADE_COLOR } from './gradeColors';

/** "0.5556" → 55.56 (percent). */
const percentOf = (share: string) => Math.round(Number(share) * 10_000) / 100;
const points = (p: string) => formatNumber(Number(p), 2);

/**
 * A score with every step of how it was made: the total and grade, the measures of task results
 * and what they were worked out from, the general criteria (and which are not entered yet), why
 * the grade is what it is, and the products down to the tasks and diary entries.
 */
export function ScoreView({ score, pack }: { score: OfficialScore; pack: RulePack | undefined }) {
  const { t } = useTranslation();
  const vi = i18n.language === 'vi';
  const variant = score.role === 'SCORING_ROLE_MANAGER' ? pack?.manager : pack?.non_manager;
  const criterionName = (code: string) => {
    const c = variant?.general_criteria.find((x) => x.code === code);
    return c ? (vi ? c.name_vi : c.name_en) : code;
  };
  const disqualifierName = (code: string) => {
    const d = pack?.disqualifiers.find((x) => x.code === code);
    return d ? (vi ? d.name_vi : d.name_en) : code;
  };
  const generalMax = variant?.general_criteria.reduce((a, c) => a + Number(c.max_points), 0);
  return (
    <>
      <Card size="small" data-testid="score-summary">
        <Space orientation="vertical" size={4} style={{ width: '100%' }}>
          <Space align="baseline" wrap>
            <Typography.Title level={2} style={{ margin: 0 }} data-testid="score-total">
              {points(score.total)}
            </Typography.Title>
            <Typography.Text type="secondary">/ 100</Typography.Text>
            <Tag color={GRADE_COLOR[score.grade]} data-testid="score-grade">
              {t(`scores.grade.${score.grade}`)}
            </Tag>
          </Space>
          <Typography.Text type="secondary">
            {pack ? (vi ? pack.name_vi : pack.name_en) : score.pack_code} ·{' '}
            {t('scores.computedAt', { at: formatDateTime(score.compute_time) })}
          </Typography.Text>
          {score.provisional && <Alert type="info" showIcon title={t('scores.provisional')} />}
        </Space>
      </Card>

      <Card
        size="small"
        title={t('scores.taskResults', { points: points(score.task_points), max: variant ? points(variant.task_points) : '…' })}
      >
        <ul className="entry-list" aria-label={t('scores.measuresLabel')} data-testid="score-measures">
          {score.measures.map((m) => (
            <li key={m.measure} className="entry-card">
              <div className="entry-card-head">
                <Typography.Text strong>{t(`scores.measure.${m.measure}`)}</Typography.Text>
                <Typography.Text>{formatQuantity(percentOf(m.value))}%</Typography.Text>
              </div>
              <Progress
                aria-label={t(`scores.measure.${m.measure}`)}
                percent={Math.min(100, percentOf(m.value))}
                showInfo={false}
                size="small"
              />
              <Typography.Text type="secondary">{measureBasis(t, m)}</Typography.Text>
            </li>
          ))}
        </ul>
      </Card>

      <Card
        size="small"
        title={t('scores.generalCriteria', {
          points: points(score.general_points),
          max: generalMax === undefined ? '…' : formatNumber(generalMax, 2),
        })}
      >
        {score.assessment_version > 0 && (
          <Typography.Paragraph type="secondary" data-testid="score-assessed">
            {t('scores.assessedAt', { at: formatDateTime(score.assess_time) })}
            {score.assessment_comment ? ` — “${score.assessment_comment}”` : ''}
          </Typography.Paragraph>
        )}
        <ul className="entry-list" data-testid="score-general">
          {score.general.map((g) => (
            <li key={g.code} className="entry-card">
              <div className="entry-card-head">
                <Typography.Text>{criterionName(g.code)}</Typography.Text>
                {g.entered ? (
                  <Typography.Text strong>
                    {points(g.points)} / {points(g.max_points)}
                  </Typography.Text>
                ) : (
                  <Tag>{t('scores.notEntered', { max: points(g.max_points) })}</Tag>
                )}
              </div>
            </li>
          ))}
        </ul>
      </Card>

      <Card size="small" title={t('scores.gradeWhy')}>
        <ul data-testid="score-reasons">
          {score.reasons.map((r, i) => (
            <li key={`${r.kind}-${i}`}>
              {r.kind === 'GRADE_REASON_KIND_DISQUALIFIED'
                ? t('scores.reason.disqualified', { what: disqualifierName(r.disqualifier_code) })
                : r.kind === 'GRADE_REASON_KIND_REQUIREMENT_NOT_MET'
                  ? t('scores.reason.requirement', {
                      grade: t(`scores.grade.${r.grade}`),
                      what: t(`scores.requirement.${r.requirement}`),
                      needed: r.needed,
                      actual: r.actual,
                    })
                  : r.kind === 'GRADE_REASON_KIND_NO_PRODUCTS'
                    ? t('scores.reason.noProducts')
                    : t('scores.reason.band', { grade: t(`scores.grade.${r.grade}`), total: points(score.total) })}
            </li>
          ))}
        </ul>
      </Card>

      <Products products={score.products} />
    </>
  );
}

/** What a measure was worked out from, in words. */
function measureBasis(t: ReturnType<typeof useTranslation>['t'], m: OfficialScore['measures'][number]): string {
  switch (m.measure) {
    case 'MEASURE_QUANTITY':
    case 'MEASURE_QUALITY':
    case 'MEASURE_TIMELINESS':
      return t(`scores.basis.${m.measure}`, {
        done: formatNumber(Number(m.numerator), Number.isInteger(Number(m.numerator)) ? 0 : 2),
        assigned: formatNumber(Number(m.denominator)),
      });
    case 'MEASURE_UNIT_RESULT': {
      const staff =
        Number(m.denominator) === 0
          ? t('scores.basis.noStaff')
          : t('scores.basis.MEASURE_UNIT_RESULT', { ok: m.numerator, all: m.denominator });
      // The unit's KPI score of the period, where it has one: counted or shown as the pack says.
      if (!m.unit_kpi_score) return staff;
      const kpi = formatNumber(Number(m.unit_kpi_score), 2);
      return `${staff}; ${t(m.unit_kpi_counted ? 'scores.basis.unitKpiCounted' : 'scores.basis.unitKpiShown', { score: kpi })}`;
    }
    default:
      return t('scores.basis.entered');
  }
}

function Products({ products }: { products: ScoreProduct[] }) {
  const { t } = useTranslation();
  const taskTitle = useTaskTitles(products.filter((p) => p.kind === 'PRODUCT_KIND_TASK').map((p) => p.id));
  const workItem = useWorkItemLookup(products.filter((p) => p.kind === 'PRODUCT_KIND_DIARY').map((p) => p.id));
  if (products.length === 0)
    return (
      <Card size="small" title={t('scores.products')}>
        <Empty description={t('scores.noProducts')} />
      </Card>
    );
  return (
    <Card size="small" title={t('scores.products')}>
      <ul className="entry-list" data-testid="score-products">
        {products.map((p) => (
          <li key={`${p.kind}-${p.id}-${p.official_id}`} className="entry-card">
            <div className="entry-card-head">
              <Typography.Text strong>
                {p.kind === 'PRODUCT_KIND_TASK'
                  ? (taskTitle(p.id) ?? t('scores.task'))
                  : t('scores.diaryOf', { item: workItem(p.id)?.name ?? '…', count: p.entry_ids.length })}
              </Typography.Text>
              <Tag color={p.kind === 'PRODUCT_KIND_TASK' ? 'purple' : 'default'}>
                {t(p.kind === 'PRODUCT_KIND_TASK' ? 'scores.taskTag' : 'scores.diaryTag')}
              </Tag>
            </div>
            <Typography.Text>
              {t('scores.minutes', { done: formatDuration(p.completed_minutes), assigned: formatDuration(p.assigned_minutes) })}
            </Typography.Text>
            {p.notes.length > 0 && (
              <Space wrap size={4}>
                {p.notes.map((n, i) => (
                  <Tag
                    key={`${n.kind}-${i}`}
                    color={n.kind === 'PRODUCT_NOTE_KIND_OBJECTIVE_CAUSE' || n.kind === 'PRODUCT_NOTE_KIND_EXCEEDED' ? 'green' : 'orange'}
                  >
                    {t(`scores.note.${n.kind}`, {
                      count: n.count,
                      days: n.days_late,
                      status: n.status ? t(`scores.taskStatus.${n.status}`) : '',
                    })}
                  </Tag>
                ))}
              </Space>
            )}
          </li>
        ))}
      </ul>
    </Card>
  );
}
