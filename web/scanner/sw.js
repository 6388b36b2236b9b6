// The scanner app's service worker: the app starts without a network.
//
// The server serves this file as /static/scanner/sw.js with two constants in front of it
// (kolektor/server/app_shell.py): SHELL_VERSION, a hash of the app's files and texts, and
// SHELL_URLS, the page /scanner, every file of the app and its texts (i18n/pl.json,
// i18n/en.json).  The app registers it with the scope /scanner (the header
// Service-Worker-Allowed permits that).
//
// * install: the whole shell is fetched afresh into the cache "kolektor-scanner-<version>";
//   the new worker takes over at once.
// * activate: caches of older versions are deleted; the open pages are taken over.
// * fetch: a shell address (the page with any query string, a file, the texts) is answered
//   from the cache, else from the network.  Anything else — the WebSocket, the API, other
//   pages — is not touched: it goes to the network as if there were no worker.
//
// A changed app (any file or text) gives a new version, so a new worker: the page loaded
// after it is installed is the new app.

/* global SHELL_VERSION, SHELL_URLS */

const CACHE_PREFIX = "kolektor-scanner-";
const CACHE = `${CACHE_PREFIX}${SHELL_VERSION}`;
const SHELL = new Set(SHELL_URLS);

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(SHELL_URLS.map((url) => new Request(url, { cache: "reload" })));
      await self.skipWaiting();
    })(),
  );
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      const names = await caches.keys();
      await Promise.all(names.filter((name) => name.startsWith(CACHE_PREFIX) && name !== CACHE).map((name) => caches.delete(name)));
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin || !SHELL.has(url.pathname)) return;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      const cached = await cache.match(url.pathname, { ignoreSearch: true });
      return cached || fetch(request);
    })(),
  );
});
