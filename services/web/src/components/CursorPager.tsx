import { LeftOutlined, RightOutlined } from '@ant-design/icons';
import { Button, Space, Typography } from 'antd';
import { useTranslation } from 'react-i18next';

/** Previous and next page of a list paged by cursor, with the page's number. */
export function CursorPager({
  page,
  nextToken,
  onNext,
  onPrevious,
  loading,
}: {
  page: number;
  nextToken: string | undefined;
  onNext: (token: string) => void;
  onPrevious: () => void;
  loading?: boolean;
}) {
  const { t } = useTranslation();
  if (page === 1 && !nextToken) return null;
  return (
    <Space style={{ marginTop: 12 }} aria-label={t('common.pages')} role="navigation">
      <Button icon={<LeftOutlined />} disabled={page === 1 || loading} onClick={onPrevious}>
        {t('common.previous')}
      </Button>
      <Typography.Text aria-live="polite">{t('common.page', { page })}</Typography.Text>
      <Button disabled={!nextToken || loading} onClick={() => nextToken && onNext(nextToken)}>
        {t('common.next')} <RightOutlined />
      </Button>
    </Space>
  );
}
