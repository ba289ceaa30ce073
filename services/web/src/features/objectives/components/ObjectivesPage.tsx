import { App, Card, Col, Empty, Row, Select, Space, Spin, Tag, Tree, Typography } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAgencies } from '../../../components/AgencyPicker';
import { ErrorState } from '../../../components/ErrorState';
import { PageHeader } from '../../../components/PageHeader';
import { ApiError } from '../../../lib/api';
import { todayInVietnam } from '../../../lib/format';
import { namesOf } from '../../../lib/names';
import type { Objective, Period } from '../api/objectives';
import { ROOT, useObjectiveTree } from '../hooks/use-objective-tree';
import { ObjectivePanel } from './ObjectivePanel';
import { OkrProgress } from './OkrProgress';

interface ObjectiveNode extends DataNode {
  key: string;
  objective?: Objective;
  /** For a "load more" node: the level it continues. */
  moreOf?: string;
  children?: ObjectiveNode[];
}

/** "load more" nodes' keys: never an objective's id. */
const MORE = 'more:';

/**
 * The objectives of a period (mục tiêu, OKR) as their alignment tree, from the province's down
 * to each official's: each with its level, owner agency, commitment and rolled-up progress in
 * the OKR colours. Branches load when opened, a page at a time; the objective chosen shows its
 * key results and their check-ins beside the tree (below it on a phone).
 */
export default function ObjectivesPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const thisYear = Number(todayInVietnam().slice(0, 4));
  const [period, setPeriod] = useState<Period>({ year: thisYear, quarter: 0 });
  const [selected, setSelected] = useState<string>();
  const tree = useObjectiveTree(period);
  const agencies = useAgencies();
  const agencyName = namesOf(agencies.data?.agencies);

  const failed = (err: unknown) => message.error(err instanceof ApiError ? err.text : t('common.error'));
  const build = (parent: string): ObjectiveNode[] => {
    const level = tree.levels[parent];
    if (!level) return [];
    const nodes: ObjectiveNode[] = level.ids
      .map((id) => tree.objectives[id])
      .filter((o): o is Objective => Boolean(o))
      .map((o) => ({
        key: o.id,
        objective: o,
        isLeaf: o.child_count === 0,
        children: tree.levels[o.id] ? build(o.id) : undefined,
      }));
    if (level.next) nodes.push({ key: `${MORE}${parent}`, moreOf: parent, isLeaf: true });
    return nodes;
  };
  const choosePeriod = (next: Partial<Period>) => {
    setSelected(undefined);
    setPeriod((p) => ({ ...p, ...next }));
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader title={t('objectives.title')} />
      <Card size="small">
        <Space wrap size="middle">
          <span>
            <label htmlFor="objectives-year" className="field-label">
              {t('objectives.year')}
            </label>
            <Select
              id="objectives-year"
              style={{ width: 120 }}
              value={period.year}
              onChange={(year) => choosePeriod({ year })}
              options={[thisYear - 2, thisYear - 1, thisYear, thisYear + 1].map((y) => ({ value: y, label: String(y) }))}
            />
          </span>
          <span>
            <label htmlFor="objectives-quarter" className="field-label">
              {t('objectives.quarter')}
            </label>
            <Select
              id="objectives-quarter"
              style={{ width: 160 }}
              value={period.quarter}
              onChange={(quarter) => choosePeriod({ quarter })}
              options={[0, 1, 2, 3, 4].map((q) => ({
                value: q,
                label: q ? t('objectives.quarterN', { n: q }) : t('objectives.wholeYear'),
              }))}
            />
          </span>
        </Space>
      </Card>
      <Row gutter={[16, 16]}>
        <Col xs={24} lg={12}>
          <Card size="small" title={t('objectives.tree')}>
            {tree.error ? (
              <ErrorState error={tree.error} onRetry={tree.retry} />
            ) : !tree.loaded ? (
              <Spin aria-label={t('common.loading')} />
            ) : tree.levels[ROOT]!.ids.length === 0 ? (
              <Empty description={t('objectives.none')} />
            ) : (
              <Tree<ObjectiveNode>
                // A new period is a new tree: nothing opened or loaded carries over.
                key={`${period.year}-${period.quarter}`}
                treeData={build(ROOT)}
                selectedKeys={selected ? [selected] : []}
                blockNode
                showLine
                aria-label={t('objectives.tree')}
                loadData={async (node) => {
                  if (node.children || node.moreOf !== undefined) return;
                  // A failed branch says so; the tree keeps working.
                  await tree.loadLevel(node.key).catch(failed);
                }}
                onSelect={(_keys, { node }) => {
                  if (node.moreOf !== undefined) tree.loadLevel(node.moreOf, tree.levels[node.moreOf]?.next ?? '').catch(failed);
                  else setSelected(node.key);
                }}
                titleRender={(node) =>
                  node.objective ? (
                    <NodeTitle objective={node.objective} agency={agencyName(node.objective.agency_id)} />
                  ) : (
                    <Typography.Text style={{ color: 'var(--ant-color-link, #0b5cad)' }}>{t('objectives.loadMore')}</Typography.Text>
                  )
                }
              />
            )}
          </Card>
        </Col>
        <Col xs={24} lg={12}>
          {selected && tree.objectives[selected] ? (
            <ObjectivePanel
              objective={tree.objectives[selected]!}
              agency={agencyName(tree.objectives[selected]!.agency_id)}
              onCheckedIn={(changed) => tree.refreshUpward(changed).catch(failed)}
            />
          ) : (
            <Card size="small">
              <Empty description={t('objectives.choose')} />
            </Card>
          )}
        </Col>
      </Row>
    </Space>
  );
}

/** A node of the tree: title, level, commitment, agency and progress. */
function NodeTitle({ objective: o, agency }: { objective: Objective; agency: string }) {
  const { t } = useTranslation();
  return (
    <div style={{ padding: '2px 0', minWidth: 0 }}>
      <div>
        <Typography.Text strong>{o.title}</Typography.Text> <Tag>{t(`enums.objectiveLevel.${o.level}`)}</Tag>
        {o.commitment === 'COMMITMENT_ASPIRATIONAL' && <Tag color="purple">{t('enums.commitment.COMMITMENT_ASPIRATIONAL')}</Tag>}
      </div>
      {agency && o.level !== 'OBJECTIVE_LEVEL_TENANT' && <Typography.Text type="secondary">{agency}</Typography.Text>}
      <OkrProgress value={o.progress} label={o.title} size="small" />
    </div>
  );
}
