// Speaking-time budgets, live: rows marked data-running count their category's speaker's
// seconds on from the figures the server rendered (console and screen). On the room's screen
// the strip and the point-of-order note are rebuilt from each floor.json the screen receives.
(function () {
  "use strict";

  function format(seconds) {
    var sign = seconds < 0 ? "-" : "";
    var s = Math.abs(seconds);
    var rest = s % 60;
    return sign + Math.floor(s / 60) + ":" + (rest < 10 ? "0" : "") + rest;
  }

  function tick() {
    var now = Date.now();
    Array.prototype.forEach.call(document.querySelectorAll(".floor-budget"), function (row) {
      if (!row.dataset.seenAt) { row.dataset.seenAt = String(now); }
      var used = parseInt(row.dataset.used, 10);
      if (row.dataset.running === "true") {
        used += Math.floor((now - parseInt(row.dataset.seenAt, 10)) / 1000);
      }
      var left = parseInt(row.dataset.budget, 10) - used;
      var usedCell = row.querySelector(".floor-budget-used");
      var leftCell = row.querySelector(".floor-budget-left");
      if (usedCell && usedCell.textContent !== format(used)) { usedCell.textContent = format(used); }
      if (leftCell && leftCell.textContent !== format(left)) { leftCell.textContent = format(left); }
      row.classList.toggle("overrun", left < 0);
    });
  }

  function renderScreen(state) {
    var list = document.getElementById("floor-screen-budget-list");
    var section = document.getElementById("floor-screen-budgets");
    var budgets = state.budgets || [];
    if (list && section) {
      section.hidden = budgets.length === 0;
      list.replaceChildren.apply(list, budgets.map(function (b) {
        var li = document.createElement("li");
        li.className = "floor-budget";
        li.dataset.budget = String(b.budget_seconds);
        li.dataset.used = String(b.used_seconds);
        li.dataset.running = b.running ? "true" : "false";
        var name = document.createElement("span");
        name.className = "floor-budget-name";
        name.textContent = b.category;
        var left = document.createElement("span");
        left.className = "floor-budget-left";
        left.textContent = format(b.left_seconds);
        li.appendChild(name);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(left);
        return li;
      }));
    }
    var note = document.getElementById("floor-screen-interjection");
    if (!note) { return; }
    var ij = state.interjection;
    note.hidden = !ij;
    if (!ij) { note.replaceChildren(); return; }
    var label = document.createElement("strong");
    label.textContent = ij.kind === "order" ? note.dataset.textOrder : note.dataset.textReply;
    note.replaceChildren(label);
    if (ij.interrupted) {
      note.appendChild(document.createTextNode(" · " + note.dataset.textPaused
        .replace("{name}", ij.interrupted.name)
        .replace("{time}", format(ij.interrupted.elapsed_seconds))));
    }
  }

  var screen = document.getElementById("floor-screen");
  if (screen) {
    screen.addEventListener("floor:state", function (event) { renderScreen(event.detail); tick(); });
  }
  tick();
  window.setInterval(tick, 250);
}());
