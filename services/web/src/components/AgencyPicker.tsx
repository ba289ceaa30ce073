import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import { useTranslation } from 'react-i18next';
import { api } from '../lib/api';

/** The tenant's agencies (at most a thousand: a province has 50 to 150), searchable without diacritics. */
export function useAgencies() {
  return useQuery({ queryKey: ['agencies'], queryFn: () => api('GET /api/v1/agencies', { page_size: 1000 }), staleTime: 5 * 60_000 });
}

export function AgencyPicker({ value, onChange, id }: { value?: string; onChange?: (v: string) => void; id?: string }) {
  const { t } = useTranslation();
  const agencies = useAgencies();
  return (
    <Select
      id={id}
      showSearch={{ filterOption: (input, option) => String(option?.search ?? '').includes(fold(input)) }}
      value={value}
      onChange={onChange}
      placeholder={t('grants.pickAgency')}
      loading={agencies.isPending}
      style={{ minWidth: 260, width: '100%' }}
      options={(agencies.data?.agencies ?? []).map((a) => ({ value: a.id, label: a.name, search: fold(`${a.code} ${a.name}`) }))}
    />
  );
}

/** Vietnamese text without case and diacritics, for matching in the browser ("đ" as "d"). */
export const fold = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase();
