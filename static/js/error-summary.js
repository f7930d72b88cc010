// A failed form's error summary takes the focus, so the first thing read and seen is what to fix;
// its links then move to the field itself (a plain #link scrolls there but leaves the focus behind).
// Without this script the summary is still the first thing inside the form.
(function () {
  "use strict";

  function focusSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (!summary) {
      return;
    }
    // Going back to a page keeps the browser's scroll position: do not take the focus then.
    var nav = window.performance && performance.getEntriesByType &&
      performance.getEntriesByType("navigation")[0];
    if (nav && nav.type === "back_forward") {
      return;
    }
    summary.focus();
    summary.scrollIntoView({ block: "start" });
  }

  function labelFor(target) {
    var fieldset = target.closest("fieldset");
    if ((target.type === "radio" || target.type === "checkbox") && fieldset &&
        fieldset.querySelector("legend")) {
      return fieldset.querySelector("legend");
    }
    return document.querySelector("label[for='" + target.id + "']") || target;
  }

  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(link.hash.slice(1)));
    if (!target) {
      return;
    }
    event.preventDefault();
    // Show the label (or the group's legend) with the field, not just the input.
    labelFor(target).scrollIntoView({ block: "start" });
    target.focus({ preventScroll: true });
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", focusSummary);
  } else {
    focusSummary();
  }
})();
