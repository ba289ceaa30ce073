import { DatePicker, Form, Input, Modal, Radio, Select } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useTranslation } from 'react-i18next';
import { ROLES } from '../../../../../../packages/kit/src/roles';
import { AgencyPicker } from '../../../components/AgencyPicker';
import { OfficialPicker } from '../../../components/OfficialPicker';
import { UnitPicker } from '../../../components/UnitPicker';
import { ApiError } from '../../../lib/api';
import { DATE_FORMAT, todayInVietnam } from '../../../lib/format';
import { useGrantRole } from '../api/grants';

type NodeKind = 'ORG_NODE_KIND_TENANT' | 'ORG_NODE_KIND_AGENCY' | 'ORG_NODE_KIND_UNIT';

interface GrantValues {
  granteeKind: 'official' | 'client';
  official_id?: string;
  client_id?: string;
  role: string;
  node_kind: NodeKind;
  agency_id?: string;
  unit_id?: string;
  valid_from: Dayjs;
  valid_to?: Dayjs;
}

/** The request field an error names → the form's field that shows it. */
const FIELD_OF: Record<string, keyof GrantValues> = { node_id: 'unit_id', official_id: 'official_id', client_id: 'client_id' };

/** Grants a role over the tenant, an agency or a unit (and its subunits), from a date. */
export function GrantForm({ open, onClose, onGranted }: { open: boolean; onClose: () => void; onGranted: () => void }) {
  const { t } = useTranslation();
  const [form] = Form.useForm<GrantValues>();
  const grant = useGrantRole();
  const granteeKind = Form.useWatch('granteeKind', form);
  const nodeKind = Form.useWatch('node_kind', form);
  const agencyId = Form.useWatch('agency_id', form);
  // Everyone is an official already; an integration client can only be an integrator.
  const roles = granteeKind === 'client' ? ['integrator'] : ROLES.filter((r) => r !== 'official');

  const submit = async (v: GrantValues) => {
    const nodeId = v.node_kind === 'ORG_NODE_KIND_UNIT' ? v.unit_id : v.node_kind === 'ORG_NODE_KIND_AGENCY' ? v.agency_id : '';
    try {
      await grant.mutateAsync({
        ...(v.granteeKind === 'official' ? { official_id: v.official_id } : { client_id: v.client_id?.trim() }),
        role: v.role,
        node_kind: v.node_kind,
        node_id: nodeId,
        valid_from: v.valid_from.format('YYYY-MM-DD'),
        valid_to: v.valid_to?.format('YYYY-MM-DD') ?? '',
      });
      form.resetFields();
      onGranted();
    } catch (err) {
      const text = err instanceof ApiError ? err.text : t('common.error');
      const field = err instanceof ApiError && err.field ? (FIELD_OF[err.field] ?? (err.field as keyof GrantValues)) : 'role';
      const known: (keyof GrantValues)[] = [
        'official_id',
        'client_id',
        'role',
        'node_kind',
        'agency_id',
        'unit_id',
        'valid_from',
        'valid_to',
      ];
      form.setFields([{ name: known.includes(field) ? field : 'role', errors: [text] }]);
    }
  };

  return (
    <Modal
      open={open}
      title={t('grants.add')}
      okText={t('grants.add')}
      cancelText={t('common.cancel')}
      confirmLoading={grant.isPending}
      onOk={() => form.submit()}
      onCancel={onClose}
      destroyOnHidden
    >
      <Form<GrantValues>
        form={form}
        layout="vertical"
        onFinish={submit}
        initialValues={{ granteeKind: 'official', node_kind: 'ORG_NODE_KIND_AGENCY', valid_from: dayjs(todayInVietnam()) }}
        requiredMark="optional"
      >
        <Form.Item name="granteeKind" label={t('grants.granteeKind')} rules={[{ required: true }]}>
          <Radio.Group
            optionType="button"
            options={[
              { value: 'official', label: t('grants.official') },
              { value: 'client', label: t('grants.client') },
            ]}
            onChange={(e) => e.target.value === 'client' && form.setFieldValue('role', 'integrator')}
          />
        </Form.Item>
        {granteeKind === 'client' ? (
          <Form.Item
            name="client_id"
            label={t('grants.clientId')}
            rules={[{ required: true, whitespace: true, message: t('common.required', { field: t('grants.clientId') }) }]}
          >
            <Input autoComplete="off" />
          </Form.Item>
        ) : (
          <Form.Item
            name="official_id"
            label={t('grants.official')}
            rules={[{ required: true, message: t('common.required', { field: t('grants.official') }) }]}
          >
            <OfficialPicker />
          </Form.Item>
        )}
        <Form.Item
          name="role"
          label={t('grants.role')}
          rules={[{ required: true, message: t('common.required', { field: t('grants.role') }) }]}
        >
          <Select options={roles.map((r) => ({ value: r, label: t(`enums.role.${r}`) }))} />
        </Form.Item>
        <Form.Item name="node_kind" label={t('grants.nodeKind')} rules={[{ required: true }]}>
          <Select
            options={(['ORG_NODE_KIND_TENANT', 'ORG_NODE_KIND_AGENCY', 'ORG_NODE_KIND_UNIT'] as const).map((k) => ({
              value: k,
              label: t(`enums.nodeKind.${k}`),
            }))}
          />
        </Form.Item>
        {nodeKind !== 'ORG_NODE_KIND_TENANT' && (
          <Form.Item
            name="agency_id"
            label={t('org.agency')}
            rules={[{ required: true, message: t('common.required', { field: t('org.agency') }) }]}
          >
            <AgencyPicker onChange={() => form.setFieldValue('unit_id', undefined)} />
          </Form.Item>
        )}
        {nodeKind === 'ORG_NODE_KIND_UNIT' && (
          <Form.Item
            name="unit_id"
            label={t('official.unit')}
            rules={[{ required: true, message: t('common.required', { field: t('official.unit') }) }]}
          >
            <UnitPicker agencyId={agencyId} />
          </Form.Item>
        )}
        <Form.Item
          name="valid_from"
          label={t('grants.from')}
          rules={[{ required: true, message: t('common.required', { field: t('grants.from') }) }]}
        >
          <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="valid_to" label={t('grants.to')} extra={t('grants.toHelp')}>
          <DatePicker format={DATE_FORMAT} style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}
