import { ArrowLeftOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Descriptions, Space, Tag } from 'antd';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router';
import { ErrorState } from '../../../components/ErrorState';
import { ListTable } from '../../../components/ListTable';
import { PageHeader } from '../../../components/PageHeader';
import { PageLoading } from '../../../components/PageLoading';
import { ApiError } from '../../../lib/api';
import { formatDate } from '../../../lib/format';
import { namesOf } from '../../../lib/names';
import { useOfficial } from '../api/org';

/** An official's profile (hồ sơ cán bộ) and every post they have held, newest first (quá trình công tác). */
export default function OfficialPage() {
  const { t } = useTranslation();
  const navigate = useNavigate();
  const { id = '' } = useParams();
  const found = useOfficial(id);
  if (found.isPending) return <PageLoading />;
  if (found.error instanceof ApiError && (found.error.status === 404 || found.error.status === 400))
    return <Alert type="warning" showIcon title={t('official.notFound')} />;
  if (found.error) return <ErrorState error={found.error} onRetry={() => found.refetch()} />;
  const { official, memberships, names } = found.data;
  const name = namesOf(names);
  const history = [...memberships].sort((a, b) => b.valid_from.localeCompare(a.valid_from) || a.kind.localeCompare(b.kind));
  return (
    <Space orientation="vertical" size="large" style={{ width: '100%' }}>
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate(-1)} style={{ padding: 0 }}>
        {t('common.back')}
      </Button>
      <PageHeader title={official.full_name} />
      <Card title={t('official.details')}>
        <Descriptions column={{ xs: 1, md: 2 }} bordered size="small">
          <Descriptions.Item label={t('me.staffCode')}>{official.staff_code || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('me.email')}>{official.email || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('me.category')}>{t(`enums.category.${official.category}`, { defaultValue: '—' })}</Descriptions.Item>
          <Descriptions.Item label={t('official.status')}>
            {official.active ? <Tag color="green">{t('official.active')}</Tag> : <Tag>{t('official.inactive')}</Tag>}
          </Descriptions.Item>
          <Descriptions.Item label={t('official.agency')}>{name(official.agency_id) || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('official.unit')}>{name(official.unit_id) || '—'}</Descriptions.Item>
          <Descriptions.Item label={t('official.position')}>{name(official.position_id) || '—'}</Descriptions.Item>
        </Descriptions>
      </Card>
      <Card title={t('official.history')}>
        <ListTable
          rowKey="id"
          rows={history}
          emptyText={t('official.noPosts')}
          columns={[
            { title: t('official.from'), dataIndex: 'valid_from', render: formatDate },
            {
              title: t('official.to'),
              dataIndex: 'valid_to',
              render: (d: string) => (d ? formatDate(d) : <Tag color="green">{t('common.current')}</Tag>),
            },
            { title: t('official.unit'), dataIndex: 'unit_id', render: (u: string) => name(u) },
            { title: t('official.agency'), dataIndex: 'agency_id', render: (a: string) => name(a) },
            { title: t('official.position'), dataIndex: 'position_id', render: (p: string) => name(p) },
            { title: t('official.kind'), dataIndex: 'kind', render: (k: string) => t(`enums.membershipKind.${k}`) },
            { title: t('official.reason'), dataIndex: 'end_reason', render: (r: string) => t(`enums.endReason.${r}`) },
          ]}
        />
      </Card>
    </Space>
  );
}
