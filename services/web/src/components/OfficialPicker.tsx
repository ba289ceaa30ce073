import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api';
import { useDebounced } from '../lib/use-debounced';

/** Finds an official by name, staff code or email, diacritics optional (the server searches). */
export function OfficialPicker({
  value,
  onChange,
  id,
  allowClear,
  'aria-label': ariaLabel,
}: {
  value?: string;
  onChange?: (v: string) => void;
  id?: string;
  allowClear?: boolean;
  'aria-label'?: string;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const [chosen, setChosen] = useState<{ value: string; label: string }>();
  const q = useDebounced(query.trim(), 250);
  const found = useQuery({
    queryKey: ['official-search', q],
    queryFn: () => api('GET /api/v1/officials', { query: q, page_size: 20 }),
    enabled: q.length >= 2,
  });
  const options = (found.data?.officials ?? []).map((o) => ({
    value: o.id,
    label: o.staff_code ? `${o.full_name} (${o.staff_code})` : o.full_name,
  }));
  // The one chosen keeps its name when the search that found it is cleared.
  if (chosen && chosen.value === value && !options.some((o) => o.value === value)) options.unshift(chosen);
  return (
    <Select
      id={id}
      allowClear={allowClear}
      aria-label={ariaLabel}
      style={{ width: '100%' }}
      showSearch={{ filterOption: false, onSearch: setQuery }}
      value={value}
      onChange={(v, option) => {
        setChosen(Array.isArray(option) ? undefined : option);
        onChange?.(v);
      }}
      placeholder={t('grants.pickOfficial')}
      loading={found.isFetching}
      notFoundContent={q.length >= 2 && !found.isFetching ? t('org.noResults') : null}
      options={options}
    />
  );
}
