import { Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { CursorPager } from '../../../components/CursorPager';
import { ErrorState } from '../../../components/ErrorState';
import { ListTable } from '../../../components/ListTable';
import { useCursorPages } from '../../../lib/use-cursor-pages';
import { useOfficials } from '../api/org';

const PAGE_SIZE = 50;

/** The officials working in a unit today (and in its subunits, if asked), fifty at a time. */
export function MembersTable({ unitId, unitName }: { unitId: string; unitName: string }) {
  const { t } = useTranslation();
  const [subunits, setSubunits] = useState(true);
  const pages = useCursorPages(`${unitId}|${subunits}`);
  const list = useOfficials({ unit_id: unitId, include_subunits: subunits, page_size: PAGE_SIZE, page_token: pages.token });
  return (
    <>
      <Space style={{ width: '100%', justifyContent: 'space-between', marginBottom: 12 }} wrap>
        <Typography.Title level={2} style={{ fontSize: 18, margin: 0 }}>
          {t('org.members', { unit: unitName })}
        </Typography.Title>
        <Space>
          <Switch id="org-subunits" checked={subunits} onChange={setSubunits} size="small" />
          <label htmlFor="org-subunits">{t('org.includeSubunits')}</label>
        </Space>
      </Space>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <ListTable
          rowKey="id"
          loading={list.isFetching}
          rows={list.data?.officials}
          emptyText={t('org.noMembers')}
          columns={[
            {
              title: t('org.fullName'),
              dataIndex: 'full_name',
              render: (name: string, o) => <Link to={`/officials/${o.id}`}>{name}</Link>,
            },
            { title: t('org.staffCode'), dataIndex: 'staff_code' },
            {
              title: t('org.category'),
              dataIndex: 'category',
              render: (c: string) => (c === 'OFFICIAL_CATEGORY_UNSPECIFIED' ? '' : <Tag>{t(`enums.category.${c}`)}</Tag>),
            },
            { title: t('me.email'), dataIndex: 'email', responsive: ['md'] },
          ]}
        />
      )}
      <CursorPager
        page={pages.page}
        nextToken={list.data?.next_page_token}
        onNext={pages.next}
        onPrevious={pages.previous}
        loading={list.isFetching}
      />
    </>
  );
}
