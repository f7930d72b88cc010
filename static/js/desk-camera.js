// The desk's camera: reads a badge's QR code and submits it in the code field, the field a
// USB scanner types into. The browser's BarcodeDetector where it reads QR codes, the shipped
// jsQR decoder (static/vendor/jsqr) otherwise. The camera stays on across the answers (desk.js
// shows them in place; without it the page reloads and the camera starts again); a badge is
// sent once, and again only after it left the view.
(function () {
  "use strict";
  var section = document.getElementById("desk-camera");
  var form = document.getElementById("desk-form");
  var field = document.getElementById("desk-code");
  if (!section || !form || !field || !navigator.mediaDevices ||
      !navigator.mediaDevices.getUserMedia || !window.sessionStorage) { return; }
  var toggle = document.getElementById("desk-camera-toggle");
  var video = document.getElementById("desk-camera-video");
  var status = document.getElementById("desk-camera-status");
  var ON_KEY = "eventapp-desk-camera";
  var LAST_KEY = "eventapp-desk-last-code";
  var MAX_WIDTH = 640;
  var canvas = document.createElement("canvas");
  var context = canvas.getContext("2d", { willReadFrequently: true });
  var stream = null;
  var detector = null;
  var sending = false;
  var emptyFrames = 0;
  var last = window.sessionStorage.getItem(LAST_KEY);

  section.hidden = false;

  function chooseDecoder() {
    section.dataset.decoder = "jsqr";
    if (!("BarcodeDetector" in window) || !window.BarcodeDetector.getSupportedFormats) {
      return Promise.resolve();
    }
    return window.BarcodeDetector.getSupportedFormats().then(function (formats) {
      if (formats.indexOf("qr_code") >= 0) {
        detector = new window.BarcodeDetector({ formats: ["qr_code"] });
        section.dataset.decoder = "native";
      }
    }).catch(function () {});
  }

  function found(text) {
    text = (text || "").trim();
    if (!text) { return seenNothing(); }
    emptyFrames = 0;
    if (sending || text === last) { return; }
    sending = true;
    last = text;
    window.sessionStorage.setItem(LAST_KEY, text);
    field.value = text;
    if (form.requestSubmit) { form.requestSubmit(); } else { form.submit(); }
  }

  form.addEventListener("desk:answered", function () { sending = false; });

  function seenNothing() {
    // A few frames without a code: the badge left the view, so it may be scanned again.
    emptyFrames += 1;
    if (emptyFrames > 8 && last) {
      last = null;
      window.sessionStorage.removeItem(LAST_KEY);
    }
  }

  function readFrame() {
    if (detector) {
      return detector.detect(video).then(function (codes) {
        if (codes.length) { found(codes[0].rawValue); } else { seenNothing(); }
      });
    }
    if (window.jsQR) {
      var scale = Math.min(1, MAX_WIDTH / video.videoWidth);
      canvas.width = Math.round(video.videoWidth * scale);
      canvas.height = Math.round(video.videoHeight * scale);
      context.drawImage(video, 0, 0, canvas.width, canvas.height);
      var image = context.getImageData(0, 0, canvas.width, canvas.height);
      var result = window.jsQR(image.data, image.width, image.height);
      if (result && result.data) { found(result.data); } else { seenNothing(); }
    }
    return Promise.resolve();
  }

  function scan() {
    if (!stream) { return; }
    var ready = !sending && video.readyState >= 2 && video.videoWidth > 0;
    (ready ? readFrame() : Promise.resolve())
      .catch(function () {})
      .then(function () { window.setTimeout(scan, 120); });
  }

  function start() {
    status.textContent = status.dataset.waiting;
    return chooseDecoder().then(function () {
      return navigator.mediaDevices.getUserMedia({
        video: { facingMode: "environment" }, audio: false
      });
    }).then(function (media) {
      stream = media;
      video.srcObject = media;
      video.hidden = false;
      window.sessionStorage.setItem(ON_KEY, "1");
      toggle.textContent = toggle.dataset.stop;
      section.dataset.state = "on";
      return video.play();
    }).then(scan).catch(function () {
      stop();
      status.textContent = status.dataset.refused;
    });
  }

  function stop() {
    if (stream) { stream.getTracks().forEach(function (track) { track.stop(); }); }
    stream = null;
    video.hidden = true;
    window.sessionStorage.removeItem(ON_KEY);
    toggle.textContent = toggle.dataset.start;
    section.dataset.state = "off";
    status.textContent = "";
  }

  toggle.addEventListener("click", function () {
    if (stream) { stop(); } else { start(); }
    field.focus();
  });

  if (window.sessionStorage.getItem(ON_KEY) === "1") { start(); }
}());
