// Shows each category quota in places while the organizer types ("20% of 150 = 30 places").
// The server renders the same text after saving and checks the same rules; this only saves
// a round trip.
(function () {
  "use strict";

  function plural(n) {
    return n === 1 ? "1 place" : n + " places";
  }

  function wholeNumber(input) {
    var text = (input && input.value || "").trim();
    return /^\d+$/.test(text) ? parseInt(text, 10) : null;
  }

  function describe(amount, unit, capacity) {
    if (amount === null) return "—";
    if (unit === "places") {
      if (capacity !== null && amount > capacity) {
        return plural(amount) + ": more than the capacity of " + plural(capacity);
      }
      return amount < 1 ? "at least 1 place" : plural(amount);
    }
    if (capacity === null) return amount + "% of no capacity: set a capacity first";
    if (amount < 1 || amount > 100) return "a percentage from 1 to 100";
    var places = Math.floor(capacity * amount / 100);
    var text = amount + "% of " + capacity + " = " + plural(places);
    return places === 0 ? text + ": too few" : text;
  }

  function init(table) {
    var capacityInput = document.getElementById(table.getAttribute("data-capacity-input"));
    var rows = table.querySelectorAll("[data-quota-row]");

    function update() {
      var capacity = wholeNumber(capacityInput);
      rows.forEach(function (row) {
        var amount = row.querySelector("input");
        var unit = row.querySelector("select");
        var output = row.querySelector("output");
        if (amount && unit && output) {
          output.textContent = describe(wholeNumber(amount), unit.value, capacity);
        }
      });
    }

    table.addEventListener("input", update);
    table.addEventListener("change", update);
    if (capacityInput) capacityInput.addEventListener("input", update);
    update();
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-quota-table]").forEach(init);
  });
})();
