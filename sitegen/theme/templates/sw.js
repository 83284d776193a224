// The site's service worker: keeps the pages a reader opened (and the
// reading lists they saved) readable without a network. Network first, so
// online readers always get the current build; the cache is only a fallback.
const CACHE = "sitegen-" + {{ version|tojson }};
const SCOPE = {{ site.home_url|tojson }};
const OFFLINE = {{ offline_url|tojson }};
const KEEP = {{ keep|list|tojson }};
const SKIP = {{ skip|tojson }};

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(KEEP)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name.startsWith("sitegen-") && name !== CACHE) await caches.delete(name);
    }
    await self.clients.claim();
    // the pages open before the worker ran: keep them too
    const open = await self.clients.matchAll({type: "window"});
    await keep(open.map((client) => client.url));
  })());
});

function ours(url) {
  return url.origin === self.location.origin && url.pathname.startsWith(SCOPE)
    && !url.pathname.startsWith(SKIP);
}

async function keep(urls) {
  const cache = await caches.open(CACHE);
  let kept = 0;
  for (const url of urls) {
    if (!ours(new URL(url))) continue;
    try {
      const response = await fetch(url, {cache: "no-cache"});
      if (response.ok) { await cache.put(url, response); kept += 1; }
    } catch (error) { /* offline or gone: keep what we have */ }
  }
  return kept;
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (request.method !== "GET" || !ours(url)) return;
  event.respondWith((async () => {
    const cache = await caches.open(CACHE);
    try {
      const response = await fetch(request);
      if (response.ok && response.type === "basic") await cache.put(request, response.clone());
      return response;
    } catch (error) {
      const kept = await cache.match(request, {ignoreSearch: request.mode === "navigate"});
      if (kept) return kept;
      if (request.mode === "navigate") return (await cache.match(OFFLINE)) || Response.error();
      return Response.error();
    }
  })());
});

// A reading list's page asks to keep the list and every article on it.
self.addEventListener("message", (event) => {
  if (!event.data || event.data.type !== "keep" || !Array.isArray(event.data.urls)) return;
  event.waitUntil(keep(event.data.urls).then((kept) => {
    event.source.postMessage({type: "kept", count: kept, of: event.data.urls.length});
  }));
});
