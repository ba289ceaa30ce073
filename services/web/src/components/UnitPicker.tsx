import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api';
import { useDebounced } from '../lib/use-debounced';

/** Finds a unit of an agency by name (the server searches, diacritics optional); before typing, the top level. */
export function UnitPicker({
  agencyId,
  value,
  onChange,
  id,
  allowClear,
  placeholder,
}: {
  agencyId?: string;
  value?: string;
  onChange?: (v: string) => void;
  id?: string;
  allowClear?: boolean;
  /** What an empty choice means (by default: "choose a unit"). */
  placeholder?: string;
}) {
  const { t } = useTranslation();
  const [query, setQuery] = useState('');
  const q = useDebounced(query.trim(), 250);
  const found = useQuery({
    queryKey: ['unit-pick', agencyId, q],
    queryFn: () =>
      api(
        'GET /api/v1/units',
        q.length >= 2 ? { agency_id: agencyId, query: q, page_size: 30 } : { agency_id: agencyId, top_level: true, page_size: 100 },
      ),
    enabled: !!agencyId,
  });
  return (
    <Select
      id={id}
      disabled={!agencyId}
      style={{ width: '100%' }}
      showSearch={{ filterOption: false, onSearch: setQuery }}
      value={value || undefined}
      onChange={(v) => onChange?.(v ?? '')}
      allowClear={allowClear}
      placeholder={placeholder ?? t('grants.pickUnit')}
      loading={found.isFetching}
      notFoundContent={found.isFetching ? null : t('org.noResults')}
      options={(found.data?.units ?? []).map((u) => ({ value: u.id, label: u.code ? `${u.name} (${u.code})` : u.name }))}
    />
  );
}
