import { App } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from './api';
import { download } from './files';

type GatewayFile = { name: string; content_type: string; content: string };

/**
 * A file the person asked for (an export, a report, a form): fetched, saved under its name, the
 * error said in their language. `busy` names the download under way (a page with several passes
 * each its own key) so that its button shows it.
 */
export function useFileDownload() {
  const { t } = useTranslation();
  const { message } = App.useApp();
  const [busy, setBusy] = useState<string>();
  const fetchAndSave = async (key: string, fetchFile: () => Promise<GatewayFile>) => {
    setBusy(key);
    try {
      download(await fetchFile());
    } catch (err) {
      message.error(err instanceof ApiError ? err.text : t('common.error'));
    } finally {
      setBusy(undefined);
    }
  };
  return { busy, download: fetchAndSave };
}
