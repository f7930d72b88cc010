// The desk without reloads: the code field's form is sent with fetch, the answer the server
// renders replaces the last one, and the field is empty and focused for the next badge. Scans
// that come faster than the answers (a USB scanner) are sent one after the other. Without this
// script, or when the answer is not the desk's JSON, the form posts as a plain page.
(function () {
  "use strict";
  var form = document.getElementById("desk-form");
  var field = document.getElementById("desk-code");
  var box = document.getElementById("desk-answer-box");
  if (!form || !field || !box || !window.fetch || !window.FormData) { return; }
  var queue = Promise.resolve();

  function send(data) {
    return fetch(form.action, {
      method: "POST", body: data, credentials: "same-origin",
      headers: { "Accept": "application/json" }
    }).then(function (response) {
      var type = response.headers.get("Content-Type") || "";
      if (!response.ok || type.indexOf("application/json") === -1) {
        throw new Error("not the desk's answer");
      }
      return response.json();
    }).then(function (answer) {
      box.innerHTML = answer.html;
      form.dispatchEvent(new CustomEvent("desk:answered", { detail: answer.outcome }));
    }).catch(function () {
      // Let the page itself answer (a lost session, a refused token...).
      field.value = data.get("code");
      form.submit();
    });
  }

  form.addEventListener("submit", function (event) {
    if (!field.value.trim()) { return; }  // the server says what is missing
    event.preventDefault();
    var data = new FormData(form);
    field.value = "";
    field.focus();
    queue = queue.then(function () { return send(data); });
  });
}());
