// A participant's place on the list of speakers, kept live on the public session page.
// Polls floor/me.json (a 304 while nothing changed) and swaps in the standing part the
// server renders, the same markup a reload shows; the clock ticks here between answers.
(function () {
  "use strict";
  var box = document.getElementById("floor-standing-box");
  if (!box || !box.dataset.meUrl || !window.fetch) { return; }
  var POLL_MS = 1000;
  var etag = null;
  var clock = null;   // {limit, elapsed, running, at}: figures of the last answer

  function format(seconds) {
    var sign = seconds < 0 ? "-" : "";
    var s = Math.abs(seconds);
    var rest = s % 60;
    return sign + Math.floor(s / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function readClock() {
    var el = document.getElementById("floor-my-clock");
    if (!el) { clock = null; return; }
    clock = {
      limit: parseInt(el.dataset.limit || "0", 10),
      elapsed: parseInt(el.dataset.elapsed || "0", 10),
      running: el.dataset.running === "true",
      at: Date.now()
    };
  }

  function tick() {
    var el = document.getElementById("floor-my-clock");
    if (!el || !clock) { return; }
    var spoken = clock.elapsed;
    if (clock.running) { spoken += Math.floor((Date.now() - clock.at) / 1000); }
    el.textContent = format(clock.limit ? clock.limit - spoken : spoken);
  }

  function apply(data) {
    var focusedInBox = box.contains(document.activeElement);
    if (data.status !== box.dataset.status || !focusedInBox) {
      box.innerHTML = data.html;
      box.dataset.status = data.status;
    } else {
      // Same status and the visitor is on one of its buttons: change the words only.
      var fresh = document.createElement("div");
      fresh.innerHTML = data.html;
      var line = fresh.querySelector("#floor-standing");
      var old = document.getElementById("floor-standing");
      if (line && old) { old.replaceWith(line); }
    }
    readClock();
    tick();
  }

  function poll() {
    var headers = { "Accept": "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(box.dataset.meUrl, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 200) {
          etag = response.headers.get("ETag");
          return response.json();
        }
        return null;
      })
      .then(function (data) { if (data) { apply(data); } })
      .catch(function () {})
      .finally(function () { window.setTimeout(poll, POLL_MS); });
  }

  readClock();
  window.setInterval(tick, 500);
  window.setTimeout(poll, POLL_MS);
}());
