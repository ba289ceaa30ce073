import { App, Button, Card, Collapse, Descriptions, InputNumber, Select, Skeleton, Space, Table, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../components/ErrorState';
import { PageHeader } from '../../../components/PageHeader';
import { formatNumber, todayInVietnam } from '../../../lib/format';
import { canManagePeriods, useSession, useWhoAmI } from '../../session/api/session';
import { type RulePack, type RulePackChoice, useChooseRulePack, useRulePackChoices, useRulePacks } from '../api/scores';
import { GRADE_COLOR } from './gradeColors';
import { PackEditor } from './PackEditor';

const CATEGORIES: RulePackChoice['category'][] = [
  'OFFICIAL_CATEGORY_CIVIL_SERVANT',
  'OFFICIAL_CATEGORY_PUBLIC_EMPLOYEE',
  'OFFICIAL_CATEGORY_CADRE',
  'OFFICIAL_CATEGORY_CONTRACT_WORKER',
];
const points = (p: string) => formatNumber(Number(p), 2);

/** The packs in force in a year for a category: those covering both. */
const covers = (p: RulePack, category: RulePackChoice['category'], year: number) =>
  p.categories.includes(category) && p.from_year <= year && (p.to_year === 0 || year <= p.to_year);

/**
 * "Bộ quy tắc chấm điểm": the rules scores are made by, readable by everyone they score: for a
 * year, the pack chosen for each category of official (tenant-wide HR chooses here), and each
 * pack in full — the points of task results and their measures, the general criteria with their
 * maxima, the grade bands and requirements, the disqualifiers, and every parameter the legal texts
 * leave open with the pack's answer.
 */
export default function RulePacksPage() {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const who = useWhoAmI();
  const [year, setYear] = useState(Number(todayInVietnam().slice(0, 4)));
  const packs = useRulePacks();
  const choices = useRulePackChoices(year);
  const choose = useChooseRulePack();
  const [editing, setEditing] = useState<{ base: RulePack; revise: boolean }>();
  const manager = canManagePeriods(session.data?.roles ?? [], who.data?.role_grants ?? []);
  const vi = i18n.language === 'vi';
  const name = (p: { name_vi: string; name_en: string }) => (vi ? p.name_vi : p.name_en);

  if (packs.error) return <ErrorState error={packs.error} onRetry={() => packs.refetch()} />;
  const all = packs.data?.packs ?? [];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader title={t('rulePacks.title')} />
      <Card
        size="small"
        title={t('rulePacks.inForce')}
        extra={
          <span className="inline-field">
            <label htmlFor="rule-packs-year">{t('rulePacks.year')}</label>
            <InputNumber id="rule-packs-year" min={2000} max={2100} value={year} onChange={(v) => v && setYear(v)} />
          </span>
        }
      >
        {!packs.data || !choices.data ? (
          <Skeleton active />
        ) : (
          <ul className="entry-list" data-testid="pack-choices">
            {CATEGORIES.map((category) => {
              const chosen = choices.data.choices.find((c) => c.category === category);
              const options = all.filter((p) => covers(p, category, year));
              return (
                <li key={category} className="entry-card">
                  <div className="entry-card-head">
                    <Typography.Text strong>{t(`enums.category.${category}`)}</Typography.Text>
                    {!chosen && <Tag>{t('rulePacks.default')}</Tag>}
                  </div>
                  {manager ? (
                    <Select
                      aria-label={t('rulePacks.chooseFor', { category: t(`enums.category.${category}`) })}
                      style={{ width: '100%' }}
                      placeholder={t('rulePacks.defaultPlaceholder')}
                      value={chosen?.pack_code}
                      loading={choose.isPending}
                      options={options.map((p) => ({ value: p.code, label: name(p) }))}
                      onChange={(code) =>
                        choose.mutate(
                          { year, category, pack_code: code },
                          {
                            onSuccess: () => message.success(t('rulePacks.chosen')),
                            onError: (err) => message.error(err instanceof Error ? err.message : String(err)),
                          },
                        )
                      }
                    />
                  ) : (
                    <Typography.Text>
                      {chosen
                        ? name(all.find((p) => p.code === chosen.pack_code) ?? { name_vi: chosen.pack_code, name_en: chosen.pack_code })
                        : t('rulePacks.defaultPlaceholder')}
                    </Typography.Text>
                  )}
                </li>
              );
            })}
          </ul>
        )}
      </Card>
      {!packs.data ? (
        <Skeleton active />
      ) : (
        <Collapse
          data-testid="packs"
          items={all.map((p) => ({
            key: `${p.code}@${p.version}`,
            label: (
              <Space wrap size={4}>
                <Typography.Text strong>{name(p)}</Typography.Text>
                <Tag>
                  {p.code} · v{p.version}
                </Tag>
              </Space>
            ),
            // The actions inside the panel: a button in its header would be a control inside a control.
            children: (
              <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
                {manager && (
                  <Space wrap>
                    {!p.shipped && <Button onClick={() => setEditing({ base: p, revise: true })}>{t('rulePacks.editor.revise')}</Button>}
                    <Button onClick={() => setEditing({ base: p, revise: false })}>{t('rulePacks.editor.copy')}</Button>
                  </Space>
                )}
                <PackDetail pack={p} />
              </Space>
            ),
          }))}
        />
      )}
      {editing && <PackEditor base={editing.base} revise={editing.revise} onClose={() => setEditing(undefined)} />}
    </Space>
  );
}

