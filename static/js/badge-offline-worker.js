// The participant's badge, offline. The page is asked again at every load (its entity tag
// follows the badge serial, so a re-issued badge shows at once); this worker keeps the last
// copy it saw of each badge page and answers with it only when the network cannot be reached.
// Registered by badge-offline.js for /registrations/ only.
"use strict";

var CACHE = "participant-badges";
var BADGE_PAGE = /\/registrations\/\d+\/badge$/;

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(self.clients.claim());
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET" || !BADGE_PAGE.test(new URL(request.url).pathname)) {
    return;
  }
  event.respondWith(
    fetch(request).then(function (response) {
      if (response.ok) {
        var copy = response.clone();
        caches.open(CACHE).then(function (cache) { cache.put(request.url, copy); });
      }
      return response;
    }).catch(function (error) {
      return caches.open(CACHE).then(function (cache) {
        return cache.match(request.url, {ignoreVary: true});
      }).then(function (kept) {
        if (kept) {
          return kept;
        }
        throw error;
      });
    })
  );
});
