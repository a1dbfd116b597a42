// Rapport's service worker: the app stays readable offline.
// - The app shell (index.html and the hashed /assets it loads) is cached at install, so a reload
//   with no network still starts the app.
// - API reads (GET /api/v1/…) go to the network first; a good answer is kept, and with no network
//   the last kept answer is served, marked with `x-rapport-offline: 1`. So every record opened
//   recently (a contact, a company, a deal, their notes and timelines) reads offline.
// - Writes are never touched here: the web app queues notes and calls itself (src/offline/outbox.ts).
// - On logout the app deletes the kept answers (caches are per device, not per user).
const SHELL = 'rapport-shell-v1';
const API = 'rapport-api-v1';
const MAX_API_ENTRIES = 400;

self.addEventListener('install', (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(SHELL);
    const page = await fetch('/', { cache: 'no-store' });
    if (!page.ok) return;
    const html = await page.clone().text();
    await cache.put('/', page);
    const assets = [...new Set(html.match(/\/assets\/[^"'\s>]+/g) ?? [])];
    await cache.addAll(assets);
    await self.skipWaiting();
  })());
});

self.addEventListener('activate', (event) => {
  event.waitUntil((async () => {
    for (const key of await caches.keys()) if (key !== SHELL && key !== API) await caches.delete(key);
    await self.clients.claim();
  })());
});

async function trim(cache) {
  const keys = await cache.keys();
  for (const key of keys.slice(0, Math.max(0, keys.length - MAX_API_ENTRIES))) await cache.delete(key);
}

async function networkFirst(request) {
  const cache = await caches.open(API);
  try {
    const response = await fetch(request);
    if (response.ok) {
      await cache.put(request, response.clone());
      void trim(cache);
    }
    return response;
  } catch (err) {
    const kept = await cache.match(request);
    if (!kept) throw err;
    const headers = new Headers(kept.headers);
    headers.set('x-rapport-offline', '1');
    return new Response(kept.body, { status: kept.status, statusText: kept.statusText, headers });
  }
}

async function page(request) {
  try {
    const response = await fetch(request);
    if (response.ok) await (await caches.open(SHELL)).put('/', response.clone());
    return response;
  } catch (err) {
    const shell = await caches.match('/');
    if (shell) return shell;
    throw err;
  }
}

self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET') return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.startsWith('/api/v1/')) return event.respondWith(networkFirst(request));
  if (url.pathname.startsWith('/assets/')) {
    return event.respondWith(caches.match(request).then((hit) => hit ?? fetch(request)));
  }
  if (request.mode === 'navigate') return event.respondWith(page(request));
});

self.addEventListener('message', (event) => {
  if (event.data === 'forget-api') event.waitUntil(caches.delete(API));
  // A page whose document was created while this worker was activating misses the claim made in
  // 'activate' and would stay uncontrolled (no offline reading) until its next full load; it asks.
  if (event.data === 'claim') event.waitUntil(self.clients.claim());
});
