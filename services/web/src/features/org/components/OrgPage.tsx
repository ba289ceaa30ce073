import { Card, Col, Empty, Input, Row, Space } from 'antd';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { AgencyPicker, useAgencies } from '../../../components/AgencyPicker';
import { PageHeader } from '../../../components/PageHeader';
import { useDebounced } from '../../../lib/use-debounced';
import { useWhoAmI } from '../../session/api/session';
import { useUnit } from '../api/org';
import { MembersTable } from './MembersTable';
import { OrgSearch } from './OrgSearch';
import { UnitTree } from './UnitTree';

/**
 * The org chart of an agency (cơ cấu tổ chức): its units as a tree, the people of the unit chosen,
 * and search over both. The agency and unit are in the address, so a view can be shared.
 */
export default function OrgPage() {
  const { t } = useTranslation();
  const [params, setParams] = useSearchParams();
  const who = useWhoAmI();
  const agencies = useAgencies();
  const [typed, setTyped] = useState('');
  const query = useDebounced(typed.trim(), 300);

  // The person's own agency first; otherwise the first the list shows.
  const ownAgency = who.data?.memberships.find((m) => m.kind === 'MEMBERSHIP_KIND_MAIN')?.agency_id ?? who.data?.official?.agency_id;
  const agencyId = params.get('agency') || ownAgency || agencies.data?.agencies[0]?.id || '';
  const unitId = params.get('unit') ?? undefined;
  const unit = useUnit(unitId);

  const set = (next: Record<string, string | undefined>) => {
    const p = new URLSearchParams(params);
    for (const [k, v] of Object.entries(next)) v ? p.set(k, v) : p.delete(k);
    setParams(p, { replace: false });
  };
  useEffect(() => setTyped(''), [agencyId]);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader title={t('org.title')} />
      <Row gutter={[16, 12]}>
        <Col xs={24} md={10}>
          <label htmlFor="org-agency" className="field-label">
            {t('org.agency')}
          </label>
          <AgencyPicker id="org-agency" value={agencyId || undefined} onChange={(id) => set({ agency: id, unit: undefined })} />
        </Col>
        <Col xs={24} md={14}>
          <label htmlFor="org-search" className="field-label">
            {t('common.search')}
          </label>
          <Input.Search
            id="org-search"
            allowClear
            value={typed}
            onChange={(e) => setTyped(e.target.value)}
            placeholder={t('org.searchPlaceholder')}
          />
        </Col>
      </Row>
      {!agencyId ? (
        <Empty description={agencies.isPending ? t('common.loading') : t('org.noAgencies')} />
      ) : (
        <>
          {query.length >= 2 && <OrgSearch agencyId={agencyId} query={query} onUnit={(u) => set({ unit: u.id })} />}
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={9}>
              <Card title={t('org.units')} size="small">
                <UnitTree agencyId={agencyId} selected={unitId} onSelect={(u) => set({ unit: u.id })} />
              </Card>
            </Col>
            <Col xs={24} lg={15}>
              <Card size="small">
                {unitId ? (
                  <MembersTable unitId={unitId} unitName={unit.data?.unit.name ?? ''} />
                ) : (
                  <Empty description={t('org.chooseUnit')} />
                )}
              </Card>
            </Col>
          </Row>
        </>
      )}
    </Space>
  );
}
