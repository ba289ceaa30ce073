import { useQueryClient } from '@tanstack/react-query';
import { App } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { DIARY } from '../api/diary';
import { outbox } from '../hooks/use-outbox';

/** How often the outbox is tried again while entries wait (the `online` event usually comes first). */
export const RETRY_MS = 30_000;

/**
 * Sends the signed-in official's waiting entries: when the app starts, when the browser says the
 * connection is back, and every RETRY_MS (a server that was down, a connection that came back
 * without the event). Mounted once by the frame of the app, whatever page is shown; says what
 * it sent, and what the server said of it.
 */
export function OutboxSync({ officialId }: { officialId: string }) {
  const { t, i18n } = useTranslation();
  const { message } = App.useApp();
  const queryClient = useQueryClient();

  useEffect(() => {
    let live = true;
    const flush = async () => {
      if (!navigator.onLine) return;
      const report = await outbox().flush(officialId);
      if (!live) return;
      if (report.sent.length) {
        void message.success(t('diary.outbox.sent', { count: report.sent.length }));
        const warnings = new Set(
          report.sent.flatMap((s) => s.answer.outcome?.warnings ?? []).map((w) => (i18n.language === 'en' ? w.message_en : w.message_vi)),
        );
        for (const w of warnings) void message.warning(w);
        await queryClient.invalidateQueries({ queryKey: [DIARY] });
      }
      if (report.refused.length) void message.error(t('diary.outbox.refused', { count: report.refused.length }));
    };
    void flush();
    const online = () => void flush();
    window.addEventListener('online', online);
    const timer = setInterval(online, RETRY_MS);
    return () => {
      live = false;
      window.removeEventListener('online', online);
      clearInterval(timer);
    };
  }, [officialId, message, queryClient, t, i18n]);

  return null;
}
