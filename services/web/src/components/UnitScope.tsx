import { Col } from 'antd';
import { useTranslation } from 'react-i18next';
import { AgencyPicker } from './AgencyPicker';
import { UnitPicker } from './UnitPicker';

/** Which part of the organisation a manager's page looks at: an agency, then one of its units, or none (all they reach). */
export interface Scope {
  agencyId: string;
  unitId: string;
}

/** The agency and unit pickers of a manager's page, labelled, as two columns of a Row; the unit may be left empty. */
export function UnitScope({
  idPrefix,
  value,
  onChange,
  emptyUnit,
}: {
  idPrefix: string;
  value: Scope;
  onChange: (scope: Scope) => void;
  /** What an empty unit means on this page. */
  emptyUnit: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Col xs={24} md={8}>
        <label htmlFor={`${idPrefix}-agency`} className="field-label">
          {t('scope.agency')}
        </label>
        <AgencyPicker
          id={`${idPrefix}-agency`}
          value={value.agencyId || undefined}
          onChange={(agencyId) => onChange({ agencyId, unitId: '' })}
        />
      </Col>
      <Col xs={24} md={8}>
        <label htmlFor={`${idPrefix}-unit`} className="field-label">
          {t('scope.unit')}
        </label>
        <UnitPicker
          id={`${idPrefix}-unit`}
          agencyId={value.agencyId || undefined}
          value={value.unitId}
          allowClear
          placeholder={emptyUnit}
          onChange={(unitId) => onChange({ ...value, unitId })}
        />
      </Col>
    </>
  );
}
