// Aller-vers service worker: the emergency numbers and the last pages read stay available without network.
// Rendered by portal.views.service_worker; the version changes with the offline files (portal/offline.py).
"use strict";
var VERSION = "{{ version|escapejs }}";
var STATIC_CACHE = "allervers-static-" + VERSION;
var PAGES_CACHE = "allervers-pages-" + VERSION;
var PRECACHE = [{% for url in precache %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var STATIC_PREFIX = "{{ static_prefix|escapejs }}";
// Only the public pages are ever stored: a professional page must not stay on a shared phone.
var PUBLIC_PAGES = [{% for prefix in public_prefixes %}"{{ prefix|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var FALLBACK = "{% url 'portal:emergency' %}";
// Besides the precached pages, the last pages a person read (a search near their commune, a service).
var MAX_READ_PAGES = 8;

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(STATIC_CACHE).then(function (cache) {
      // One request per file, outside the HTTP cache, so that a stale copy is never kept.
      return Promise.all(PRECACHE.map(function (url) {
        return fetch(url, { cache: "no-cache", credentials: "omit" }).then(function (response) {
          if (response.ok) return cache.put(url, response);
        });
      }));
    }).then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (key) {
        return key.indexOf("allervers-") === 0 && key !== STATIC_CACHE && key !== PAGES_CACHE;
      }).map(function (key) { return caches.delete(key); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function isPublicPage(url) {
  return PUBLIC_PAGES.some(function (prefix) {
    return prefix === "/" ? url.pathname === "/" : url.pathname.indexOf(prefix) === 0;
  });
}

function isPrecached(url) {
  return PRECACHE.indexOf(url.pathname) !== -1;
}

// Pages: network first (the directory changes), the saved copy when the network is gone.
function page(request) {
  var url = new URL(request.url);
  return fetch(request).then(function (response) {
    var control = response.headers.get("Cache-Control") || "";
    if (response.ok && response.type === "basic" && control.indexOf("no-store") === -1) {
      var copy = response.clone();
      // Only the pages read are trimmed: the precached files (the emergency page among them) always stay.
      var precached = isPrecached(url);
      caches.open(precached ? STATIC_CACHE : PAGES_CACHE).then(function (cache) {
        return cache.put(request, copy).then(function () { return precached ? null : trim(cache); });
      });
    }
    return response;
  }).catch(function () {
    return caches.match(request, { ignoreVary: true }).then(function (saved) {
      return saved || caches.match(FALLBACK);
    });
  });
}

function trim(cache) {
  return cache.keys().then(function (keys) {
    if (keys.length <= MAX_READ_PAGES) return;
    return cache.delete(keys[0]).then(function () { return trim(cache); });
  });
}

// Static files: their URL changes with their content in production (hashed names), so the saved copy is right.
function asset(request) {
  return caches.match(request).then(function (saved) {
    return saved || fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(STATIC_CACHE).then(function (cache) { cache.put(request, copy); });
      }
      return response;
    });
  });
}

// A page read before the worker controlled it (the first visit): the page asks for it to be kept, the worker fetches
// it again and saves it as it saves every public page it serves. Only a same-origin public page is ever fetched.
self.addEventListener("message", function (event) {
  var data = event.data || {};
  if (typeof data.keep !== "string" || data.keep.charAt(0) !== "/" || data.keep.charAt(1) === "/") return;
  var url = new URL(data.keep, self.location.origin);
  if (url.origin !== self.location.origin || !isPublicPage(url)) return;
  event.waitUntil(page(new Request(url.href, { credentials: "omit" })).catch(function () {}));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    if (isPublicPage(url)) event.respondWith(page(request));
  } else if (url.pathname.indexOf(STATIC_PREFIX) === 0) {
    event.respondWith(asset(request));
  }
});
