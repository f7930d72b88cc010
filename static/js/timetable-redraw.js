// Puts a timetable move's answer on the page: the moved block in place of the cells it
// takes, its old cell emptied; or, when that cannot be exact, the grid whole (from the
// answer when a refused move brought it, else the day's page read again). Loaded before
// timetable.js, which calls window.TimetableRedraw(root).
(function () {
  "use strict";

  window.TimetableRedraw = function (root) {
    function viewDay() { return root.querySelector(".tt-days").getAttribute("data-day"); }
    function step() { return root.querySelector(".tt-days").getAttribute("data-step"); }
    function roomOf(col) {
      var head = root.querySelector('thead th[data-col="' + col + '"]');
      return head ? head.getAttribute("data-room") : "";
    }

    function replaceGrid(html, focusSession) {
      root.innerHTML = html;
      focusBlock(focusSession);
    }

    function focusBlock(sessionId) {
      if (!sessionId) { return; }
      var block = root.querySelector('.tt-block[data-session="' + sessionId + '"]');
      if (block) { block.focus(); }
    }

    // The grid of a day read again from the page itself (the day another day's tab took).
    function reload(day, focusSession) {
      var url = root.getAttribute("data-page-url") + "?day=" + encodeURIComponent(day) + "&step=" + step();
      return fetch(url, {credentials: "same-origin"}).then(function (response) {
        return response.text();
      }).then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html").getElementById("timetable");
        if (fresh) { replaceGrid(fresh.innerHTML, focusSession); }
      });
    }

    function rowCells(index) {
      var head = root.querySelector('tbody th[data-row="' + index + '"]');
      return head ? head.parentNode : null;
    }

    // Puts a cell in its row before the first cell of a later column.
    function insertCell(tr, cell, col) {
      var later = null;
      tr.querySelectorAll("td[data-col]").forEach(function (td) {
        if (!later && parseInt(td.getAttribute("data-col"), 10) > col) { later = td; }
      });
      tr.insertBefore(cell, later);
    }

    function emptyCell(row, col) {
      var td = document.createElement("td");
      td.className = "tt-cell";
      td.setAttribute("data-row", String(row));
      td.setAttribute("data-col", String(col));
      return td;
    }

    // Redraws only the moved session: its old cell becomes empty cells, its block takes the
    // empty cells where it now is. False when the page cannot be patched so: a session of the
    // tray may now fit where it left (the grid puts it there), or the new place is not free
    // on this grid (the grid puts one of the two in the tray).
    function patch(sessionId, answer, leftRoom, leftDay) {
      if (!answer.block) { return false; }
      var trayed = root.querySelectorAll(".tt-tray-item");
      for (var i = 0; i < trayed.length; i += 1) {
        if (trayed[i].getAttribute("data-session") !== String(sessionId) &&
            trayed[i].getAttribute("data-room") === leftRoom && trayed[i].getAttribute("data-day") === leftDay) {
          return false;
        }
      }
      var old = root.querySelector('.tt-block[data-session="' + sessionId + '"]');
      if (old && old.classList.contains("tt-tray-item")) {
        if (trayed.length === 1) { return false; }  // the tray's words change too
        old.parentNode.removeChild(old);
      } else if (old) {
        var cell = old.closest("td");
        var top = parseInt(cell.getAttribute("data-row"), 10);
        var col = parseInt(cell.getAttribute("data-col"), 10);
        var span = parseInt(cell.getAttribute("rowspan") || "1", 10);
        var first = rowCells(top);
        first.replaceChild(emptyCell(top, col), cell);
        for (var r = top + 1; r < top + span; r += 1) { insertCell(rowCells(r), emptyCell(r, col), col); }
      }
      var block = answer.block;
      var targets = [];
      for (var row = block.row; row < block.row + block.span; row += 1) {
        var target = root.querySelector('td.tt-cell[data-row="' + row + '"][data-col="' + block.column + '"]');
        if (!target || target.classList.contains("tt-filled")) { return false; }
        targets.push(target);
      }
      var holder = document.createElement("template");
      holder.innerHTML = "<table><tbody><tr>" + block.html + "</tr></tbody></table>";
      var drawn = holder.content.querySelector("td");
      targets[0].parentNode.replaceChild(drawn, targets[0]);
      targets.slice(1).forEach(function (target) { target.parentNode.removeChild(target); });
      return true;
    }

    // The answer's grid, the moved block put in place, or the day read again.
    function redraw(answer, sessionId, day, left) {
      if (answer.grid) {
        replaceGrid(answer.grid, sessionId);
      } else if (day !== viewDay() || !patch(sessionId, answer, left.room, left.day)) {
        return reload(day, sessionId);
      } else {
        focusBlock(sessionId);
      }
      return Promise.resolve();
    }

    // Where a session is now, as the tray's items and the answer's undo name it.
    function whereIs(sessionId) {
      var block = root.querySelector('.tt-block[data-session="' + sessionId + '"]');
      if (!block) { return {room: null, day: null}; }
      if (block.classList.contains("tt-tray-item")) {
        return {room: block.getAttribute("data-room"), day: block.getAttribute("data-day")};
      }
      var col = parseInt(block.getAttribute("data-col"), 10);
      return {room: roomOf(col), day: viewDay()};
    }

    return {redraw: redraw, whereIs: whereIs};
  };
})();