function PackDetail({ pack: p }: { pack: RulePack }) {
  const { t, i18n } = useTranslation();
  const vi = i18n.language === 'vi';
  const q = p.parameters;
  const yesNo = (b: boolean) => t(b ? 'common.yes' : 'common.no');
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Text type="secondary">
        {p.legal_basis} · {t('rulePacks.years', { from: p.from_year, to: p.to_year || '…' })} ·{' '}
        {p.categories.map((c) => t(`enums.category.${c}`)).join(', ')}
      </Typography.Text>
      {(['non_manager', 'manager'] as const).map((key) => {
        const v = p[key];
        return (
          <div key={key}>
            <Typography.Title level={5}>{t(`rulePacks.variant.${key}`, { points: points(v.task_points) })}</Typography.Title>
            <Typography.Paragraph>{v.measures.map((m) => t(`scores.measure.${m}`)).join(' · ')}</Typography.Paragraph>
            <Table
              size="small"
              pagination={false}
              rowKey="code"
              dataSource={v.general_criteria}
              scroll={{ x: 'max-content' }}
              columns={[
                { title: t('rulePacks.criterion'), render: (_, c) => (vi ? c.name_vi : c.name_en) },
                { title: t('rulePacks.maxPoints'), align: 'right', render: (_, c) => points(c.max_points) },
              ]}
            />
          </div>
        );
      })}
      <div>
        <Typography.Title level={5}>{t('rulePacks.grades')}</Typography.Title>
        <Space wrap>
          {p.grades.map((g) => (
            <Tag key={g.grade} color={GRADE_COLOR[g.grade]}>
              {t(`scores.grade.${g.grade}`)} {g.inclusive ? '≥' : '>'} {points(g.min)}
            </Tag>
          ))}
        </Space>
        {p.requirements.map((r) => (
          <Typography.Paragraph key={r.grade} type="secondary" style={{ margin: '6px 0 0' }}>
            {t('rulePacks.requirement', {
              grade: t(`scores.grade.${r.grade}`),
              completion: r.min_completion_percent || '—',
              onTime: r.min_on_time_percent || '—',
              exceeded: r.min_exceeded_percent || '—',
            })}
          </Typography.Paragraph>
        ))}
      </div>
      <div>
        <Typography.Title level={5}>{t('rulePacks.disqualifiers')}</Typography.Title>
        <ul>
          {p.disqualifiers.map((d) => (
            <li key={d.code}>
              {vi ? d.name_vi : d.name_en}
              {d.leaders_only ? ` (${t('rulePacks.leadersOnly')})` : ''}
            </li>
          ))}
        </ul>
      </div>
      <Descriptions
        size="small"
        column={1}
        bordered
        title={t('rulePacks.parameters')}
        items={[
          { key: 'cap', label: t('rulePacks.param.capAtFull'), children: yesNo(q.cap_at_full) },
          { key: 'floor', label: t('rulePacks.param.floorAtZero'), children: yesNo(q.floor_at_zero) },
          { key: 'failed', label: t('rulePacks.param.failedDeduction'), children: `${q.failed_assessment_deduction_percent}%` },
          { key: 'delay', label: t('rulePacks.param.delayDeduction'), children: `${q.delay_deduction_percent}%` },
          { key: 'days', label: t('rulePacks.param.daysPerDelay'), children: String(q.days_per_delay) },
          { key: 'unit', label: t('rulePacks.param.unitReduced'), children: `${q.unit_result_reduced_percent}%` },
          { key: 'unitFrom', label: t('rulePacks.param.unitResultFrom'), children: t(`rulePacks.unitResultFrom.${q.unit_result_from}`) },
          { key: 'org', label: t('rulePacks.param.organisationReduced'), children: `${q.organisation_reduced_percent}%` },
          { key: 'unity', label: t('rulePacks.param.unityReduced'), children: `${q.unity_reduced_percent}%` },
          { key: 'staff', label: t('rulePacks.param.leaderCountsStaff'), children: yesNo(q.leader_counts_staff_products) },
          { key: 'unreviewed', label: t('rulePacks.param.countUnreviewed'), children: yesNo(q.count_unreviewed_entries) },
          { key: 'annual', label: t('rulePacks.param.annualFrom'), children: t(`rulePacks.annualFrom.${q.annual_from}`) },
          { key: 'quota', label: t('rulePacks.param.quota'), children: `${q.quota_percent}%` },
          { key: 'moved', label: t('rulePacks.param.quotaCountsMovedDown'), children: yesNo(q.quota_counts_moved_down) },
          { key: 'ceiling', label: t('rulePacks.param.overrideCeiling'), children: `${q.override_ceiling_percent}%` },
          { key: 'appeal', label: t('rulePacks.param.appealDays'), children: String(q.appeal_days) },
        ]}
      />
    </Space>
  );
}
