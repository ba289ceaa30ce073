import { Empty, Skeleton, Space } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../components/ErrorState';
import { PageHeader } from '../../../components/PageHeader';
import { PageLoading } from '../../../components/PageLoading';
import { useOfficialId } from '../../session/api/session';
import { useOfficialScore, useRulePack } from '../api/scores';
import { EvaluationCard } from './EvaluationCard';
import { PeriodPicker, periodKey, thisMonth } from './PeriodPicker';
import { ScoreView } from './ScoreBreakdown';

/**
 * "Điểm của tôi": the official's score in a month or a quarter, worked out from their tasks and
 * diary by the rule pack for their category and year, with every step: the measures of task
 * results and what they were worked out from, the general criteria (and which are not entered
 * yet), why the grade is what it is, and the products down to the tasks and diary entries; and
 * the evaluation: their self-assessment, each step since, their comments and appeal.
 */
export default function MyScorePage() {
  const { t } = useTranslation();
  const { officialId, pending } = useOfficialId();
  const [choice, setChoice] = useState(thisMonth);
  const period = periodKey(choice);
  const score = useOfficialScore(officialId, period);
  const pack = useRulePack(score.data?.score.pack_code, score.data?.score.pack_version);

  if (pending) return <PageLoading />;
  if (!officialId) return <Empty description={t('scores.notAnOfficial')} />;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader title={t('scores.title')} extra={<PeriodPicker value={choice} onChange={setChoice} />} />
      {score.error ? (
        <ErrorState error={score.error} onRetry={() => score.refetch()} />
      ) : !score.data ? (
        <Skeleton active />
      ) : (
        <>
          <ScoreView score={score.data.score} pack={pack.data?.pack} />
          <EvaluationCard officialId={officialId} period={period} mode="self" score={score.data.score} pack={pack.data?.pack} />
        </>
      )}
    </Space>
  );
}
