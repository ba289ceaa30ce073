import { App, AutoComplete, Checkbox, Col, DatePicker, Form, Input, InputNumber, Modal, Row, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { AgencyPicker } from '../../../components/AgencyPicker';
import { ApiError } from '../../../lib/api';
import { DATE_FORMAT, todayInVietnam } from '../../../lib/format';
import type { CatalogAccess } from '../api/access';
import {
  GROUPS,
  type PositionCategory,
  useConversionScale,
  useCreateWorkItem,
  useSectors,
  useUpdateWorkItem,
  type WorkItem,
  type WorkItemFields,
  type WorkItemGroup,
} from '../api/catalog';
import { useGroupOptions, usePositionCategoryOptions } from './parts';

/** The form's values: coefficients as the decimals people write (1,20), dates as pickers hold them. */
interface Values {
  code: string;
  name: string;
  group: WorkItemGroup;
  agency_id?: string;
  sector: string;
  product: string;
  product_unit: string;
  standard_minutes: number;
  complexity_group?: string;
  difficulty: { min: number; max: number };
  urgency: { min: number; max: number };
  position_categories: PositionCategory[];
  effective_from: Dayjs | null;
}

const hundredths = (r: { min: number; max: number }) => ({
  min_hundredths: Math.round(r.min * 100),
  max_hundredths: Math.round(r.max * 100),
});
const decimals = (r: { min_hundredths: number; max_hundredths: number } | null | undefined) =>
  r?.min_hundredths || r?.max_hundredths ? { min: r.min_hundredths / 100, max: r.max_hundredths / 100 } : { min: 1, max: 1 };

/** The form field an answer's error names: "fields.difficulty.min_hundredths" → difficulty.min. */
function formFieldOf(field: string | undefined): (string | number)[] | undefined {
  if (!field) return undefined;
  const path = field
    .replace(/^fields\./, '')
    .replace(/_hundredths$/, '')
    .split('.');
  const known = ['code', 'name', 'group', 'agency_id', 'sector', 'product', 'product_unit', 'standard_minutes', 'complexity_group'];
  if (['difficulty', 'urgency'].includes(path[0]!) && ['min', 'max'].includes(path[1] ?? '')) return path;
  if (known.includes(path[0]!) || path[0] === 'position_categories' || path[0] === 'effective_from') return [path[0]!];
  return undefined;
}

/**
 * Drafting a new work item, or editing one (a draft; on a published item the edit starts the
 * draft of its next revision). Group C needs the agency it belongs to; the groups offered are
 * those the person keeps. The server checks everything again and its field errors land on the fields.
 */
export function WorkItemForm({
  open,
  item,
  access,
  onClose,
  onSaved,
}: {
  open: boolean;
  /** The item to edit; a new draft when absent. */
  item?: WorkItem;
  access: CatalogAccess;
  onClose: () => void;
  onSaved: (item: WorkItem) => void;
}) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<Values>();
  const create = useCreateWorkItem();
  const update = useUpdateWorkItem();
  const sectors = useSectors();
  const scale = useConversionScale(open);
  const group = Form.useWatch('group', form);
  const groups = GROUPS.filter((g) =>
    g === 'WORK_ITEM_GROUP_C' ? access.editShared || access.allAgencies || access.editAgencies.length > 0 : access.editShared,
  );
  const groupOptions = useGroupOptions(groups);
  const categoryOptions = usePositionCategoryOptions();
  const complexityGroups = scale.data?.scale?.complexity_groups ?? [];

  useEffect(() => {
    if (!open) return;
    form.resetFields();
    form.setFieldsValue(
      item
        ? {
            ...item,
            complexity_group: item.complexity_group || undefined,
            agency_id: item.agency_id || undefined,
            difficulty: decimals(item.difficulty),
            urgency: decimals(item.urgency),
            effective_from: item.status === 'WORK_ITEM_STATUS_DRAFT' && item.effective_from ? dayjs(item.effective_from) : null,
          }
        : {
            group: groups.includes('WORK_ITEM_GROUP_B') ? 'WORK_ITEM_GROUP_B' : 'WORK_ITEM_GROUP_C',
            // An agency's leader drafts for their own agency.
            agency_id: access.editShared ? undefined : access.editAgencies[0],
            difficulty: { min: 1, max: 1 },
            urgency: { min: 1, max: 1 },
            position_categories: [],
            effective_from: null,
          },
    );
  }, [open, item]);

  const save = async (v: Values) => {
    const fields: WorkItemFields = {
      name: v.name.trim(),
      group: v.group,
      agency_id: v.group === 'WORK_ITEM_GROUP_C' ? (v.agency_id ?? '') : '',
      sector: v.sector?.trim() ?? '',
      product: v.product?.trim() ?? '',
      product_unit: v.product_unit.trim(),
      standard_minutes: v.standard_minutes,
      complexity_group: v.complexity_group ?? '',
      difficulty: hundredths(v.difficulty),
      urgency: hundredths(v.urgency),
      position_categories: v.position_categories ?? [],
      effective_from: v.effective_from?.format('YYYY-MM-DD') ?? '',
    };
    try {
      const { work_item } = item
        ? await update.mutateAsync({ id: item.id, version: item.version, fields })
        : await create.mutateAsync({ code: v.code.trim(), fields });
      message.success(t(item ? 'catalog.form.saved' : 'catalog.form.created', { code: work_item.code }));
      onSaved(work_item);
    } catch (err) {
      const name = err instanceof ApiError ? formFieldOf(err.field) : undefined;
      if (err instanceof ApiError && name) form.setFields([{ name: name as never, errors: [err.text] }]);
      else
        message.error(
          err instanceof ApiError && err.code === 'ABORTED'
            ? t('catalog.conflict')
            : err instanceof ApiError
              ? err.text
              : t('common.error'),
        );
    }
  };

  const required = (field: string) => [{ required: true, whitespace: true, message: t('common.required', { field }) }];
  const coefficient = (name: 'difficulty' | 'urgency') => (
    <Form.Item label={t(`catalog.field.${name}`)} required>
      <Row gutter={8}>
        {(['min', 'max'] as const).map((end) => (
          <Col span={12} key={end}>
            <Form.Item
              name={[name, end]}
              noStyle
              rules={[{ required: true, message: t('common.required', { field: t(`catalog.form.${end}`) }) }]}
            >
              <InputNumber
                aria-label={`${t(`catalog.field.${name}`)} – ${t(`catalog.form.${end}`)}`}
                min={0.1}
                max={5}
                step={0.05}
                precision={2}
                decimalSeparator=","
                style={{ width: '100%' }}
                prefix={t(`catalog.form.${end}`)}
              />
            </Form.Item>
          </Col>
        ))}
      </Row>
    </Form.Item>
  );

  return (
    <Modal
      open={open}
      title={item ? t('catalog.form.editTitle', { code: item.code }) : t('catalog.form.createTitle')}
      okText={t('common.save')}
      cancelText={t('common.cancel')}
      onOk={() => form.submit()}
      confirmLoading={create.isPending || update.isPending}
      onCancel={onClose}
      width={720}
      destroyOnHidden
    >
      <Form form={form} layout="vertical" onFinish={save} requiredMark>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item
              name="code"
              label={t('catalog.field.code')}
              rules={item ? [] : required(t('catalog.field.code'))}
              extra={t('catalog.form.codeHelp')}
            >
              <Input disabled={Boolean(item)} maxLength={32} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item name="name" label={t('catalog.field.name')} rules={required(t('catalog.field.name'))}>
              <Input maxLength={500} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="group"
              label={t('catalog.field.group')}
              rules={[{ required: true, message: t('common.required', { field: t('catalog.field.group') }) }]}
            >
              <Select options={groupOptions} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            {group === 'WORK_ITEM_GROUP_C' && (
              <Form.Item
                name="agency_id"
                label={t('catalog.field.agency')}
                htmlFor="work-item-agency"
                rules={[{ required: true, message: t('common.required', { field: t('catalog.field.agency') }) }]}
              >
                <AgencyPicker id="work-item-agency" />
              </Form.Item>
            )}
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="sector" label={t('catalog.field.sector')}>
              <AutoComplete
                options={(sectors.data?.sectors ?? []).map((s) => ({ value: s.sector }))}
                showSearch={{
                  filterOption: (input, option) =>
                    String(option?.value ?? '')
                      .toLowerCase()
                      .includes(input.toLowerCase()),
                }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name="product" label={t('catalog.field.product')}>
              <Input maxLength={200} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item name="product_unit" label={t('catalog.field.productUnit')} rules={required(t('catalog.field.productUnit'))}>
              <Input maxLength={50} />
            </Form.Item>
          </Col>
          <Col xs={12} sm={8}>
            <Form.Item
              name="standard_minutes"
              label={t('catalog.field.standardMinutes')}
              rules={[{ required: true, message: t('common.required', { field: t('catalog.field.standardMinutes') }) }]}
            >
              <InputNumber min={1} max={14_400} precision={0} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="complexity_group" label={t('catalog.field.complexityGroup')}>
              {complexityGroups.length > 0 ? (
                <Select allowClear options={complexityGroups.map((g) => ({ value: g.code, label: g.code }))} />
              ) : (
                <Input maxLength={8} placeholder="N1" />
              )}
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            {coefficient('difficulty')}
          </Col>
          <Col xs={24} sm={12}>
            {coefficient('urgency')}
          </Col>
          <Col span={24}>
            <Form.Item name="position_categories" label={t('catalog.field.positionCategories')} extra={t('catalog.form.categoriesHelp')}>
              <Checkbox.Group options={categoryOptions} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              name="effective_from"
              label={t('catalog.field.effectiveFrom')}
              htmlFor="work-item-effective"
              extra={t('catalog.form.effectiveHelp')}
            >
              <DatePicker
                id="work-item-effective"
                format={DATE_FORMAT}
                style={{ width: '100%' }}
                // What is in force up to today never changes: the next revision of an item in force starts tomorrow at the earliest.
                disabledDate={item?.published_revision ? (d) => d.format('YYYY-MM-DD') <= todayInVietnam() : undefined}
              />
            </Form.Item>
          </Col>
        </Row>
      </Form>
    </Modal>
  );
}
