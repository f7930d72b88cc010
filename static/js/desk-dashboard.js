// The desk dashboard, kept current without a reload: polls dashboard.json (a 304 while no
// one was checked in or out) and swaps in the body the server renders, the markup a reload
// shows.
(function () {
  "use strict";
  var box = document.getElementById("desk-dashboard");
  if (!box || !box.dataset.pollUrl || !window.fetch) { return; }
  var POLL_MS = 5000;
  var etag = null;

  function poll() {
    var headers = { "Accept": "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(box.dataset.pollUrl, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 200) {
          etag = response.headers.get("ETag");
          return response.json();
        }
        return null;
      })
      .then(function (data) { if (data && data.html) { box.innerHTML = data.html; } })
      .catch(function () {})
      .finally(function () { window.setTimeout(poll, POLL_MS); });
  }

  window.setTimeout(poll, POLL_MS);
}());
