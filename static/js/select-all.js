// Registrations list: a "select all on this page" box, and then the offer to act on every
// registration matching the filters. Without this script each row keeps its own checkbox and
// the "all matching" box is always shown, so the page works the same, only with more clicks.
(function () {
  "use strict";

  function init() {
    var pageBox = document.getElementById("select-page");
    var form = document.getElementById("bulk-form");
    if (!pageBox || !form) {
      return;
    }
    var rows = Array.prototype.slice.call(
      document.querySelectorAll('input[type="checkbox"][name="ids"][form="bulk-form"]')
    );
    var offer = form.querySelector(".all-matching");
    var allBox = offer ? offer.querySelector('input[type="checkbox"]') : null;
    var submit = form.querySelector('[type="submit"]');
    var submitLabel = submit ? submit.value : "";
    var total = parseInt(form.getAttribute("data-total"), 10) || 0;
    // The words come from the page, in its language.
    var applyAllLabel = form.getAttribute("data-apply-all") || submitLabel;
    var offerNeeded = total > rows.length;

    function refresh() {
      var ticked = rows.filter(function (box) { return box.checked; }).length;
      pageBox.checked = rows.length > 0 && ticked === rows.length;
      pageBox.indeterminate = ticked > 0 && ticked < rows.length;
      if (offer) {
        offer.hidden = !(offerNeeded && pageBox.checked);
        if (offer.hidden && allBox) {
          allBox.checked = false;
        }
      }
      if (submit) {
        submit.value = allBox && allBox.checked ? applyAllLabel : submitLabel;
      }
    }

    pageBox.hidden = false;
    pageBox.addEventListener("change", function () {
      rows.forEach(function (box) { box.checked = pageBox.checked; });
      refresh();
    });
    rows.forEach(function (box) { box.addEventListener("change", refresh); });
    if (allBox) {
      allBox.addEventListener("change", refresh);
    }
    refresh();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
