// Chair console: actions without reloading, a live clock, keyboard shortcuts, drag to reorder.
// Every action is a plain form; this script sends the same form with fetch and swaps in the
// console body the server renders back, so both paths share one set of rules and messages.
(function () {
  "use strict";
  var root = document.getElementById("floor-console");
  if (!root) { return; }
  var selected = 0;
  var etag = null;
  var offsetMs = 0;
  var busy = 0;   // actions sent and not yet answered

  function body() { return document.getElementById("floor-body"); }
  function rows() { return Array.prototype.slice.call(root.querySelectorAll(".floor-queue-row")); }

  function format(seconds) {
    var sign = seconds < 0 ? "-" : "";
    var s = Math.abs(seconds);
    var rest = s % 60;
    return sign + Math.floor(s / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function tick() {
    var current = document.getElementById("floor-current");
    var clock = document.getElementById("floor-console-clock");
    if (!current || !clock || !current.dataset.elapsed) { return; }
    var spoken = parseInt(current.dataset.elapsed, 10);
    if (current.dataset.running === "true" && current.dataset.runningSince) {
      var now = Date.now() + offsetMs;
      spoken += Math.max(0, Math.floor((now - Date.parse(current.dataset.runningSince)) / 1000));
    }
    var limit = parseInt(current.dataset.limit || "0", 10);
    clock.textContent = format(limit ? limit - spoken : spoken);
    clock.classList.toggle("overrun", Boolean(limit) && spoken > limit);
  }

  function syncClock() {
    var current = document.getElementById("floor-current");
    if (current && current.dataset.serverTime) {
      offsetMs = Date.parse(current.dataset.serverTime) - Date.now();
    }
  }

  // Highlight a row; with focus, move the focus to one of its buttons (that action's, else
  // the first) without letting the browser scroll: the table never scrolls sideways, and the
  // page scrolls only as far as needed to show the row.
  function select(index, focus, action) {
    var list = rows();
    list.forEach(function (row) { row.classList.remove("is-selected"); row.removeAttribute("aria-current"); });
    if (!list.length) { selected = 0; return; }
    selected = Math.max(0, Math.min(list.length - 1, index));
    var row = list[selected];
    row.classList.add("is-selected");
    row.setAttribute("aria-current", "true");
    if (focus === false) { return; }
    var button = (action && row.querySelector(action)) || row.querySelector("button");
    if (button) {
      button.focus({ preventScroll: true });
      row.scrollIntoView({ block: "nearest", inline: "nearest" });
    }
  }

  // Where the focus was before the body is replaced: the element's id, or its row and action.
  function focusPlace() {
    var active = document.activeElement;
    if (!active || active === document.body || !root.contains(active)) { return null; }
    var row = active.closest(".floor-queue-row");
    var form = active.closest("form");
    var action = null;
    if (form && form.dataset.action) {
      action = "form[data-action='" + form.dataset.action + "']";
      var direction = form.querySelector("input[name=direction]");
      if (direction) { action += ":has(input[name=direction][value='" + direction.value + "'])"; }
      action += " button";
    }
    return { id: active.id || null, requestId: row ? row.dataset.requestId : null,
             index: row ? parseInt(row.dataset.index, 10) : null, action: action };
  }

  // Back to the same button, or the same button of the same person, or of the person now at
  // that place (the next one, when the row left the queue); else the list stays as it was.
  function restoreFocus(place) {
    if (place.id && !place.requestId) {
      var same = document.getElementById(place.id);
      if (same) { same.focus({ preventScroll: true }); return; }
      // The button went with the state (Stop, Pause): the chair's next likely move instead.
      var next = ["floor-give-next", "floor-stop", "floor-resume", "floor-pause"]
        .map(function (id) { return document.getElementById(id); }).filter(Boolean)[0];
      if (next) { next.focus({ preventScroll: true }); }
      return;
    }
    if (place.requestId === null) { return; }
    var list = rows();
    if (!list.length) {
      var heading = document.getElementById("floor-queue-heading");
      if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: true }); }
      return;
    }
    var index = list.findIndex(function (row) { return row.dataset.requestId === place.requestId; });
    select(index >= 0 ? index : Math.min(place.index, list.length - 1), true, place.action);
  }

  // What the chair is typing in the walk-in form survives every refresh of the body; only
  // the answer to that form itself decides its fields (empty once added, as typed if refused).
  function walkInValues() {
    var form = document.getElementById("floor-walk-in-form");
    if (!form) { return null; }
    var values = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (field.name && field.type !== "hidden" && field.type !== "submit") { values[field.name] = field.value; }
    });
    return values;
  }

  function restoreWalkIn(values) {
    var form = document.getElementById("floor-walk-in-form");
    if (!form || !values) { return; }
    Object.keys(values).forEach(function (name) {
      var field = form.elements.namedItem(name);
      if (field && field.value !== undefined) { field.value = values[name]; }
    });
  }

  function show(data, fromForm) {
    if (data.html) {
      var typed = fromForm && fromForm.id === "floor-walk-in-form" ? null : walkInValues();
      var place = focusPlace();
      var open = Array.prototype.map.call(root.querySelectorAll("details[open][id]"),
                                          function (el) { return el.id; });
      root.innerHTML = data.html;
      open.forEach(function (id) {
        var details = document.getElementById(id);
        if (details) { details.open = true; }
      });
      restoreWalkIn(typed);
      syncClock();
      tick();
      if (place) { restoreFocus(place); } else if (rows().length) { select(selected, false); }
    }
    var box = document.getElementById("floor-message");
    if (box && data.message) {
      box.textContent = data.message;
      box.className = "floor-message flash flash-" + (data.category || "info");
    }
  }

  // Actions run one after the other, never dropped: a click while another action is on its
  // way is sent once that one is answered. Each names what it acts on, so a queue that
  // changed in between (someone asked for the floor) does not refuse it.
  var chain = Promise.resolve();
  var actionSeq = 0;

  function send(form, extra) {
    var data = new FormData(form);
    Object.keys(extra || {}).forEach(function (key) { data.set(key, extra[key]); });
    actionSeq += 1;
    busy += 1;
    chain = chain.then(function () {
      return fetch(form.action, {
        method: "POST", body: data, credentials: "same-origin",
        headers: { "Accept": "application/json" }
      }).then(function (response) {
        var type = response.headers.get("Content-Type") || "";
        if (type.indexOf("application/json") === -1) { throw new Error(String(response.status)); }
        return response.json();
      }).then(function (answer) { show(answer, form); }).catch(function () {
        if (document.body.contains(form)) { form.submit(); }   // fall back to the plain form post
      });
    }).finally(function () { busy -= 1; });
  }

  function refresh() {
    var seq = actionSeq;
    fetch(root.dataset.consoleUrl, { headers: { "Accept": "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        // An action sent since this refresh started answers with a newer body: keep that one.
        if (data && seq === actionSeq && !busy) { show({ html: data.html }); }
      })
      .catch(function () {});
  }

  function poll() {
    var headers = { "Accept": "application/json" };
    if (etag) { headers["If-None-Match"] = etag; }
    fetch(root.dataset.stateUrl, { headers: headers, cache: "no-store", credentials: "same-origin" })
      .then(function (response) {
        if (response.status === 200) {
          etag = response.headers.get("ETag");
          return response.json();
        }
        return null;
      }).then(function (data) {
        var current = body();
        var typing = root.contains(document.activeElement) &&
          /^(INPUT|SELECT|TEXTAREA)$/.test(document.activeElement.tagName);
        if (data && current && String(data.version) !== current.dataset.version && !typing && !busy) {
          refresh();
        }
      }).catch(function () {})
      .finally(function () { window.setTimeout(poll, 2000); });
  }

  root.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList.contains("floor-action") && form.id !== "floor-open-form") { return; }
    event.preventDefault();
    send(form);
  });

  function clickIn(selector) {
    var button = root.querySelector(selector);
    if (button) { button.click(); return true; }
    return false;
  }

  function rowForm(action, extra) {
    var row = rows()[selected];
    if (!row) { return; }
    var forms = row.querySelectorAll("form.floor-action[data-action='" + action + "']");
    Array.prototype.forEach.call(forms, function (form) {
      var direction = form.querySelector("input[name=direction]");
      if (!extra || !extra.direction || (direction && direction.value === extra.direction)) {
        if (action === "move") {
          selected += extra.direction === "up" ? -1 : 1;
        }
        send(form);
      }
    });
  }

  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey) { return; }
    if (/^(INPUT|SELECT|TEXTAREA)$/.test(target.tagName)) { return; }
    var key = event.key;
    var handled = true;
    if (key === "n" || key === "N") { handled = clickIn("#floor-give-next"); }
    else if (key === "s" || key === "S") { handled = clickIn("#floor-stop"); }
    else if (key === "p" || key === "P") { handled = clickIn("#floor-pause") || clickIn("#floor-resume"); }
    else if (key === "j" || key === "J" || key === "ArrowDown") { select(selected + 1); }
    else if (key === "k" || key === "K" || key === "ArrowUp") { select(selected - 1); }
    else if (key === "g" || key === "G") { rowForm("give"); }
    else if (key === "Enter" && target.closest && target.closest(".floor-queue-row") && target.tagName !== "BUTTON") { rowForm("give"); }
    else if (key === "u" || key === "U") { rowForm("move", { direction: "up" }); }
    else if (key === "d" || key === "D") { rowForm("move", { direction: "down" }); }
    else if (key === "x" || key === "X") { rowForm("skip"); }
    else { handled = false; }
    if (handled) { event.preventDefault(); }
  });

  // Drag a queue row onto another to put it in that place.
  var dragged = null;
  root.addEventListener("dragstart", function (event) {
    var row = event.target.closest && event.target.closest(".floor-queue-row");
    if (!row) { return; }
    dragged = row;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", row.dataset.requestId);
  });
  root.addEventListener("dragover", function (event) {
    if (dragged && event.target.closest && event.target.closest(".floor-queue-row")) { event.preventDefault(); }
  });
  root.addEventListener("drop", function (event) {
    var row = event.target.closest && event.target.closest(".floor-queue-row");
    if (!dragged || !row) { return; }
    event.preventDefault();
    var form = dragged.querySelector("form.floor-action[data-action='move']");
    selected = parseInt(row.dataset.index, 10);
    if (form) { send(form, { to_index: row.dataset.index }); }
    dragged = null;
  });

  syncClock();
  tick();
  window.setInterval(tick, 250);
  window.setTimeout(poll, 2000);
}());
