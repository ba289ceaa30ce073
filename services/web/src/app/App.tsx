import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import viVN from 'antd/locale/vi_VN';
import { useTranslation } from 'react-i18next';
import { type DataRouter, RouterProvider } from 'react-router';
import { ApiError } from '../lib/api';

/** Server state: answers kept 30 s, not asked again on a refusal or a missing record. */
export const newQueryClient = () =>
  new QueryClient({
    defaultOptions: {
      queries: {
        retry: (count, err) => !(err instanceof ApiError && err.status >= 400 && err.status < 500) && count < 2,
        staleTime: 30_000,
        refetchOnWindowFocus: false,
      },
    },
  });

/** The nonce the gateway gave this page for the style elements the component library writes. */
const STYLE_NONCE = document.querySelector<HTMLMetaElement>('meta[name="csp-nonce"]')?.content.replace('__CSP_NONCE__', '');

/**
 * The brand blue, and the colours of links, errors and secondary text darkened from antd's
 * defaults so that every text meets WCAG 2.1 AA contrast (4.5:1) on white and on the page's grey.
 */
const THEME = {
  zeroRuntime: true,
  token: {
    colorPrimary: '#0b4f8a',
    colorLink: '#0b5cad',
    colorError: '#b42318',
    colorTextSecondary: 'rgba(0, 0, 0, 0.68)',
    colorTextTertiary: 'rgba(0, 0, 0, 0.62)',
    colorTextDescription: 'rgba(0, 0, 0, 0.62)',
    colorTextPlaceholder: 'rgba(0, 0, 0, 0.55)',
  },
};

/** Providers: server state, the component library in the person's language, the pages. */
export function App({ router, queryClient }: { router: DataRouter; queryClient: QueryClient }) {
  const { i18n } = useTranslation();
  return (
    <QueryClientProvider client={queryClient}>
      <ConfigProvider
        csp={STYLE_NONCE ? { nonce: STYLE_NONCE } : undefined}
        locale={i18n.language === 'en' ? enUS : viVN}
        // No styles made at run time (the content security policy allows none): antd's static sheet.
        theme={THEME}
      >
        <AntApp>
          <RouterProvider router={router} />
        </AntApp>
      </ConfigProvider>
    </QueryClientProvider>
  );
}
