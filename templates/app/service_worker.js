{% autoescape off %}/* Attune's service worker (served at /sw.js by couples/views/app.py).
 *
 * What it keeps: the static files (CSS, JS, icons) and the offline page,
 * which names no one. What it never keeps: any other page, any answer to a
 * form, anything from the live session (WebSockets do not pass through a
 * worker). Pages are always fetched from the network; when the network is
 * gone, a navigation gets the offline page instead.
 *
 * Quick exit and sign-out clear every cache: static/js/safety.js does it in
 * the page, and this worker does it again when it sees the navigation to
 * the quick-exit page or the sign-out form being sent.
 */
"use strict";

const SETTINGS = {{ settings }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(SETTINGS.cache).then((cache) => cache.addAll(SETTINGS.shell)));
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== SETTINGS.cache) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

async function clearAll() {
  for (const name of await caches.keys()) await caches.delete(name);
}

/** Put the offline page back if a clearing removed it (it is not private). */
async function keepShell() {
  const cache = await caches.open(SETTINGS.cache);
  if (!(await cache.match(SETTINGS.offline))) await cache.addAll(SETTINGS.shell);
}

/** What to show for a page that cannot be fetched. */
async function offlinePage() {
  const kept = await caches.match(SETTINGS.offline);
  return kept || new Response(
    "<!doctype html><html lang=\"en\"><meta charset=\"utf-8\"><title>Offline · Attune</title>" +
    "<h1>You are offline</h1><p>Attune comes back when the connection does.</p></html>",
    { headers: { "Content-Type": "text/html; charset=utf-8" } });
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  const leaving = SETTINGS.clearOn.includes(url.pathname);
  if (leaving) {
    event.waitUntil(clearAll());
    return; // the network answers as usual
  }
  if (request.mode === "navigate") {
    if (request.method !== "GET") return;
    // Pages are never cached: the network, or the offline page.
    event.respondWith(fetch(request).then((response) => {
      event.waitUntil(keepShell().catch(() => {}));
      return response;
    }, offlinePage));
    return;
  }
  if (request.method === "GET" && url.pathname.startsWith(SETTINGS.static)) {
    // Static files: the network first (so a new version shows), the copy when offline.
    event.respondWith(fetch(request).then((response) => {
      if (response.ok) {
        // Only into a cache that exists: after a quick exit or sign-out the
        // caches stay empty until an ordinary page brings the shell back.
        const copy = response.clone();
        event.waitUntil(caches.has(SETTINGS.cache).then((kept) =>
          kept && caches.open(SETTINGS.cache).then((cache) => cache.put(request, copy))));
      }
      return response;
    }, async () => (await caches.match(request)) || Response.error()));
  }
});
{% endautoescape %}
