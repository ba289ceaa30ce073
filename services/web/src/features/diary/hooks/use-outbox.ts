import { useQueryClient } from '@tanstack/react-query';
import { useCallback, useEffect, useState } from 'react';
import { ApiError, fetchSession } from '../../../lib/api';
import { newRequestId } from '../../../lib/ids';
import { DIARY, logWork } from '../api/diary';
import { isRefusal, type LogWorkAnswer, type LogWorkRequest, Outbox, type OutboxItem, type QueuedRequest } from '../api/outbox';
import { browserOutboxStore } from '../api/outbox-store';

/** Sends a queued entry; a CSRF token gone stale while offline (a new session) is fetched again once. */
async function send(request: QueuedRequest): Promise<LogWorkAnswer> {
  try {
    return await logWork(request);
  } catch (err) {
    if (!(err instanceof ApiError && err.status === 403 && err.field === 'csrf_token')) throw err;
    await fetchSession();
    return logWork(request);
  }
}

let instance: Outbox | undefined;

/** The browser's one outbox (every tab of the app shares its IndexedDB store). */
export function outbox(): Outbox {
  instance ??= new Outbox(browserOutboxStore(), send, newRequestId);
  return instance;
}

/** The official's entries waiting to be sent (or refused), in the order written; undefined until read. */
export function useOutboxItems(officialId: string): OutboxItem[] | undefined {
  const [items, setItems] = useState<OutboxItem[]>();
  useEffect(() => {
    let live = true;
    const read = () =>
      void outbox()
        .list(officialId)
        .then((list) => live && setItems(list));
    read();
    const stop = outbox().subscribe(read);
    return () => {
      live = false;
      stop();
    };
  }, [officialId]);
  return items;
}

export type LogResult = { kind: 'logged'; answer: LogWorkAnswer } | { kind: 'queued'; item: OutboxItem };

/**
 * Logs an entry: at once when the browser is online, else into the outbox. A request that does
 * not reach the server, or whose answer is lost, goes into the outbox with the request id it was
 * sent with, so that sending it again cannot write it twice. A refusal (the entry's own fault)
 * is thrown, for the form to show.
 */
export function useLogWork() {
  const queryClient = useQueryClient();
  return useCallback(
    async (request: LogWorkRequest & { official_id: string; work_date: string }, label: string, estimate: number): Promise<LogResult> => {
      const withId = { ...request, request_id: request.request_id || newRequestId() };
      if (!navigator.onLine) return { kind: 'queued', item: await outbox().add(withId, label, estimate) };
      try {
        const answer = await send(withId);
        void queryClient.invalidateQueries({ queryKey: [DIARY] });
        return { kind: 'logged', answer };
      } catch (err) {
        if (isRefusal(err)) throw err;
        return { kind: 'queued', item: await outbox().add(withId, label, estimate) };
      }
    },
    [queryClient],
  );
}
