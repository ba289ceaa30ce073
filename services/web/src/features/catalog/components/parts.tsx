import { Badge } from 'antd';
import { useTranslation } from 'react-i18next';
import { formatNumber } from '../../../lib/format';
import { GROUPS, POSITION_CATEGORIES, STATUSES, type WorkItemGroup, type WorkItemStatus } from '../api/catalog';

// Small pieces every catalog page shows the same way.

/** The dot beside a status; the status is said in words in the text's own colour (contrast holds whatever the dot). */
const STATUS_DOT: Record<WorkItemStatus, 'default' | 'warning' | 'success' | 'error'> = {
  WORK_ITEM_STATUS_UNSPECIFIED: 'default',
  WORK_ITEM_STATUS_DRAFT: 'default',
  WORK_ITEM_STATUS_SUBMITTED: 'warning',
  WORK_ITEM_STATUS_PUBLISHED: 'success',
  WORK_ITEM_STATUS_RETIRED: 'error',
};

export function StatusBadge({ status }: { status: WorkItemStatus }) {
  const { t } = useTranslation();
  return <Badge status={STATUS_DOT[status]} text={t(`enums.workItemStatus.${status}`)} />;
}

/** The group's letter, its meaning on hover and for screen readers. */
export function GroupLabel({ group }: { group: WorkItemGroup }) {
  const { t } = useTranslation();
  if (group === 'WORK_ITEM_GROUP_UNSPECIFIED') return null;
  return <abbr title={t(`enums.workItemGroup.${group}`)}>{group.slice(-1)}</abbr>;
}

/** A coefficient range in hundredths as "0,80–1,50"; one number when both ends are equal. */
export function formatRange(range: { min_hundredths: number; max_hundredths: number } | null | undefined): string {
  if (!range || (!range.min_hundredths && !range.max_hundredths)) return '';
  const [min, max] = [formatNumber(range.min_hundredths / 100, 2), formatNumber(range.max_hundredths / 100, 2)];
  return min === max ? min : `${min}–${max}`;
}

/** "A – Lãnh đạo, quản lý" … for selects. */
export function useGroupOptions(groups: WorkItemGroup[] = GROUPS) {
  const { t } = useTranslation();
  return groups.map((g) => ({ value: g, label: `${g.slice(-1)} – ${t(`enums.workItemGroup.${g}`)}` }));
}

export function useStatusOptions() {
  const { t } = useTranslation();
  return STATUSES.map((s) => ({ value: s, label: t(`enums.workItemStatus.${s}`) }));
}

export function usePositionCategoryOptions() {
  const { t } = useTranslation();
  return POSITION_CATEGORIES.map((c) => ({ value: c, label: t(`enums.positionCategory.${c}`) }));
}
