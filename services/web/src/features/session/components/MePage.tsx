import { Alert, Button, Card, Descriptions, Space, Table, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorState } from '../../../components/ErrorState';
import { PageHeader } from '../../../components/PageHeader';
import { PageLoading } from '../../../components/PageLoading';
import { signOut } from '../../../lib/api';
import { formatDate, formatDateTime } from '../../../lib/format';
import { namesOf } from '../../../lib/names';
import { useSession, useWhoAmI } from '../api/session';

/** The signed-in person: who they are, where they work today, what they may do, and sign-out. */
export default function MePage() {
  const { t } = useTranslation();
  const session = useSession();
  const who = useWhoAmI();
  if (who.isPending || session.isPending) return <PageLoading />;
  if (who.error) return <ErrorState error={who.error} onRetry={() => who.refetch()} />;
  const me = who.data;
  const name = namesOf(me.names);
  const official = me.official;
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <PageHeader title={t('me.title')} />
      <Card>
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label={t('me.name')}>{official?.full_name ?? session.data?.name}</Descriptions.Item>
          <Descriptions.Item label={t('me.tenant')}>{me.tenant_id}</Descriptions.Item>
          {official && (
            <>
              <Descriptions.Item label={t('me.staffCode')}>{official.staff_code || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('me.email')}>{official.email || '—'}</Descriptions.Item>
              <Descriptions.Item label={t('me.category')}>
                {t(`enums.category.${official.category}`, { defaultValue: '—' })}
              </Descriptions.Item>
            </>
          )}
          {session.data && <Descriptions.Item label={t('me.signedInAt')}>{formatDateTime(session.data.signed_in_at)}</Descriptions.Item>}
        </Descriptions>
        {!official && <Alert style={{ marginTop: 16 }} type="info" showIcon title={t('me.noOfficial')} />}
        <Button style={{ marginTop: 16 }} onClick={() => void signOut()}>
          {t('app.signOut')}
        </Button>
      </Card>
      {official && (
        <Card title={t('me.posts')} extra={<Link to={`/officials/${official.id}`}>{t('official.history')}</Link>}>
          <Table
            rowKey="id"
            size="small"
            pagination={false}
            scroll={{ x: 'max-content' }}
            dataSource={me.memberships}
            locale={{ emptyText: t('common.none') }}
            columns={[
              { title: t('official.unit'), dataIndex: 'unit_id', render: (u: string) => name(u) },
              { title: t('official.agency'), dataIndex: 'agency_id', render: (a: string) => name(a) },
              { title: t('official.position'), dataIndex: 'position_id', render: (p: string) => name(p) },
              { title: t('official.kind'), dataIndex: 'kind', render: (k: string) => <Tag>{t(`enums.membershipKind.${k}`)}</Tag> },
              { title: t('official.from'), dataIndex: 'valid_from', render: formatDate },
            ]}
          />
        </Card>
      )}
      <Card title={t('me.grants')}>
        <Table
          rowKey="id"
          size="small"
          pagination={false}
          scroll={{ x: 'max-content' }}
          dataSource={me.role_grants}
          locale={{ emptyText: t('me.noGrants') }}
          columns={[
            {
              title: t('grants.role'),
              dataIndex: 'role',
              render: (r: string) => <Tag color="blue">{t(`enums.role.${r}`, { defaultValue: r })}</Tag>,
            },
            {
              title: t('grants.node'),
              key: 'node',
              render: (_, g) => (g.node_kind === 'ORG_NODE_KIND_TENANT' ? t('enums.nodeKind.ORG_NODE_KIND_TENANT') : name(g.node_id)),
            },
            { title: t('grants.from'), dataIndex: 'valid_from', render: formatDate },
            { title: t('grants.to'), dataIndex: 'valid_to', render: (d: string) => (d ? formatDate(d) : t('grants.openEnded')) },
          ]}
        />
      </Card>
    </Space>
  );
}
