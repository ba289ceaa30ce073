// @ts-check
/// <reference lib="webworker" />
/**
 * ThuocDo's service worker: the app opens without a connection, and "Nhật ký của tôi" keeps
 * working (its new entries wait in the outbox, in IndexedDB, not here). Built into dist/sw.js by
 * the plugin in vite.config.ts, which replaces the two marked values below with this build's
 * version and its files.
 *
 * - install: keeps this build's files (scripts, styles, icons, the manifest) and the app's page
 *   (the "shell": every page of the app is the same index.html) in a cache named for the build;
 * - activate: deletes the caches of earlier builds and takes over the open pages at once;
 * - fetch, GET requests of this origin only:
 *   - pages (navigations; not /auth/ nor /api/): the network first, so that online every page
 *     comes fresh with its own CSP nonce; the last page kept when the network fails;
 *   - /assets/* (named by a hash of their content, never changed) and the files kept at
 *     install: the cache first;
 *   - the few API answers "My day" and "My tasks" read (the session, the person, suggestions,
 *     the day, its entries, work items, tasks): the network first, the last answer when the
 *     network fails. They are personal: kept in their own cache (thuocdo-api), which sign-out
 *     deletes, and which is deleted here as soon as the API says nobody is signed in (401);
 *   - everything else, and every write, goes to the network untouched.
 */

const VERSION = /* version */ 'dev';
/** @type {string[]} */
const PRECACHE = /* precache */ [];
const SHELL_CACHE = `thuocdo-shell-${VERSION}`;
const API_CACHE = 'thuocdo-api';
/** Where the page is kept: the gateway answers index.html for any path without an extension. */
const SHELL = '/';
/** Who is signed in: kept as soon as the worker takes over. */
const SESSION = ['/api/me', '/api/v1/me'];
/** The API answers kept for offline use (GET only; the query string is part of the key). */
const KEPT_ANSWERS = [
  /^\/api\/me$/,
  /^\/api\/v1\/me$/,
  /^\/api\/v1\/work-item-suggestions$/,
  /^\/api\/v1\/diary-days\/[^/]+\/[^/]+$/,
  /^\/api\/v1\/work-logs$/,
  /^\/api\/v1\/work-items\/[^/:]+$/,
  /^\/api\/v1\/tasks$/,
];

const sw = /** @type {ServiceWorkerGlobalScope} */ (/** @type {unknown} */ (self));

sw.addEventListener('install', (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(SHELL_CACHE);
      await cache.addAll(PRECACHE);
      const page = await fetch(SHELL, { credentials: 'same-origin', cache: 'no-store' });
      if (page.ok) await cache.put(SHELL, page);
      await sw.skipWaiting();
    })(),
  );
});

sw.addEventListener('activate', (event) => {
  event.waitUntil(
    (async () => {
      for (const name of await caches.keys()) if (name.startsWith('thuocdo-shell-') && name !== SHELL_CACHE) await caches.delete(name);
      await sw.clients.claim();
      // The page that installed this worker read the session before the worker took it over:
      // keep the session's answers now, or the app would open signed out at the first offline start.
      await Promise.all(SESSION.map((path) => networkFirst(new Request(path, { credentials: 'same-origin' })).catch(() => undefined)));
    })(),
  );
});

sw.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== sw.location.origin) return;
  if (request.mode === 'navigate') {
    if (!url.pathname.startsWith('/auth/') && !url.pathname.startsWith('/api/')) event.respondWith(page(request));
    return;
  }
  if (url.pathname.startsWith('/assets/') || PRECACHE.includes(url.pathname)) event.respondWith(cacheFirst(request));
  else if (KEPT_ANSWERS.some((p) => p.test(url.pathname))) event.respondWith(networkFirst(request));
});

/**
 * A page of the app: from the network, keeping it as the shell; the shell when offline.
 * @param {Request} request
 */
async function page(request) {
  try {
    const answer = await fetch(request);
    if (answer.ok && (answer.headers.get('content-type') ?? '').startsWith('text/html'))
      await (await caches.open(SHELL_CACHE)).put(SHELL, answer.clone());
    return answer;
  } catch (err) {
    const kept = await (await caches.open(SHELL_CACHE)).match(SHELL);
    if (kept) return kept;
    throw err;
  }
}

/**
 * A file that never changes under its name: the kept copy, else the network's (then kept).
 * @param {Request} request
 */
async function cacheFirst(request) {
  const cache = await caches.open(SHELL_CACHE);
  const kept = await cache.match(request);
  if (kept) return kept;
  const answer = await fetch(request);
  if (answer.ok) await cache.put(request, answer.clone());
  return answer;
}

/**
 * An API answer: the network's (kept), or the last one kept when the network fails.
 * @param {Request} request
 */
async function networkFirst(request) {
  const cache = await caches.open(API_CACHE);
  try {
    const answer = await fetch(request);
    if (answer.ok) await cache.put(request, answer.clone());
    // Nobody is signed in any more: nothing personal stays on the device.
    else if (answer.status === 401) await caches.delete(API_CACHE);
    return answer;
  } catch (err) {
    const kept = await cache.match(request);
    if (kept) return kept;
    throw err;
  }
}
