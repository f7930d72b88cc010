// The room's screen: polls floor.json every second (ETag/304 when nothing changed) and
// counts the clock down locally between polls, corrected by the server's time. Its words come
// from the page (data-text-*), rendered by the server in the visitor's language.
(function () {
  "use strict";
  var root = document.getElementById("floor-screen");
  if (!root) { return; }
  var url = root.dataset.stateUrl;
  var etag = null;
  var state = null;
  var offsetMs = 0;       // server time minus local time at the last full answer
  var receivedAt = 0;     // local time of the last full answer

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

  function tick() {
    var clock = document.getElementById("floor-screen-clock");
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

  function render() {
    root.dataset.version = String(state.version);
    var cur = state.current;
    if (cur) {
      text("floor-screen-name", cur.name);
      text("floor-screen-org", (cur.organization ? cur.organization + " · " : "") + cur.category);
    } else {
      text("floor-screen-name", state.is_open ? root.dataset.textNobody : root.dataset.textClosed);
      text("floor-screen-org", "");
    }
    var list = document.getElementById("floor-screen-next");
    list.replaceChildren.apply(list, state.next.map(function (s) {
      var li = document.createElement("li");
      var name = document.createElement("span");
      name.className = "floor-screen-next-name";
      name.textContent = s.name;
      li.appendChild(name);
      li.appendChild(document.createTextNode((s.organization ? ", " + s.organization : "") + " · " + s.category));
      return li;
    }));
    text("floor-screen-queue", root.dataset.textWaiting.replace("{num}", String(state.queue_length)));
    tick();
    root.dispatchEvent(new CustomEvent("floor:state", { detail: state }));
  }

  function poll() {
    var headers = { "Accept": "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(url, { headers: headers, cache: "no-store" }).then(function (response) {
      if (response.status === 304) { return null; }
      if (!response.ok) { throw new Error(String(response.status)); }
      etag = response.headers.get("ETag");
      return response.json();
    }).then(function (data) {
      if (data) {
        receivedAt = Date.now();
        offsetMs = Date.parse(data.server_time) - receivedAt;
        root.dataset.serverOffset = String(offsetMs);
        state = data;
        render();
      }
    }).catch(function () { /* keep the last state; the next poll tries again */ })
      .finally(function () { window.setTimeout(poll, 1000); });
  }

  window.setInterval(tick, 250);
  poll();
}());
