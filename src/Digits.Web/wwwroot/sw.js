// Digits' service worker: keeps the page, its scripts, the device network and the network runtime in a cache named
// after the app's version (the server writes __VERSION__, a hash of every asset, and the list of routes), so the
// app opens with no network. A new version (new page or new model) installs a new cache whole, then the old one
// is deleted. The API (/api/...) always goes to the network: the page decides what to do when it cannot.
"use strict";

const CACHE = "digits-__VERSION__";
const OFFLINE_ROUTES = ["__OFFLINE_ROUTES__"];

self.addEventListener("install", (event) => {
  event.waitUntil((async () => {
    const cache = await caches.open(CACHE);
    // cache: "no-cache" asks the server for every file, so each comes from this version of the server, but one the
    // page has fetched already (same ETag) comes back as a 304 of a few bytes rather than twice over the network.
    await cache.addAll(OFFLINE_ROUTES.map((route) => new Request(route, { cache: "no-cache" })));
    await self.skipWaiting();
  })());
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("digits-") && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin || url.pathname.startsWith("/api/")) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    const hit = await cache.match(request, { ignoreSearch: true });
    return hit || fetch(request);
  })());
});

self.addEventListener("message", (event) => {
  if (event.data === "version") event.source.postMessage({ version: CACHE.slice("digits-".length) });
});
