import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Card, Popconfirm, Select, Space, Switch, Tag, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ROLES } from '../../../../../../packages/kit/src/roles';
import { CursorPager } from '../../../components/CursorPager';
import { ErrorState } from '../../../components/ErrorState';
import { ListTable } from '../../../components/ListTable';
import { OfficialPicker } from '../../../components/OfficialPicker';
import { PageHeader } from '../../../components/PageHeader';
import { ApiError } from '../../../lib/api';
import { formatDate, todayInVietnam } from '../../../lib/format';
import { namesOf } from '../../../lib/names';
import { useCursorPages } from '../../../lib/use-cursor-pages';
import { canManageGrants, useSession, useWhoAmI } from '../../session/api/session';
import { useEndRoleGrant, useRoleGrants } from '../api/grants';
import { GrantForm } from './GrantForm';

const PAGE_SIZE = 50;

/**
 * Role grants (phân quyền) in the reach of the person: who holds which role over which part of
 * the organisation, from when to when. Administrators and HR grant and end them; auditors read.
 */
export default function GrantsPage() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const session = useSession();
  const who = useWhoAmI();
  const [role, setRole] = useState<string>();
  const [officialId, setOfficialId] = useState<string>();
  const [inForce, setInForce] = useState(true);
  const [adding, setAdding] = useState(false);
  const today = todayInVietnam();
  const filters = { role: role ?? '', official_id: officialId ?? '', on_date: inForce ? today : '' };
  const pages = useCursorPages(JSON.stringify(filters));
  const list = useRoleGrants({ ...filters, page_size: PAGE_SIZE, page_token: pages.token });
  const end = useEndRoleGrant();
  const manage = canManageGrants(session.data?.roles ?? [], who.data?.role_grants ?? []);
  const name = namesOf(list.data?.names);

  const endGrant = async (id: string) => {
    try {
      await end.mutateAsync({ id, valid_to: today });
      message.success(t('grants.ended'));
    } catch (err) {
      message.error(err instanceof ApiError ? err.text : t('common.error'));
    }
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader
        title={t('grants.title')}
        extra={
          manage && (
            <Button type="primary" icon={<PlusOutlined />} onClick={() => setAdding(true)}>
              {t('grants.add')}
            </Button>
          )
        }
      />
      <Card size="small">
        <Space wrap size="middle">
          <Select
            allowClear
            aria-label={t('grants.filterRole')}
            placeholder={t('grants.filterRole')}
            style={{ minWidth: 200 }}
            value={role}
            onChange={setRole}
            options={ROLES.filter((r) => r !== 'official').map((r) => ({ value: r, label: t(`enums.role.${r}`) }))}
          />
          <div style={{ minWidth: 260 }}>
            <OfficialPicker value={officialId} onChange={setOfficialId} allowClear aria-label={t('grants.filterOfficial')} />
          </div>
          <Space>
            <Switch id="grants-in-force" size="small" checked={inForce} onChange={setInForce} />
            <label htmlFor="grants-in-force">{t('grants.inForceToday')}</label>
          </Space>
        </Space>
      </Card>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <ListTable
          rowKey="id"
          loading={list.isFetching}
          rows={list.data?.role_grants}
          emptyText={t('grants.none')}
          columns={[
            {
              title: t('grants.grantee'),
              key: 'grantee',
              render: (_, g) =>
                g.client_id ? (
                  <Space>
                    <Tag>{t('grants.client')}</Tag>
                    <Typography.Text code>{g.client_id}</Typography.Text>
                  </Space>
                ) : (
                  <Link to={`/officials/${g.official_id}`}>{name(g.official_id) || g.official_id}</Link>
                ),
            },
            {
              title: t('grants.role'),
              dataIndex: 'role',
              render: (r: string) => <Tag color="blue">{t(`enums.role.${r}`, { defaultValue: r })}</Tag>,
            },
            {
              title: t('grants.node'),
              key: 'node',
              render: (_, g) =>
                g.node_kind === 'ORG_NODE_KIND_TENANT' ? t('enums.nodeKind.ORG_NODE_KIND_TENANT') : name(g.node_id) || g.node_id,
            },
            { title: t('grants.from'), dataIndex: 'valid_from', render: formatDate },
            { title: t('grants.to'), dataIndex: 'valid_to', render: (d: string) => (d ? formatDate(d) : t('grants.openEnded')) },
            ...(manage
              ? [
                  {
                    title: '',
                    key: 'actions',
                    render: (_: unknown, g: { id: string; valid_to: string }) =>
                      !g.valid_to || g.valid_to > today ? (
                        <Popconfirm
                          title={t('grants.endConfirm')}
                          okText={t('grants.end')}
                          cancelText={t('common.cancel')}
                          onConfirm={() => endGrant(g.id)}
                        >
                          <Button size="small" danger>
                            {t('grants.end')}
                          </Button>
                        </Popconfirm>
                      ) : null,
                  },
                ]
              : []),
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
      <GrantForm
        open={adding}
        onClose={() => setAdding(false)}
        onGranted={() => {
          setAdding(false);
          message.success(t('grants.granted'));
        }}
      />
    </Space>
  );
}
