import { Button, Card, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useLocation } from 'react-router';

export function SignInPage() {
  const { t } = useTranslation();
  // Back to the page asked for (a link a colleague sent) once signed in.
  const location = useLocation();
  const returnTo = `${location.pathname}${location.search}`;
  return (
    <main className="sign-in" id="main">
      <Card>
        <Typography.Title level={1} style={{ fontSize: 24 }}>
          {t('signIn.title')}
        </Typography.Title>
        <Typography.Paragraph>{t('signIn.intro')}</Typography.Paragraph>
        <Button type="primary" size="large" href={`/auth/login?return_to=${encodeURIComponent(returnTo)}`} block>
          {t('signIn.button')}
        </Button>
      </Card>
    </main>
  );
}
