import { Card, Col, Row, Table, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ErrorState } from '../../../components/ErrorState';
import { type Unit, useOfficials, useUnitSearch } from '../api/org';

/** Units and people of an agency matching the words typed: "nguyen van a" finds "Nguyễn Văn A". */
export function OrgSearch({ agencyId, query, onUnit }: { agencyId: string; query: string; onUnit: (unit: Unit) => void }) {
  const { t } = useTranslation();
  const units = useUnitSearch(agencyId, query);
  const people = useOfficials({ agency_id: agencyId, query, page_size: 20 }, query.length >= 2);
  return (
    <Row gutter={[16, 16]}>
      <Col xs={24} lg={12}>
        <Card title={t('org.peopleFound')} size="small">
          {people.error ? (
            <ErrorState error={people.error} />
          ) : (
            <Table
              rowKey="id"
              size="small"
              showHeader={false}
              pagination={false}
              loading={people.isFetching}
              dataSource={people.data?.officials ?? []}
              locale={{ emptyText: t('org.noResults') }}
              columns={[
                { key: 'name', render: (_, o) => <Link to={`/officials/${o.id}`}>{o.full_name}</Link> },
                { key: 'code', render: (_, o) => <Typography.Text type="secondary">{o.staff_code}</Typography.Text> },
              ]}
            />
          )}
        </Card>
      </Col>
      <Col xs={24} lg={12}>
        <Card title={t('org.unitsFound')} size="small">
          {units.error ? (
            <ErrorState error={units.error} />
          ) : (
            <Table
              rowKey="id"
              size="small"
              showHeader={false}
              pagination={false}
              loading={units.isFetching}
              dataSource={units.data?.units ?? []}
              locale={{ emptyText: t('org.noResults') }}
              columns={[
                { key: 'name', render: (_, u) => <Typography.Link onClick={() => onUnit(u)}>{u.name}</Typography.Link> },
                { key: 'code', render: (_, u) => <Typography.Text type="secondary">{u.code}</Typography.Text> },
              ]}
            />
          )}
        </Card>
      </Col>
    </Row>
  );
}
