import { memoryStore, type OutboxItem, type OutboxStore } from './outbox';

const DATABASE = 'thuocdo-diary';
const STORE = 'outbox';

/** A request's result as a promise. */
const done = <T>(request: IDBRequest<T>) =>
  new Promise<T>((resolve, reject) => {
    request.onsuccess = () => resolve(request.result);
    request.onerror = () => reject(request.error);
  });

/**
 * The outbox in IndexedDB (database thuocdo-diary, store outbox, keyed by request id): it
 * outlives reloads and the browser's restarts. Without IndexedDB (some private modes), memory:
 * the items then last as long as the page.
 */
export function browserOutboxStore(): OutboxStore {
  if (typeof indexedDB === 'undefined') return memoryStore();
  let opened: Promise<IDBDatabase> | undefined;
  const database = () => {
    opened ??= new Promise<IDBDatabase>((resolve, reject) => {
      const request = indexedDB.open(DATABASE, 1);
      request.onupgradeneeded = () => request.result.createObjectStore(STORE, { keyPath: 'request_id' });
      request.onsuccess = () => resolve(request.result);
      request.onerror = () => {
        opened = undefined;
        reject(request.error);
      };
    });
    return opened;
  };
  /** Runs one request in a transaction and waits for the transaction to commit (a write is then on disk). */
  const run = async <T>(mode: IDBTransactionMode, make: (store: IDBObjectStore) => IDBRequest<T>): Promise<T> => {
    const tx = (await database()).transaction(STORE, mode);
    const result = done(make(tx.objectStore(STORE)));
    await new Promise<void>((resolve, reject) => {
      tx.oncomplete = () => resolve();
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error);
    });
    return result;
  };
  return {
    list: () => run('readonly', (s) => s.getAll() as IDBRequest<OutboxItem[]>),
    put: async (item) => void (await run('readwrite', (s) => s.put(item))),
    delete: async (id) => void (await run('readwrite', (s) => s.delete(id))),
  };
}
