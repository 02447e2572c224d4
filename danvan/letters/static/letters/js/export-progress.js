/*
 * Progress of a background export: progressive enhancement only.
 *
 * Without this script the page shows the progress when it was loaded and a "Refresh" link.
 * With it, the page asks the server for the export's state every second (a same-origin
 * JSON request) and updates the bar, the text (a polite live region) and the heading; when the
 * file is ready the download link appears, and the polling stops.
 */
(function () {
  "use strict";

  var DELAY = 1000;

  function init(box) {
    var url = box.getAttribute("data-export-status");
    var bar = box.querySelector("progress");
    var text = box.querySelector("[data-export-text]");
    var label = box.querySelector("[data-export-label]");
    var download = box.querySelector("[data-export-download]");
    var refresh = box.querySelector("[data-export-refresh]");
    if (!url || !bar || !text || !window.fetch) {
      return;
    }

    function show(state) {
      bar.value = state.percent;
      bar.textContent = state.percent + "%";
      text.textContent = state.text;
      if (label) {
        label.textContent = state.label;
      }
      if (state.finished) {
        if (refresh) {
          refresh.hidden = true;
        }
        if (state.status === "failed") {
          // The failure's message and the way back are on the page itself.
          window.location.reload();
        } else if (download && state.download) {
          download.hidden = false;
        }
      }
    }

    function poll() {
      window
        .fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) {
          return response.ok ? response.json() : null;
        })
        .then(function (state) {
          if (state) {
            show(state);
          }
          if (!state || !state.finished) {
            window.setTimeout(poll, DELAY);
          }
        })
        .catch(function () {
          window.setTimeout(poll, DELAY * 2);
        });
    }

    window.setTimeout(poll, DELAY);
  }

  document.querySelectorAll("[data-export-status]").forEach(init);
})();
