// Shows each category quota in places while the organizer types ("20% of 150 = 30 places").
// The server renders the same text after saving and checks the same rules; this only saves
// a round trip. The sentences come in the page's language from the table's data-texts
// attribute (templates with %(name)s placeholders); English is the fallback.
(function () {
  "use strict";

  var texts = {
    place_one: "%(num)d place", place_other: "%(num)d places", zero_is_one: false,
    more: "%(places)s: more than the capacity of %(capacity)s", at_least: "at least 1 place",
    no_capacity: "%(amount)d%% of no capacity: set a capacity first",
    range: "a percentage from 1 to 100", share: "%(amount)d%% of %(capacity)d = %(places)s",
    too_few: "%(text)s: too few"
  };

  function fill(template, values) {
    return template.replace(/%\((\w+)\)[sd]/g, function (whole, name) {
      return Object.prototype.hasOwnProperty.call(values, name) ? String(values[name]) : whole;
    }).replace(/%%/g, "%");
  }

  function plural(n) {
    var one = n === 1 || (n === 0 && texts.zero_is_one);
    return fill(one ? texts.place_one : texts.place_other, {num: n});
  }

  function wholeNumber(input) {
    var text = (input && input.value || "").trim();
    return /^\d+$/.test(text) ? parseInt(text, 10) : null;
  }

  function describe(amount, unit, capacity) {
    if (amount === null) return "—";
    if (unit === "places") {
      if (capacity !== null && amount > capacity) {
        return fill(texts.more, {places: plural(amount), capacity: plural(capacity)});
      }
      return amount < 1 ? fill(texts.at_least, {}) : plural(amount);
    }
    if (capacity === null) return fill(texts.no_capacity, {amount: amount});
    if (amount < 1 || amount > 100) return fill(texts.range, {});
    var places = Math.floor(capacity * amount / 100);
    var text = fill(texts.share, {amount: amount, capacity: capacity, places: plural(places)});
    return places === 0 ? fill(texts.too_few, {text: text}) : text;
  }

  function readTexts(table) {
    try {
      var given = JSON.parse(table.getAttribute("data-texts") || "{}");
      Object.keys(given).forEach(function (key) { texts[key] = given[key]; });
    } catch (e) {
      // Malformed attribute: keep the English sentences.
    }
  }

  function init(table) {
    readTexts(table);
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
