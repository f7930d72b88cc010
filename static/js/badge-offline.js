// The badge page registers the worker that shows it again offline (badge-offline-worker.js),
// and keeps this very copy at once, so the page opens without a network from now on. Without
// this script (or a browser without workers) the page works the same, online.
(function () {
  "use strict";

  var root = document.documentElement;
  var source = root.querySelector("[data-offline-worker]");
  if (!source || !("serviceWorker" in navigator) || !("caches" in window)) {
    return;
  }
  var worker = source.getAttribute("data-offline-worker");
  navigator.serviceWorker.register(worker, {scope: source.getAttribute("data-offline-scope")})
    .then(function () { return navigator.serviceWorker.ready; })
    .then(function () { return caches.open("participant-badges"); })
    .then(function (cache) { return cache.add(window.location.pathname); })
    .then(function () { root.setAttribute("data-badge-offline", "ready"); })
    .catch(function () { root.setAttribute("data-badge-offline", "unavailable"); });
}());
