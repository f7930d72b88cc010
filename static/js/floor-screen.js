// The room's screen: polls floor.json about once a second (ETag/304 when nothing changed) and
// counts the clock down locally between polls. Its words come from the page (data-text-*),
// rendered by the server in the visitor's language.
//
// Hundreds of screens may poll one server: each waits a random part of a second before its
// first poll and varies every interval a little, so their requests spread over the second;
// when the server does not answer they wait longer each time (up to five seconds), and after
// five seconds without an answer the screen says so while its clock keeps running.
(function () {
  "use strict";
  var root = document.getElementById("floor-screen");
  if (!root) { return; }
  var url = root.dataset.stateUrl;
  var INTERVAL_MS = 1000;
  var MAX_BACKOFF_MS = 5000;
  var OFFLINE_AFTER_MS = 5000;
  var TIMEOUT_MS = 4000;
  var etag = null;
  var state = null;
  var receivedAt = Date.now();  // local time of the last full answer
  var answeredAt = Date.now();  // local time of the last answer, 200 or 304
  var failures = 0;
  var timer = null;

  function format(seconds) {
    var sign = seconds < 0 ? "-" : "";
    var s = Math.abs(seconds);
    var rest = s % 60;
    return sign + Math.floor(s / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function text(id, value) {
    var el = document.getElementById(id);
    if (el && el.textContent !== value) { el.textContent = value; }
  }

  // Until the first answer, the clock runs from what the server rendered into the page.
  function initialState() {
    var clock = document.getElementById("floor-screen-clock");
    if (!clock || clock.dataset.elapsed === "") { return null; }
    return {
      current: {
        elapsed_seconds: parseInt(clock.dataset.elapsed, 10),
        running: clock.dataset.running === "true",
        limit_seconds: clock.dataset.limit ? parseInt(clock.dataset.limit, 10) : null
      }
    };
  }

  function tick() {
    var clock = document.getElementById("floor-screen-clock");
    var status = document.getElementById("floor-screen-status");
    if (status) { status.hidden = Date.now() - answeredAt <= OFFLINE_AFTER_MS; }
    if (!state || !state.current) {
      clock.textContent = "";
      clock.classList.remove("overrun");
      return;
    }
    var cur = state.current;
    var spoken = cur.elapsed_seconds;
    if (cur.running) {
      spoken += Math.floor((Date.now() - receivedAt) / 1000);
    }
    var limit = cur.limit_seconds;
    clock.textContent = format(limit ? limit - spoken : spoken);
    clock.classList.toggle("overrun", Boolean(limit) && spoken > limit);
    clock.dataset.running = cur.running ? "true" : "false";
  }

  function items(list, speakers) {
    list.replaceChildren.apply(list, speakers.map(function (s) {
      var li = document.createElement("li");
      var name = document.createElement("span");
      name.className = "floor-screen-next-name";
      name.textContent = s.name;
      var rest = document.createElement("span");
      rest.className = "floor-screen-next-org";
      rest.textContent = (s.organization ? ", " + s.organization : "") + " · " + s.category;
      li.appendChild(name);
      li.appendChild(rest);
      return li;
    }));
  }

  function render() {
    root.dataset.version = String(state.version);
    var cur = state.current;
    if (cur) {
      text("floor-screen-name", cur.name);
      text("floor-screen-organization", cur.organization || "");
      text("floor-screen-org-sep", cur.organization ? " · " : "");
      text("floor-screen-category", cur.category);
    } else {
      text("floor-screen-name", state.is_open ? root.dataset.textNobody : root.dataset.textClosed);
      text("floor-screen-organization", "");
      text("floor-screen-org-sep", "");
      text("floor-screen-category", "");
    }
    items(document.getElementById("floor-screen-next"), state.next);
    document.getElementById("floor-screen-next-heading").hidden = !state.next_count;
    items(document.getElementById("floor-screen-previous"), state.previous || []);
    document.getElementById("floor-screen-previous-box").hidden = !state.show_previous;
    text("floor-screen-queue", root.dataset.textWaiting.replace("{num}", String(state.queue_length)));
    tick();
    root.dispatchEvent(new CustomEvent("floor:state", { detail: state }));
  }

  function schedule(delay) {
    window.clearTimeout(timer);
    // Up to a tenth either way, so that screens switched on together drift apart.
    timer = window.setTimeout(poll, delay * (0.9 + Math.random() * 0.2));
  }

  function poll() {
    var headers = { "Accept": "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    var controller = window.AbortController ? new AbortController() : null;
    var abort = controller ? window.setTimeout(function () { controller.abort(); }, TIMEOUT_MS) : null;
    fetch(url, { headers: headers, cache: "no-store", signal: controller ? controller.signal : undefined })
      .then(function (response) {
        if (response.status === 304) { return null; }
        if (!response.ok) { throw new Error(String(response.status)); }
        etag = response.headers.get("ETag");
        return response.json();
      }).then(function (data) {
        answeredAt = Date.now();
        failures = 0;
        if (data) {
          receivedAt = answeredAt;
          state = data;
          render();
        } else {
          tick();
        }
        schedule(INTERVAL_MS);
      }).catch(function () {
        // Keep the last state (the clock keeps counting from it) and try again, less often.
        failures += 1;
        tick();
        schedule(Math.min(MAX_BACKOFF_MS, INTERVAL_MS * Math.pow(2, failures)));
      }).finally(function () { window.clearTimeout(abort); });
  }

  // Back on the network: ask at once rather than at the end of the back-off.
  window.addEventListener("online", function () { schedule(0); });
  state = initialState();
  window.setInterval(tick, 250);
  schedule(Math.random() * INTERVAL_MS);
}());
