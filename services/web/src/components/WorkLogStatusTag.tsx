import { Tag } from 'antd';
import { useTranslation } from 'react-i18next';

type Status =
  | 'WORK_LOG_STATUS_UNSPECIFIED'
  | 'WORK_LOG_STATUS_LOGGED'
  | 'WORK_LOG_STATUS_AWAITING_LATE_APPROVAL'
  | 'WORK_LOG_STATUS_APPROVED'
  | 'WORK_LOG_STATUS_RETURNED'
  | 'WORK_LOG_STATUS_DELETED';

const COLOR: Record<Status, string | undefined> = {
  WORK_LOG_STATUS_UNSPECIFIED: undefined,
  WORK_LOG_STATUS_LOGGED: 'blue',
  WORK_LOG_STATUS_AWAITING_LATE_APPROVAL: 'orange',
  WORK_LOG_STATUS_APPROVED: 'green',
  WORK_LOG_STATUS_RETURNED: 'red',
  WORK_LOG_STATUS_DELETED: undefined,
};

/** Where a diary entry stands, in words (the colour only repeats them). */
export function WorkLogStatusTag({ status }: { status: Status }) {
  const { t } = useTranslation();
  return <Tag color={COLOR[status]}>{t(`enums.workLogStatus.${status}`)}</Tag>;
}
