import { DownloadOutlined, PlusOutlined } from '@ant-design/icons';
import { Button, Card, Col, Input, Row, Select, Space, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useAgencies } from '../../../components/AgencyPicker';
import { CursorPager } from '../../../components/CursorPager';
import { ErrorState } from '../../../components/ErrorState';
import { ListTable } from '../../../components/ListTable';
import { PageHeader } from '../../../components/PageHeader';
import { formatNumber } from '../../../lib/format';
import { namesOf } from '../../../lib/names';
import { useCursorPages } from '../../../lib/use-cursor-pages';
import { useDebounced } from '../../../lib/use-debounced';
import { useFileDownload } from '../../../lib/use-file-download';
import {
  exportWorkItems,
  type PositionCategory,
  useSectors,
  useWorkItems,
  type WorkItem,
  type WorkItemFilter,
  type WorkItemGroup,
  type WorkItemStatus,
} from '../api/catalog';
import { useCatalogAccess } from '../hooks/use-catalog-access';
import { formatRange, GroupLabel, StatusBadge, useGroupOptions, usePositionCategoryOptions, useStatusOptions } from './parts';
import { WorkItemDrawer } from './WorkItemDrawer';
import { WorkItemForm } from './WorkItemForm';

const PAGE_SIZE = 50;
/** An item's name as a link that wraps, so long names do not widen the table past the screen. */
const LINK_CELL = { whiteSpace: 'normal', textAlign: 'left', height: 'auto', padding: 0, maxWidth: 300 } as const;

/**
 * The work-item catalog (danh mục đầu công việc): search it (the server ignores case and
 * diacritics), filter it by group, sector and job-position category, open an item for every
 * field and its revisions, export what the filters select. Those who keep the catalog see drafts
 * and retired items too (the working view), filter by status, and add drafts.
 */
