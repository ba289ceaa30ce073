import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import { Alert, App, Button, Checkbox, Col, Divider, Drawer, Form, Input, InputNumber, Row, Select, Space, Switch, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../../../lib/api';
import { type RulePack, useSaveRulePack } from '../api/scores';

const CATEGORIES = [
  'OFFICIAL_CATEGORY_CIVIL_SERVANT',
  'OFFICIAL_CATEGORY_PUBLIC_EMPLOYEE',
  'OFFICIAL_CATEGORY_CADRE',
  'OFFICIAL_CATEGORY_CONTRACT_WORKER',
] as const;
/** The grades a requirement may be set for (NOT_COMPLETED needs nothing). */
const GRADES = ['GRADE_EXCELLENT', 'GRADE_GOOD', 'GRADE_COMPLETED'] as const;
const MEASURES = [
  'MEASURE_QUANTITY',
  'MEASURE_QUALITY',
  'MEASURE_TIMELINESS',
  'MEASURE_UNIT_RESULT',
  'MEASURE_ORGANISATION',
  'MEASURE_UNITY',
] as const;

/** The parameters edited as percentages (decimal text, as the API takes them). */
const PERCENT_PARAMS = [
  ['failed_assessment_deduction_percent', 'failedDeduction'],
  ['delay_deduction_percent', 'delayDeduction'],
  ['unit_result_reduced_percent', 'unitReduced'],
  ['organisation_reduced_percent', 'organisationReduced'],
  ['unity_reduced_percent', 'unityReduced'],
  ['quota_percent', 'quota'],
  ['override_ceiling_percent', 'overrideCeiling'],
] as const;
const SWITCH_PARAMS = [
  ['cap_at_full', 'capAtFull'],
  ['floor_at_zero', 'floorAtZero'],
  ['leader_counts_staff_products', 'leaderCountsStaff'],
  ['count_unreviewed_entries', 'countUnreviewed'],
  ['quota_counts_moved_down', 'quotaCountsMovedDown'],
] as const;

/**
 * The API's field path ("pack.non_manager.general_criteria[1].max_points") as the form's name
 * path (['non_manager', 'general_criteria', 1, 'max_points']).
 */
export function formPathOf(field: string): (string | number)[] {
  return field
    .replace(/^pack\.?/, '')
    .split(/\.|\[(\d+)\]/)
    .filter((x) => x !== undefined && x !== '')
    .map((x) => (/^\d+$/.test(x) ? Number(x) : x));
}

/**
 * A tenant's own rule pack, built from the same parts as those shipped: started from a copy of a
 * pack (a new code) or as the next version of one of the tenant's own (its code kept). The server
 * checks the whole pack; its error is shown at the field it names and above the form.
 */
export function PackEditor({ base, revise, onClose }: { base: RulePack; revise: boolean; onClose: () => void }) {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [form] = Form.useForm<RulePack>();
  const save = useSaveRulePack();
  const [problem, setProblem] = useState<{ text: string; path: (string | number)[] }>();
  const initial: RulePack = revise
    ? base
    : { ...base, code: '', name_vi: `${base.name_vi} (bản của tỉnh)`, name_en: `${base.name_en} (local)` };

  const submit = (values: RulePack) => {
    setProblem(undefined);
    save.mutate(
      { ...initial, ...values, parameters: { ...initial.parameters, ...values.parameters }, version: 0, shipped: false },
      {
        onSuccess: (r) => {
          message.success(t('rulePacks.editor.saved', { code: r.pack.code, version: r.pack.version }));
          onClose();
        },
        onError: (err) => {
          const text = err instanceof ApiError ? err.text : t('common.error');
          const path = err instanceof ApiError && err.field ? formPathOf(err.field) : [];
          setProblem({ text: err instanceof ApiError && err.field ? `${text} (${err.field})` : text, path });
          if (path.length) form.setFields([{ name: path as never, errors: [text] }]);
        },
      },
    );
  };

  const variant = (key: 'non_manager' | 'manager') => (
    <div key={key}>
      <Typography.Title level={5}>{t(`rulePacks.editor.variant.${key}`)}</Typography.Title>
      <Form.Item name={[key, 'task_points']} label={t('rulePacks.editor.taskPoints')} rules={[{ required: true }]}>
        <Input inputMode="decimal" style={{ maxWidth: 160 }} />
      </Form.Item>
      <Form.Item name={[key, 'measures']} label={t('scores.measuresLabel')}>
        <Checkbox.Group options={MEASURES.map((m) => ({ value: m, label: t(`scores.measure.${m}`) }))} />
      </Form.Item>
      <Typography.Text strong>{t('rulePacks.criterion')}</Typography.Text>
      <Form.List name={[key, 'general_criteria']}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Row key={f.key} gutter={8} align="bottom">
                <Col xs={24} sm={5}>
                  <Form.Item name={[f.name, 'code']} label={t('rulePacks.editor.code')}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={8}>
                  <Form.Item name={[f.name, 'name_vi']} label={t('rulePacks.editor.nameVi')}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col xs={24} sm={6}>
                  <Form.Item name={[f.name, 'name_en']} label={t('rulePacks.editor.nameEn')}>
                    <Input />
                  </Form.Item>
                </Col>
                <Col xs={18} sm={3}>
                  <Form.Item name={[f.name, 'max_points']} label={t('rulePacks.maxPoints')}>
                    <Input inputMode="decimal" />
                  </Form.Item>
                </Col>
                <Col xs={6} sm={2}>
                  <Form.Item>
                    <Button aria-label={t('rulePacks.editor.remove')} icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                  </Form.Item>
                </Col>
              </Row>
            ))}
            <Button icon={<PlusOutlined />} onClick={() => add({ code: '', name_vi: '', name_en: '', max_points: '' })}>
              {t('rulePacks.editor.addCriterion')}
            </Button>
          </>
        )}
      </Form.List>
    </div>
  );

  return (
    <Drawer
      open
      size="large"
      onClose={onClose}
      title={revise ? t('rulePacks.editor.reviseTitle', { code: base.code }) : t('rulePacks.editor.copyTitle', { code: base.code })}
      destroyOnHidden
      extra={
        <Button
          type="primary"
          loading={save.isPending}
          onClick={() => {
            // The server's error was set by hand: validation would keep it, and never send the fix.
            if (problem?.path.length) form.setFields([{ name: problem.path as never, errors: [] }]);
            form.submit();
          }}
        >
          {t('rulePacks.editor.save')}
        </Button>
      }
    >
      {problem && <Alert type="error" showIcon title={problem.text} style={{ marginBottom: 16 }} data-testid="pack-problem" />}
      <Form form={form} layout="vertical" initialValues={initial} onFinish={submit} requiredMark={false}>
        <Row gutter={12}>
          <Col xs={24} sm={8}>
            <Form.Item name="code" label={t('rulePacks.editor.packCode')} extra={t('rulePacks.editor.codeHint')}>
              <Input disabled={revise} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="from_year" label={t('rulePacks.editor.fromYear')}>
              <InputNumber min={2000} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={8}>
            <Form.Item name="to_year" label={t('rulePacks.editor.toYear')} extra={t('rulePacks.editor.toYearHint')}>
              <InputNumber min={0} max={2100} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item name="name_vi" label={t('rulePacks.editor.packNameVi')}>
          <Input />
        </Form.Item>
        <Form.Item name="name_en" label={t('rulePacks.editor.packNameEn')}>
          <Input />
        </Form.Item>
        <Form.Item name="legal_basis" label={t('rulePacks.editor.legalBasis')}>
          <Input />
        </Form.Item>
        <Form.Item name="categories" label={t('rulePacks.editor.categories')}>
          <Select mode="multiple" options={CATEGORIES.map((c) => ({ value: c, label: t(`enums.category.${c}`) }))} />
        </Form.Item>
        <Divider />
        {variant('non_manager')}
        <Divider />
        {variant('manager')}
        <Divider />
        <Typography.Title level={5}>{t('rulePacks.grades')}</Typography.Title>
        <Form.List name="grades">
          {(fields) =>
            fields.map((f) => (
              <Space key={f.key} wrap align="baseline">
                {/* The grade is fixed; its field keeps it in what the form sends. */}
                <Form.Item name={[f.name, 'grade']} hidden>
                  <Input />
                </Form.Item>
                <Typography.Text style={{ display: 'inline-block', minWidth: 220 }}>
                  {t(`scores.grade.${form.getFieldValue(['grades', f.name, 'grade'])}`)}
                </Typography.Text>
                <Form.Item name={[f.name, 'min']} label={t('rulePacks.editor.bandMin')}>
                  <Input inputMode="decimal" style={{ width: 100 }} />
                </Form.Item>
                <Form.Item name={[f.name, 'inclusive']} label={t('rulePacks.editor.inclusive')} valuePropName="checked">
                  <Switch />
                </Form.Item>
              </Space>
            ))
          }
        </Form.List>
        <Typography.Text strong>{t('rulePacks.editor.requirements')}</Typography.Text>
        <Form.List name="requirements">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Row key={f.key} gutter={8} align="bottom">
                  <Col xs={24} sm={7}>
                    <Form.Item name={[f.name, 'grade']} label={t('rulePacks.editor.grade')}>
                      <Select options={GRADES.map((g) => ({ value: g, label: t(`scores.grade.${g}`) }))} />
                    </Form.Item>
                  </Col>
                  {(['min_completion_percent', 'min_on_time_percent', 'min_exceeded_percent'] as const).map((k) => (
                    <Col key={k} xs={8} sm={5}>
                      <Form.Item name={[f.name, k]} label={t(`rulePacks.editor.${k}`)}>
                        <Input inputMode="decimal" />
                      </Form.Item>
                    </Col>
                  ))}
                  <Col xs={24} sm={2}>
                    <Form.Item>
                      <Button aria-label={t('rulePacks.editor.remove')} icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                    </Form.Item>
                  </Col>
                </Row>
              ))}
              <Button
                icon={<PlusOutlined />}
                onClick={() =>
                  add({ grade: 'GRADE_EXCELLENT', min_completion_percent: '', min_on_time_percent: '', min_exceeded_percent: '' })
                }
              >
                {t('rulePacks.editor.addRequirement')}
              </Button>
            </>
          )}
        </Form.List>
        <Typography.Title level={5}>{t('rulePacks.disqualifiers')}</Typography.Title>
        <Form.List name="disqualifiers">
          {(fields, { add, remove }) => (
            <>
              {fields.map((f) => (
                <Row key={f.key} gutter={8} align="bottom">
                  <Col xs={24} sm={5}>
                    <Form.Item name={[f.name, 'code']} label={t('rulePacks.editor.code')}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={8}>
                    <Form.Item name={[f.name, 'name_vi']} label={t('rulePacks.editor.nameVi')}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col xs={24} sm={6}>
                    <Form.Item name={[f.name, 'name_en']} label={t('rulePacks.editor.nameEn')}>
                      <Input />
                    </Form.Item>
                  </Col>
                  <Col xs={18} sm={3}>
                    <Form.Item name={[f.name, 'leaders_only']} label={t('rulePacks.leadersOnly')} valuePropName="checked">
                      <Switch />
                    </Form.Item>
                  </Col>
                  <Col xs={6} sm={2}>
                    <Form.Item>
                      <Button aria-label={t('rulePacks.editor.remove')} icon={<DeleteOutlined />} onClick={() => remove(f.name)} />
                    </Form.Item>
                  </Col>
                </Row>
              ))}
              <Button icon={<PlusOutlined />} onClick={() => add({ code: '', name_vi: '', name_en: '', leaders_only: false })}>
                {t('rulePacks.editor.addDisqualifier')}
              </Button>
            </>
          )}
        </Form.List>
        <Divider />
        <Typography.Title level={5}>{t('rulePacks.parameters')}</Typography.Title>
        <Row gutter={12}>
          {PERCENT_PARAMS.map(([name, label]) => (
            <Col key={name} xs={24} sm={12}>
              <Form.Item name={['parameters', name]} label={`${t(`rulePacks.param.${label}`)} (%)`}>
                <Input inputMode="decimal" />
              </Form.Item>
            </Col>
          ))}
          <Col xs={24} sm={12}>
            <Form.Item name={['parameters', 'days_per_delay']} label={t('rulePacks.param.daysPerDelay')}>
              <InputNumber min={0} max={365} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['parameters', 'appeal_days']} label={t('rulePacks.param.appealDays')}>
              <InputNumber min={0} max={365} style={{ width: '100%' }} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['parameters', 'annual_from']} label={t('rulePacks.param.annualFrom')}>
              <Select
                options={['EVALUATED_PERIODS', 'MONTHS', 'QUARTERS'].map((v) => ({ value: v, label: t(`rulePacks.annualFrom.${v}`) }))}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item name={['parameters', 'unit_result_from']} label={t('rulePacks.param.unitResultFrom')}>
              <Select
                options={['STAFF_GRADES', 'UNIT_KPI', 'LOWER_OF_BOTH'].map((v) => ({
                  value: v,
                  label: t(`rulePacks.unitResultFrom.${v}`),
                }))}
              />
            </Form.Item>
          </Col>
          {SWITCH_PARAMS.map(([name, label]) => (
            <Col key={name} xs={24} sm={12}>
              <Form.Item name={['parameters', name]} label={t(`rulePacks.param.${label}`)} valuePropName="checked">
                <Switch />
              </Form.Item>
            </Col>
          ))}
        </Row>
      </Form>
    </Drawer>
  );
}
