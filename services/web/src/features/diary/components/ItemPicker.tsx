import { Input, Skeleton, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorState } from '../../../components/ErrorState';
import { formatNumber } from '../../../lib/format';
import { useDebounced } from '../../../lib/use-debounced';
import { useOnline } from '../../../lib/use-online';
import { fromCatalog, fromSuggestion, type Pickable, type SuggestedItem, useItemSearch } from '../api/diary';

/**
 * Choosing what to log in a tap: the suggested items (the official's open tasks first, then what
 * they logged most lately) as large cards, or, once two letters are typed, the catalog's items in
 * force that match (the server ignores case and diacritics).
 */
export function ItemPicker({
  suggestions,
  loading,
  error,
  onRetry,
  onPick,
}: {
  suggestions: SuggestedItem[] | undefined;
  loading: boolean;
  error: unknown;
  onRetry: () => void;
  onPick: (item: Pickable) => void;
}) {
  const { t } = useTranslation();
  const online = useOnline();
  const [typed, setTyped] = useState('');
  const query = useDebounced(typed.trim(), 300);
  const found = useItemSearch(online ? query : '');
  const searching = query.length >= 2;

  return (
    <div>
      <label htmlFor="diary-search" className="field-label">
        {t('diary.pick.search')}
      </label>
      <Input.Search
        id="diary-search"
        allowClear
        size="large"
        value={typed}
        onChange={(e) => setTyped(e.target.value)}
        placeholder={t('diary.pick.searchPlaceholder')}
        loading={found.isFetching}
      />
      {searching ? (
        <section aria-label={t('diary.pick.results')} style={{ marginTop: 12 }}>
          {!online ? (
            <Typography.Paragraph>{t('diary.pick.searchOffline')}</Typography.Paragraph>
          ) : found.error ? (
            <ErrorState error={found.error} onRetry={() => found.refetch()} />
          ) : found.data && found.data.work_items.length === 0 ? (
            <Typography.Paragraph>{t('diary.pick.noResults')}</Typography.Paragraph>
          ) : (
            <PickGrid items={(found.data?.work_items ?? []).map(fromCatalog)} onPick={onPick} />
          )}
        </section>
      ) : (
        <section aria-labelledby="diary-suggested" style={{ marginTop: 12 }}>
          <Typography.Title level={3} id="diary-suggested" className="section-title">
            {t('diary.pick.suggested')}
          </Typography.Title>
          {error ? (
            <ErrorState error={error} onRetry={onRetry} />
          ) : loading ? (
            <Skeleton active paragraph={{ rows: 2 }} />
          ) : suggestions && suggestions.length > 0 ? (
            <PickGrid items={suggestions.map(fromSuggestion)} uses={suggestions.map((s) => s.recent_uses)} onPick={onPick} />
          ) : (
            <Typography.Paragraph>{t('diary.pick.noSuggestions')}</Typography.Paragraph>
          )}
        </section>
      )}
    </div>
  );
}

/** Items as cards a thumb can hit: each a button with the name, the code, the unit and the standard time. */
function PickGrid({ items, uses, onPick }: { items: Pickable[]; uses?: number[]; onPick: (item: Pickable) => void }) {
  const { t } = useTranslation();
  return (
    <ul className="pick-grid">
      {items.map((item, i) => (
        <li key={`${item.work_item_id}:${item.task_id}`}>
          <button type="button" className="pick-card" onClick={() => onPick(item)}>
            <span className="pick-card-name">{item.name}</span>
            <span className="pick-card-meta">
              {t('diary.itemLine', { code: item.code, unit: item.product_unit, minutes: formatNumber(item.standard_minutes) })}
            </span>
            {(item.task_id || (uses?.[i] ?? 0) > 0) && (
              <span>
                {item.task_id ? (
                  <Tag color="blue">{t('diary.forTask')}</Tag>
                ) : (
                  <Tag>{t('diary.pick.recentUses', { count: uses?.[i] ?? 0 })}</Tag>
                )}
              </span>
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}
