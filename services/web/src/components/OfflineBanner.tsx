import { Alert } from 'antd';
import { useTranslation } from 'react-i18next';
import { useOnline } from '../lib/use-online';

/** Says, above every page, that the browser is offline and what still works. */
export function OfflineBanner() {
  const { t } = useTranslation();
  const online = useOnline();
  if (online) return null;
  return <Alert type="warning" showIcon banner title={t('app.offline')} role="status" data-testid="offline-banner" />;
}
