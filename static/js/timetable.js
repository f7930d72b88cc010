// The timetable editor: drag a session (or its lower edge), or move it with the keyboard.
// The server decides: every position is checked with /timetable/check while dragging and
// written with /timetable/move, whose answer carries the message and the moved block drawn
// for this page's rows and rooms, which timetable-redraw.js puts in place.
(function () {
  "use strict";

  var root = document.getElementById("timetable");
  if (!root) { return; }
  var live = document.getElementById("tt-live");
  var messageBox = document.getElementById("tt-message");
  var undoButton = document.getElementById("tt-undo");
  var lastUndo = null;
  var state = null;      // the move being made: {block, sessionId, version, row, col, span, ...}
  var checkTimer = null;
  var checkSeq = 0;

  function text(name) { return root.getAttribute("data-text-" + name) || ""; }

  function announce(message) {
    // Cleared first so the same words said twice are read twice.
    live.textContent = "";
    window.setTimeout(function () { live.textContent = message; }, 30);
  }

  function show(message, kind) {
    messageBox.hidden = !message;
    messageBox.textContent = message || "";
    messageBox.className = "tt-message" + (kind ? " tt-" + kind : "");
  }

  function days() { return root.querySelector(".tt-days"); }
  function viewDay() { return days().getAttribute("data-day"); }
  function step() { return parseInt(days().getAttribute("data-step"), 10); }
  function rowHeads() { return Array.prototype.slice.call(root.querySelectorAll("tbody th[data-row]")); }
  function colHeads() { return Array.prototype.slice.call(root.querySelectorAll("thead th[data-col]")); }

  function toMinutes(hhmm) { var p = hhmm.split(":"); return parseInt(p[0], 10) * 60 + parseInt(p[1], 10); }
  function toTime(minutes) {
    var h = Math.floor(minutes / 60), m = minutes % 60;
    return (h < 10 ? "0" : "") + h + ":" + (m < 10 ? "0" : "") + m;
  }

  function rowTime(index) {
    var head = rowHeads()[index];
    return head ? head.getAttribute("data-time") : null;
  }
  function rowIsGap(index) {
    var head = rowHeads()[index];
    return !!(head && head.getAttribute("data-gap"));
  }
  function roomOf(col) {
    var head = colHeads()[col];
    return head ? head.getAttribute("data-room") : "";
  }
  function roomName(col) {
    var head = colHeads()[col];
    return head ? head.textContent : "";
  }

  // The fields a move sends for the current state.
  function fields(extra) {
    var data = new URLSearchParams();
    data.set("session_id", state.sessionId);
    data.set("version", state.version);
    data.set("day", state.day);
    data.set("start", state.start);
    data.set("duration", String(state.minutes));
    data.set("room_id", state.room);
    Object.keys(extra || {}).forEach(function (k) { data.set(k, extra[k]); });
    return describePage(data, state.viewDay || viewDay());
  }

  // What this page shows, so the answer can draw the moved block for it: the day, the step,
  // the first row's time and the rooms' ids in column order.
  function describePage(data, day) {
    var first = rowHeads()[0];
    data.set("view_day", day);
    data.set("step", String(step()));
    data.set("view_from", first ? first.getAttribute("data-time") : "");
    data.set("view_rooms", colHeads().map(function (head) { return head.getAttribute("data-room"); }).join(","));
    return data;
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST", body: data, credentials: "same-origin",
      headers: {"X-CSRFToken": root.getAttribute("data-csrf"), "Accept": "application/json"}
    }).then(function (response) {
      return response.json().then(function (body) { body.httpStatus = response.status; return body; });
    });
  }

  function describe() {
    return state.day + " " + state.start + "–" + toTime((toMinutes(state.start) + state.minutes) % (24 * 60)) +
      ", " + state.roomName;
  }

  function markTargets(kind) {
    root.querySelectorAll(".tt-target, .tt-target-bad").forEach(function (el) {
      el.classList.remove("tt-target", "tt-target-bad");
    });
    if (!state || state.row === null) { return; }
    for (var r = state.row; r < state.row + state.span; r += 1) {
      var cell = root.querySelector('td[data-row="' + r + '"][data-col="' + state.col + '"]') ||
        coveringCell(r, state.col);
      if (cell) { cell.classList.add(kind === "bad" ? "tt-target-bad" : "tt-target"); }
    }
  }

  function coveringCell(row, col) {
    var cells = root.querySelectorAll('td[data-col="' + col + '"][rowspan]');
    for (var i = 0; i < cells.length; i += 1) {
      var top = parseInt(cells[i].getAttribute("data-row"), 10);
      var span = parseInt(cells[i].getAttribute("rowspan"), 10);
      if (row >= top && row < top + span) { return cells[i]; }
    }
    return null;
  }

  // Ask the server whether the current position is allowed (debounced while dragging).
  function check(thenSpeak) {
    window.clearTimeout(checkTimer);
    var seq = ++checkSeq;
    checkTimer = window.setTimeout(function () {
      if (!state) { return; }
      if (state.gap) {
        state.verdict = {ok: false, message: text("gap")};
        paint(thenSpeak);
        return;
      }
      post(root.getAttribute("data-check-url"), fields()).then(function (body) {
        if (!state || seq !== checkSeq) { return; }
        state.verdict = body;
        paint(thenSpeak);
      });
    }, thenSpeak ? 0 : 120);
  }

  function paint(thenSpeak) {
    var verdict = state.verdict;
    var ok = verdict && verdict.ok;
    state.block.classList.toggle("tt-allowed", !!ok);
    state.block.classList.toggle("tt-refused", !!(verdict && !ok));
    markTargets(ok ? "ok" : "bad");
    var words = describe() + ": " + (ok ? text("allowed") : (verdict ? verdict.message : ""));
    state.block.setAttribute("data-verdict", ok ? "allowed" : "refused");
    show(words, ok ? "ok" : "bad");
    if (thenSpeak) {
      announce((state.prefix || "") + words);
      state.prefix = "";
    }
  }

  function begin(block) {
    var inGrid = block.hasAttribute("data-row");
    var col = inGrid ? parseInt(block.getAttribute("data-col"), 10) : 0;
    state = {
      block: block, sessionId: block.getAttribute("data-session"),
      version: block.getAttribute("data-version"),
      row: inGrid ? parseInt(block.getAttribute("data-row"), 10) : firstFreeRow(),
      span: inGrid ? parseInt(block.getAttribute("data-span"), 10) : Math.max(1, Math.round(parseInt(block.getAttribute("data-minutes"), 10) / step())),
      minutes: parseInt(block.getAttribute("data-minutes"), 10),
      col: col, day: viewDay(), verdict: null
    };
    if (inGrid) { state.start = block.getAttribute("data-start"); }
    place(state.row, state.col);
    block.classList.add("tt-moving");
  }

  function firstFreeRow() {
    var heads = rowHeads();
    for (var i = 0; i < heads.length; i += 1) { if (heads[i].getAttribute("data-time") === "09:00") { return i; } }
    return 0;
  }

  function place(row, col) {
    var rows = rowHeads().length, cols = colHeads().length;
    state.row = Math.max(0, Math.min(rows - 1, row));
    state.col = Math.max(0, Math.min(cols - 1, col));
    state.start = rowTime(state.row);
    state.gap = rowIsGap(state.row) || rowIsGap(Math.min(rows - 1, state.row + state.span));
    state.room = roomOf(state.col);
    state.roomName = roomName(state.col);
  }

  function resize(span) {
    state.span = Math.max(1, span);
    state.minutes = state.span * step();
    place(state.row, state.col);
  }

  function end() {
    if (state) {
      state.block.classList.remove("tt-moving", "tt-allowed", "tt-refused");
      state.block.removeAttribute("data-verdict");
    }
    state = null;
    markTargets();
    window.clearTimeout(checkTimer);
  }

  // Puts a move's answer on the page (static/js/timetable-redraw.js).
  var redrawer = window.TimetableRedraw(root);

  // Where a session is now (its room and day), before the answer is put on the page.
  function whereIs(sessionId) { return redrawer.whereIs(sessionId); }
  function redraw(answer, sessionId, day, left) { return redrawer.redraw(answer, sessionId, day, left); }

  function commit(extra) {
    if (!state) { return; }
    var sessionId = state.sessionId;
    var day = state.viewDay || viewDay();
    var data = fields(extra);
    announce(text("saving"));
    post(root.getAttribute("data-move-url"), data).then(function (body) {
      if (body.status === "warning" && window.confirm(body.message + "\n\n" + text("warning"))) {
        commit({accept_warnings: "1"});
        return;
      }
      end();
      var left = whereIs(sessionId);
      redraw(body, sessionId, day, left).then(function () {
        show(body.message, body.ok ? "ok" : "bad");
        announce(body.message);
      });
      if (body.ok && body.undo) {
        lastUndo = body.undo;
        undoButton.disabled = false;
      }
    }).catch(function () {
      end();
      show(text("failed"), "bad");
      announce(text("failed"));
    });
  }

  undoButton.parentNode.hidden = false;
  undoButton.addEventListener("click", function () {
    if (!lastUndo) { return; }
    var data = new URLSearchParams();
    Object.keys(lastUndo).forEach(function (k) { data.set(k, lastUndo[k]); });
    var day = viewDay();
    describePage(data, day);
    var sessionId = lastUndo.session_id;
    post(root.getAttribute("data-move-url"), data).then(function (body) {
      var left = whereIs(sessionId);
      redraw(body, sessionId, day, left).then(function () {
        var message = body.ok ? text("undone") + " " + body.message : body.message;
        show(message, body.ok ? "ok" : "bad");
        announce(message);
      });
      lastUndo = null;
      undoButton.disabled = true;
    });
  });

  // --- Keyboard ---------------------------------------------------------------------------
  root.addEventListener("keydown", function (event) {
    var block = event.target.closest && event.target.closest(".tt-block");
    if (!block) { return; }
    if (!state || state.block !== block) {
      if (event.key === "Enter" && event.target === block) {
        event.preventDefault();
        begin(block);
        // Said with the first check's answer: two announcements at once would drop one.
        state.prefix = text("picked") + " ";
        check(true);
      }
      return;
    }
    var handled = true;
    switch (event.key) {
      case "ArrowUp":
        if (event.shiftKey) { resize(state.span - 1); } else { place(state.row - 1, state.col); }
        break;
      case "ArrowDown":
        if (event.shiftKey) { resize(state.span + 1); } else { place(state.row + 1, state.col); }
        break;
      case "ArrowLeft": place(state.row, state.col - 1); break;
      case "ArrowRight": place(state.row, state.col + 1); break;
      case "Enter": commit(); break;
      case "Escape":
        end();
        show("", "");
        announce(text("cancelled"));
        break;
      default: handled = false;
    }
    if (handled) {
      event.preventDefault();
      if (state && event.key.indexOf("Arrow") === 0) { check(true); }
    }
  });

  // --- Pointer: drag a block, or its lower edge -------------------------------------------
  function rowAt(y) {
    var heads = rowHeads();
    for (var i = 0; i < heads.length; i += 1) {
      var rect = heads[i].getBoundingClientRect();
      if (y >= rect.top && y < rect.bottom) { return i; }
    }
    return null;
  }
  function colAt(x) {
    var heads = colHeads();
    for (var i = 0; i < heads.length; i += 1) {
      var rect = heads[i].getBoundingClientRect();
      if (x >= rect.left && x < rect.right) { return i; }
    }
    return null;
  }

  var drag = null;
  var suppressClick = false;
  // A drag that started on the session's link must not then open its form.
  root.addEventListener("click", function (event) {
    if (suppressClick) { event.preventDefault(); suppressClick = false; }
  }, true);
  root.addEventListener("pointerdown", function (event) {
    if (event.button !== 0) { return; }
    var block = event.target.closest(".tt-block");
    if (!block) { return; }
    event.preventDefault();
    begin(block);
    var row = rowAt(event.clientY);
    drag = {
      resizing: !!event.target.closest(".tt-resize"),
      offset: block.hasAttribute("data-row") && row !== null ? row - state.row : 0,
      moved: false
    };
  });

  document.addEventListener("pointermove", function (event) {
    if (!drag || !state) { return; }
    var row = rowAt(event.clientY), col = colAt(event.clientX);
    var tab = document.elementFromPoint(event.clientX, event.clientY);
    tab = tab && tab.closest ? tab.closest(".tt-day") : null;
    root.querySelectorAll(".tt-day.tt-target").forEach(function (el) { el.classList.remove("tt-target"); });
    if (tab && !drag.resizing) {
      tab.classList.add("tt-target");
      drag.day = tab.getAttribute("data-day");
      drag.moved = true;
      return;
    }
    drag.day = null;
    if (row === null) { return; }
    drag.moved = true;
    if (drag.resizing) {
      resize(row - state.row + 1);
    } else if (col !== null) {
      place(row - drag.offset, col);
    }
    check(false);
  });

  document.addEventListener("pointerup", function () {
    if (!drag) { return; }
    var current = drag;
    drag = null;
    root.querySelectorAll(".tt-day.tt-target").forEach(function (el) { el.classList.remove("tt-target"); });
    if (!state) { return; }
    if (!current.moved) { end(); return; }
    suppressClick = true;
    window.setTimeout(function () { suppressClick = false; }, 0);
    if (current.day) {
      // Dropped on a day: the same time and room on that day, which the grid then shows.
      state.day = current.day;
      state.viewDay = current.day;
    }
    if (state.gap) {
      show(text("gap"), "bad");
      announce(text("gap"));
      end();
      return;
    }
    commit();
  });
})();
