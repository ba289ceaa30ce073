import { Alert, Button } from 'antd';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../lib/api';

/** An error answer in the person's language, with a retry when asking again may help. */
export function ErrorState({ error, onRetry }: { error: unknown; onRetry?: () => void }) {
  const { t } = useTranslation();
  const refused = error instanceof ApiError && error.status === 403;
  const message = refused ? t('common.noAccess') : error instanceof ApiError ? error.text : t('common.error');
  return (
    <Alert
      type={refused ? 'warning' : 'error'}
      showIcon
      title={message}
      action={
        onRetry && !refused ? (
          <Button size="small" onClick={onRetry}>
            {t('common.retry')}
          </Button>
        ) : undefined
      }
    />
  );
}
