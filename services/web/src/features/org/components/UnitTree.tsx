import { useQueryClient } from '@tanstack/react-query';
import { App, Empty, Spin, Tree } from 'antd';
import type { DataNode } from 'antd/es/tree';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../components/ErrorState';
import { ApiError } from '../../../lib/api';
import { listUnits, type Unit } from '../api/org';

interface UnitNode extends DataNode {
  key: string;
  unit: Unit;
  children?: UnitNode[];
}

const toNode = (u: Unit): UnitNode => ({ key: u.id, title: u.code ? `${u.name} (${u.code})` : u.name, unit: u });

function withChildren(nodes: UnitNode[], key: string, children: UnitNode[]): UnitNode[] {
  return nodes.map((n) => {
    if (n.key === key) return { ...n, children, isLeaf: children.length === 0 };
    return n.children ? { ...n, children: withChildren(n.children, key, children) } : n;
  });
}

/**
 * An agency's units as a tree (as they are today), each level loaded when opened: an agency may
 * have hundreds of units, and most people look at one branch.
 */
export function UnitTree({ agencyId, selected, onSelect }: { agencyId: string; selected?: string; onSelect: (unit: Unit) => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const { message } = App.useApp();
  const [nodes, setNodes] = useState<UnitNode[] | undefined>();
  const [error, setError] = useState<unknown>();
  const [attempt, setAttempt] = useState(0);

  const load = (parent?: string) =>
    queryClient.fetchQuery({ queryKey: ['units', agencyId, parent ?? ''], queryFn: () => listUnits(agencyId, parent), staleTime: 60_000 });

  useEffect(() => {
    let live = true;
    setNodes(undefined);
    setError(undefined);
    load().then(
      (units) => live && setNodes(units.map(toNode)),
      (err) => live && setError(err),
    );
    return () => {
      live = false;
    };
  }, [agencyId, attempt]);

  if (error) return <ErrorState error={error} onRetry={() => setAttempt((a) => a + 1)} />;
  if (!nodes) return <Spin aria-label={t('common.loading')} />;
  if (nodes.length === 0) return <Empty description={t('org.noUnits')} />;
  return (
    <Tree<UnitNode>
      treeData={nodes}
      selectedKeys={selected ? [selected] : []}
      showLine
      blockNode
      aria-label={t('org.units')}
      loadData={async (node) => {
        if (node.children) return;
        try {
          const children = await load(node.key);
          setNodes((current) => current && withChildren(current, node.key, children.map(toNode)));
        } catch (err) {
          // The branch stays closed and can be opened again.
          message.error(err instanceof ApiError ? err.text : t('common.error'));
        }
      }}
      onSelect={(_keys, info) => onSelect(info.node.unit)}
    />
  );
}