export default function CatalogPage() {
  const { t } = useTranslation();
  const access = useCatalogAccess();
  const [typed, setTyped] = useState('');
  const query = useDebounced(typed.trim(), 300);
  const [groups, setGroups] = useState<WorkItemGroup[]>([]);
  const [sector, setSector] = useState<string>();
  const [category, setCategory] = useState<PositionCategory>();
  const [statuses, setStatuses] = useState<WorkItemStatus[]>([]);
  const [openId, setOpenId] = useState<string>();
  const [creating, setCreating] = useState(false);
  const files = useFileDownload();

  const filter: WorkItemFilter = {
    query,
    groups,
    sector: sector ?? '',
    position_category: category,
    ...(access.canEdit ? { view: 'WORK_ITEM_VIEW_WORKING', statuses } : { view: 'WORK_ITEM_VIEW_IN_FORCE' }),
  };
  const pages = useCursorPages(JSON.stringify(filter));
  const list = useWorkItems({ ...filter, page_size: PAGE_SIZE, page_token: pages.token });
  const sectors = useSectors();
  const agencies = useAgencies();
  const agencyName = namesOf(agencies.data?.agencies);
  const groupOptions = useGroupOptions();
  const categoryOptions = usePositionCategoryOptions();
  const statusOptions = useStatusOptions();
  // One row of search and filters on a wide screen, whether or not the status filter is there.
  const filterSpan = access.canEdit ? 4 : 5;

  const exportList = () => files.download('export', async () => (await exportWorkItems(filter)).file);

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <PageHeader
        title={t('catalog.title')}
        extra={
          <Space wrap>
            {access.canEdit && (
              <Button type="primary" icon={<PlusOutlined />} onClick={() => setCreating(true)}>
                {t('catalog.create')}
              </Button>
            )}
            <Button icon={<DownloadOutlined />} loading={files.busy === 'export'} onClick={exportList}>
              {t('catalog.export')}
            </Button>
          </Space>
        }
      />
      <Card size="small">
        <Row gutter={[16, 12]}>
          <Col xs={24} lg={access.canEdit ? 8 : 9}>
            <label htmlFor="catalog-search" className="field-label">
              {t('common.search')}
            </label>
            <Input.Search
              id="catalog-search"
              allowClear
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              placeholder={t('catalog.searchPlaceholder')}
            />
          </Col>
          <Col xs={12} lg={filterSpan}>
            <label htmlFor="catalog-groups" className="field-label">
              {t('catalog.field.group')}
            </label>
            <Select
              id="catalog-groups"
              mode="multiple"
              allowClear
              style={{ width: '100%' }}
              placeholder={t('catalog.allGroups')}
              value={groups}
              onChange={setGroups}
              options={groupOptions}
            />
          </Col>
          <Col xs={12} lg={filterSpan}>
            <label htmlFor="catalog-sector" className="field-label">
              {t('catalog.field.sector')}
            </label>
            <Select
              id="catalog-sector"
              allowClear
              showSearch
              style={{ width: '100%' }}
              placeholder={t('catalog.allSectors')}
              loading={sectors.isPending}
              value={sector}
              onChange={setSector}
              options={(sectors.data?.sectors ?? []).map((s) => ({
                value: s.sector,
                label: `${s.sector} (${formatNumber(s.item_count)})`,
              }))}
            />
          </Col>
          <Col xs={12} lg={filterSpan}>
            <label htmlFor="catalog-category" className="field-label">
              {t('catalog.field.positionCategory')}
            </label>
            <Select
              id="catalog-category"
              allowClear
              style={{ width: '100%' }}
              placeholder={t('catalog.allCategories')}
              value={category}
              onChange={setCategory}
              options={categoryOptions}
            />
          </Col>
          {access.canEdit && (
            <Col xs={12} lg={filterSpan}>
              <label htmlFor="catalog-status" className="field-label">
                {t('catalog.field.status')}
              </label>
              <Select
                id="catalog-status"
                mode="multiple"
                allowClear
                style={{ width: '100%' }}
                placeholder={t('catalog.allStatuses')}
                value={statuses}
                onChange={setStatuses}
                options={statusOptions}
              />
            </Col>
          )}
        </Row>
      </Card>
      {list.error ? (
        <ErrorState error={list.error} onRetry={() => list.refetch()} />
      ) : (
        <ListTable<WorkItem>
          rowKey="id"
          loading={list.isFetching}
          rows={list.data?.work_items}
          emptyText={t('catalog.none')}
          columns={[
            { title: t('catalog.field.code'), dataIndex: 'code' },
            {
              title: t('catalog.field.name'),
              key: 'name',
              render: (_, w) => (
                <>
                  <Button type="link" size="small" style={LINK_CELL} onClick={() => setOpenId(w.id)}>
                    {w.name}
                  </Button>
                  {/* An agency's own item says whose it is; shared items are most of the list and say nothing. */}
                  {w.agency_id && (
                    <div>
                      <Typography.Text type="secondary">{agencyName(w.agency_id)}</Typography.Text>
                    </div>
                  )}
                </>
              ),
            },
            {
              title: t('catalog.productAndUnit'),
              key: 'product',
              render: (_, w) => (w.product ? `${w.product} (${w.product_unit})` : w.product_unit),
            },
            {
              title: t('catalog.field.standardMinutes'),
              dataIndex: 'standard_minutes',
              align: 'right',
              render: (n: number) => formatNumber(n),
            },
            { title: t('catalog.field.complexityGroup'), dataIndex: 'complexity_group' },
            { title: t('catalog.field.group'), key: 'group', render: (_, w) => <GroupLabel group={w.group} /> },
            {
              title: t('catalog.coefficients'),
              key: 'coefficients',
              render: (_, w) => (
                <>
                  <div>{t('catalog.difficultyShort', { range: formatRange(w.difficulty) || '–' })}</div>
                  <div>{t('catalog.urgencyShort', { range: formatRange(w.urgency) || '–' })}</div>
                </>
              ),
            },
            { title: t('catalog.field.status'), key: 'status', render: (_, w) => <StatusBadge status={w.status} /> },
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
      <WorkItemDrawer id={openId} access={access} onClose={() => setOpenId(undefined)} />
      {access.canEdit && (
        <WorkItemForm
          open={creating}
          access={access}
          onClose={() => setCreating(false)}
          onSaved={(w) => {
            setCreating(false);
            setOpenId(w.id);
          }}
        />
      )}
    </Space>
  );
}
